package com.tickstock.console.simulator;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Massive stocks WebSocket server on 127.0.0.1: the live session protocol (status
 * frames, auth, subscribe acks, connection limits) over a synthetic market, with per-connection
 * fault injection and exact counters of everything sent.
 *
 * <pre>{@code
 * try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults())) {
 *     URI url = sim.url();                       // ws://127.0.0.1:<port>/stocks
 *     // ... connect a client, auth with SimulatorConfig.DEV_API_KEY, subscribe ...
 *     SimConnection c = sim.awaitSubscribed(1, Duration.ofSeconds(10)).get(0);
 *     c.dropAbruptly().get(10, SECONDS);         // TCP drop, no close frame
 *     long trades = c.counters().events(EventType.TRADE);
 * }
 * }</pre>
 *
 * <p>Threads: each connection has one sender thread ({@code tickstock-sim-<n>-conn-<id>}); Grizzly
 * runs one selector and a few worker threads ({@code tickstock-sim-<n>-...}). All are daemons and
 * all are gone when {@link #close()} returns or shortly after. Every public method is thread-safe.
 */
public final class SimulatorServer implements AutoCloseable {

    /** The endpoint path, as on the live service for the stocks market. */
    public static final String PATH = "/stocks";
    public static final String HOST = "127.0.0.1";

    private static final System.Logger LOG = System.getLogger(SimulatorServer.class.getName());
    private static final AtomicInteger SERVERS = new AtomicInteger();
    private static final Duration SENDER_JOIN = Duration.ofSeconds(5);

    private final ServerContext context;
    private final String threadPrefix;
    private final LoopbackServerContainer container;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port;

    private SimulatorServer(SimulatorConfig config) {
        this.context = new ServerContext(config, config.fullMarketTickers() == 0 ? SymbolUniverse.standard()
                : SymbolUniverse.fullMarket(config.fullMarketTickers()));
        this.threadPrefix = "tickstock-sim-" + SERVERS.incrementAndGet();
        this.container = new LoopbackServerContainer(HOST, threadPrefix);
    }

    /** Starts a server; returns once it accepts connections. */
    public static SimulatorServer start(SimulatorConfig config) throws IOException {
        SimulatorServer server = new SimulatorServer(config);
        server.startContainer();
        return server;
    }

    private void startContainer() throws IOException {
        container.serve(SimEndpoint.class, new SimEndpoint(this), PATH, context.config().port(),
                "the simulator endpoint");
        port = container.getPort();
        LOG.log(System.Logger.Level.INFO, "Massive simulator listening on " + url() + " with " + context.config());
    }

    public SimulatorConfig config() {
        return context.config();
    }

    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:<port>/stocks} */
    public URI url() {
        return URI.create("ws://" + HOST + ":" + port + PATH);
    }

    /** Every connection accepted so far, in accept order, closed ones included. */
    public List<SimConnection> connections() {
        return context.registry().all();
    }

    /** The {@code id}-th accepted connection (1-based); throws if there is none yet. */
    public SimConnection connection(int id) {
        SimConnection c = context.registry().byId(id);
        if (c == null) {
            throw new IllegalArgumentException("no connection #" + id + " (accepted so far: " + connections().size() + ")");
        }
        return c;
    }

    /** Waits for the {@code id}-th connection to be accepted. */
    public SimConnection awaitConnection(int id, Duration timeout) {
        context.registry().await(() -> context.registry().byId(id) != null, timeout, "connection #" + id);
        return connection(id);
    }

    /** Waits until at least {@code count} connections are open and authenticated; returns them in accept order. */
    public List<SimConnection> awaitAuthenticated(int count, Duration timeout) {
        return context.registry().awaitMatching(count,
                c -> c.state() == SimConnection.State.AUTHENTICATED, timeout, "authenticated");
    }

    /** Waits until at least {@code count} open connections hold a subscription; returns them in accept order. */
    public List<SimConnection> awaitSubscribed(int count, Duration timeout) {
        return context.registry().awaitMatching(count,
                c -> c.state() == SimConnection.State.AUTHENTICATED && !c.subscriptions().isEmpty(),
                timeout, "subscribed");
    }

    /** Faults injected by the command line's schedule ({@link SimulatorConfig#faultPlan()}), by option. */
    public InjectedFaults injectedFaults() {
        return context.injectedFaults();
    }

    /** Sums over all connections, closed ones included. */
    public SentCounters totals() {
        return context.totals();
    }

    /** Name prefix of every thread this server runs ({@code tickstock-sim-<n>}). */
    String threadPrefix() {
        return threadPrefix;
    }

    /** Grizzly worker thread, from {@link SimEndpoint#onOpen}. */
    SimConnection accept(Session session, TransportControl transport) {
        if (context.closing()) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down"));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a late session", e);
            }
            return null;
        }
        if (!transport.attached()) {
            LOG.log(System.Logger.Level.WARNING, "no TCP connection found for a session; transport faults will fail");
        }
        SimConnection conn = context.registry().register(id -> new SimConnection(id, context.registry()));
        Thread sender = new Thread(new SessionLoop(conn, session, transport, context), threadPrefix + "-conn-" + conn.id());
        sender.setDaemon(true);
        conn.startSender(sender);
        return conn;
    }

    /**
     * Closes every connection (1001 going away), releases the port and returns once the server's
     * threads have ended (waiting at most a few seconds for each group). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.markClosing();
        List<SimConnection> all = context.registry().all();
        for (SimConnection c : all) {
            c.enqueue(new Command.Shutdown());
        }
        long deadline = System.nanoTime() + SENDER_JOIN.toNanos();
        for (SimConnection c : all) {
            Thread t = c.sender();
            if (t == null) {
                continue;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        container.stop();
        try {
            if (!container.awaitThreadsGone(System.nanoTime() + SENDER_JOIN.toNanos())) {
                LOG.log(System.Logger.Level.WARNING, "some Grizzly threads of " + threadPrefix + " outlived close()");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "Massive simulator on port " + port + " closed; sent " + context.totals());
    }
}
