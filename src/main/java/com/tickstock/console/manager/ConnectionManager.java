package com.tickstock.console.manager;

import com.tickstock.console.config.Tickers;
import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnection;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.supervision.PartFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds the configured feed connections and their lifecycle; routing each ticker to exactly one
 * of them ({@link TickerRouter}), fanning their market data out to consumers ({@link TickFanOut})
 * and publishing health ({@link HealthPublisher}) are done by its parts, behind this one API.
 *
 * <p>Threads: every method may be called from any thread. The connections map never changes
 * after construction; each part says how it shares its own state.
 */
public final class ConnectionManager implements AutoCloseable {

    /** How long a connect, disconnect or reconnect may wait to be taken by a connection's control thread. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, FeedConnection> connections;
    private final Map<String, String> universeKeys;
    private final Set<EventType> eventTypes;
    private final TickerRouter router;
    private final TickFanOut fanOut = new TickFanOut();
    private final HealthPublisher health;
    /** Notified on every state change of any connection (on its control thread), for {@link #awaitSettled}. */
    private final Object settleMonitor = new Object();

    public ConnectionManager(List<ManagedConnectionSpec> specs, Set<EventType> eventTypes, int capacityPerConnection) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no connection configured");
        }
        if (eventTypes.isEmpty() || eventTypes.contains(EventType.STATUS)) {
            throw new IllegalArgumentException("event types to subscribe must be market-data types, were " + eventTypes);
        }
        this.eventTypes = Set.copyOf(eventTypes);
        Map<String, FeedConnection> byId = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
                // Learnt before consumers see the batch, so a lookup never misses a ticker a consumer has shown.
                learnTickers(batch);
                fanOut.accept(batch);
            }

            @Override
            public void onStateChange(StateChange change) {
                synchronized (settleMonitor) {
                    settleMonitor.notifyAll();
                }
            }

            /**
             * Never waits, so each connection delivers on its socket thread: learning a ticker is a concurrent-map
             * put (and, on an all-ticker connection, a fold under the router's lock at most every 100 ms, a lock held
             * only for in-memory work), DIRECT consumers must not block by their contract and QUEUED ones are offered
             * to their own bounded queues.
             */
            @Override
            public boolean mayBlock() {
                return false;
            }
        };
        Set<String> allTickerIds = new java.util.HashSet<>();
        for (ManagedConnectionSpec spec : specs) {
            if (spec.allTickers()) {
                allTickerIds.add(spec.id());
            }
            if (keys.put(spec.id(), spec.allTickers() ? Tickers.ALL : spec.universeKey()) != null) {
                throw new IllegalArgumentException("connection id " + spec.id() + " configured twice");
            }
        }
        for (ManagedConnectionSpec spec : specs) {
            FeedConnection connection = new FeedConnection(spec.feed());
            connection.addListener(listener);
            byId.put(spec.id(), connection);
        }
        this.connections = Collections.unmodifiableMap(byId);
        for (FeedConnection connection : connections.values()) {
            connection.setOtherSocketsOpen(() -> socketsOpenBesides(connection));
        }
        this.universeKeys = Collections.unmodifiableMap(keys);
        this.router = new TickerRouter(connections, this.eventTypes, capacityPerConnection, allTickerIds);
        try {
            for (ManagedConnectionSpec spec : specs) {
                router.assignConfigured(spec.id(), spec.tickers());
            }
        } catch (RuntimeException e) {
            // Each connection started its threads when it was made; nobody else can close them now.
            connections.values().forEach(FeedConnection::close);
            throw e;
        }
        this.health = new HealthPublisher(this::connectionHealth, fanOut::stats);
        health.start();
    }

    // =====================================================================================
    // Lifecycle
    // =====================================================================================

    /** Connects every connection at once; returns when each has been asked to (not when it streams). */
    public void connect() {
        // The futures complete on the connections' control threads; join only waits for them.
        CompletableFuture.allOf(connections.values().stream().map(FeedConnection::connect)
                .toArray(CompletableFuture[]::new)).join();
    }

    public void disconnect() {
        CompletableFuture.allOf(connections.values().stream().map(FeedConnection::disconnect)
                .toArray(CompletableFuture[]::new)).join();
    }

    public void connect(String connectionId) {
        awaitCommand(connectionId, "connect", connection(connectionId).connect());
    }

    public void disconnect(String connectionId) {
        awaitCommand(connectionId, "disconnect", connection(connectionId).disconnect());
    }

    public void reconnect(String connectionId) {
        awaitCommand(connectionId, "reconnect", connection(connectionId).reconnect());
    }

    /**
     * Waits for a command to be taken by the connection's control thread, which only queues work: a wait past
     * {@link #COMMAND_TIMEOUT} means that thread is stuck or gone, and the caller (an operator's action, a plant
     * command) is told so instead of hanging.
     */
    private static void awaitCommand(String connectionId, String what, CompletableFuture<Void> command) {
        try {
            command.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " of " + connectionId + " was not taken within "
                    + COMMAND_TIMEOUT.toSeconds() + " s: its control thread is not answering", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " of " + connectionId + " interrupted", e);
        }
    }

    /**
     * Waits up to {@code timeout} for every connection to stream, or to give up. Returns each
     * connection's state at the end — a partial failure shows as some FAILED, some STREAMING.
     */
    public Map<String, ConnectionState> awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settleMonitor) {
            while (!isSettled(states())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                // Woken by every state change (see the constructor); the timeout only bounds the wait.
                TimeUnit.NANOSECONDS.timedWait(settleMonitor, left);
            }
        }
        return states();
    }

    private static boolean isSettled(Map<String, ConnectionState> states) {
        return states.values().stream().allMatch(s -> s == ConnectionState.STREAMING
                || s == ConnectionState.FAILED || s == ConnectionState.DISCONNECTED);
    }

    /**
     * Sockets our other connections hold open (or are opening) to the feed: what a connection-limit kick on {@code
     * one} can say about our own share of the account's connections. Any thread: reads published states only.
     */
    private int socketsOpenBesides(FeedConnection one) {
        int n = 0;
        for (FeedConnection other : connections.values()) {
            if (other != one && other.state().isLive()) {
                n++;
            }
        }
        return n;
    }

    public Map<String, ConnectionState> states() {
        Map<String, ConnectionState> states = new LinkedHashMap<>();
        connections.forEach((id, connection) -> states.put(id, connection.state()));
        return states;
    }

    /**
     * Stops publishing health, closes every connection (letting consumers take what is queued) and
     * leaves a final health snapshot. The connections close at once, each on a thread of its own:
     * a close waits up to seconds for its socket, and must not hold the common ForkJoinPool's few
     * threads (one on a two-core machine) that other parts of the process rely on.
     */
    @Override
    public void close() {
        health.stop();
        List<Thread> closers = new ArrayList<>();
        connections.forEach((id, connection) -> {
            Thread closer = PartFailures.process().newThread("manager", "manager-close-" + id, connection::close);
            closer.start();
            closers.add(closer);
        });
        boolean interrupted = false;
        for (Thread closer : closers) {
            while (true) {
                try {
                    // Bounded: each connection bounds its own close.
                    closer.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        fanOut.close();
        health.refresh();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // =====================================================================================
    // Routing: subscribe, unsubscribe, move
    // =====================================================================================

    /**
     * Adds tickers: each new one goes to the least-loaded streaming connection with room (any
     * connection still trying, if none streams). Duplicates and already-carried tickers are
     * reported, not re-sent; tickers that cannot be placed are rejected with the reason.
     */
    public SubscribeResult subscribe(Collection<String> tickers) {
        return router.subscribe(tickers);
    }

    /** Removes tickers from whichever connection carries them; returns ticker → connection it left. */
    public Map<String, String> unsubscribe(Collection<String> tickers) {
        return router.unsubscribe(tickers);
    }

    /**
     * Moves a ticker to another connection. Throws {@link IllegalArgumentException} naming the
     * problem: unknown ticker or connection, already there, or no room.
     */
    public void move(String ticker, String toConnectionId) {
        router.move(ticker, toConnectionId);
    }

    // =====================================================================================
    // The seed's queries (thread-safe, lock-free)
    // =====================================================================================

    /** The seed's {@code get_ticker_assignment}. */
    public Optional<String> tickerAssignment(String ticker) {
        return Optional.ofNullable(router.assignment(ticker));
    }

    /** The seed's {@code get_connection_tickers}; throws for an unknown connection id. */
    public Set<String> connectionTickers(String connectionId) {
        connection(connectionId);
        return router.routingNow().tickersOf(connectionId);
    }

    public TickerRouting routing() {
        return router.routing();
    }

    /**
     * Whether the connection subscribes every ticker ({@code WEBSOCKET_CONNECTION_<N>_SYMBOLS=*}): its tickers are
     * those seen so far, and single tickers are not subscribed, unsubscribed or moved on it.
     */
    public boolean carriesAllTickers(String connectionId) {
        return router.carriesAllTickers(connectionId);
    }

    /**
     * {@code routing}'s assignments without the tickers of all-ticker connections: what operators chose and can
     * change (restoring an assignment or comparing it with the configuration must not treat tickers that merely traded
     * on a {@code *} connection as added by hand).
     */
    public Map<String, String> chosenAssignments(TickerRouting routing) {
        Map<String, String> chosen = new LinkedHashMap<>();
        routing.assignments().forEach((ticker, id) -> {
            if (!router.carriesAllTickers(id)) {
                chosen.put(ticker, id);
            }
        });
        return chosen;
    }

    /** On a connection's delivering thread (socket or dispatch); the router is built before any connection connects. */
    private void learnTickers(EventBatch batch) {
        router.learn(batch);
    }

    /**
     * The seed's {@code get_health_status}: the newest snapshot, at most ~250 ms old (built on the caller's thread
     * when none is that recent, i.e. when no health listener keeps them coming).
     */
    public HealthSnapshot health() {
        return health.latest();
    }

    /** A snapshot built now, for callers that must see their own last action. */
    public HealthSnapshot healthNow() {
        return health.buildNow();
    }

    public Set<String> connectionIds() {
        return connections.keySet();
    }

    public FeedConnection connection(String connectionId) {
        FeedConnection connection = connections.get(connectionId);
        if (connection == null) {
            throw unknownConnection(connectionId, connections.keySet());
        }
        return connection;
    }

    static IllegalArgumentException unknownConnection(String connectionId, Set<String> configured) {
        return new IllegalArgumentException("unknown connection '" + connectionId + "'; configured: " + configured);
    }

    public Set<EventType> eventTypes() {
        return eventTypes;
    }

    private Map<String, ConnectionHealth> connectionHealth() {
        TickerRouting routing = router.routingNow();
        Map<String, ConnectionHealth> byId = new LinkedHashMap<>();
        connections.forEach((id, connection) -> byId.put(id,
                new ConnectionHealth(connection.snapshot(), universeKeys.get(id), routing.load(id))));
        return byId;
    }

    // =====================================================================================
    // Registrations: each returns a handle whose close() removes it
    // =====================================================================================

    /** Registers a consumer of every connection's market data; closing the handle removes it. */
    public Registration addConsumer(String name, TickConsumer consumer, TickConsumer.Delivery delivery) {
        return fanOut.add(name, consumer, delivery);
    }

    /**
     * State changes of every connection, on that connection's control thread: return quickly.
     * Closing the handle removes the listener from every connection.
     */
    public Registration addStateListener(ConnectionListener listener) {
        StateForwarder forwarder = new StateForwarder(listener);
        connections.values().forEach(c -> c.addListener(forwarder));
        return Registration.once(() -> {
            forwarder.removed = true;
            connections.values().forEach(c -> c.removeListener(forwarder));
        });
    }

    /** Passes on state changes only (market data goes to consumers) until its registration is closed. */
    private static final class StateForwarder implements ConnectionListener {
        private final ConnectionListener listener;
        /** Written by whoever closes the registration, read on the control threads. */
        private volatile boolean removed;

        StateForwarder(ConnectionListener listener) {
            this.listener = listener;
        }

        @Override
        public void onStateChange(StateChange change) {
            // A control thread may still iterate a listener list it copied before the removal.
            if (!removed) {
                listener.onStateChange(change);
            }
        }

        /** It takes no market data: a state listener (the window's, the plant's) must not move delivery off the socket thread. */
        @Override
        public boolean mayBlock() {
            return false;
        }
    }

    /**
     * Adds a part of the health snapshot that lives outside the manager, e.g. {@code redis} for the
     * republisher, so every reader of the snapshot (window, status endpoint) sees it. The supplier is
     * called whenever a snapshot is built, on the building thread: it must be cheap and thread-safe.
     * Closing the handle drops the section from later snapshots.
     */
    public Registration addHealthSection(String key, Supplier<Map<String, Object>> section) {
        return health.addSection(key, section);
    }

    /**
     * Called with every published health snapshot on the {@code manager-health} thread until the
     * handle is closed.
     */
    public Registration addHealthListener(Consumer<HealthSnapshot> listener) {
        return health.addListener(listener);
    }
}
