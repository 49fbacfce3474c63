package com.tickstock.console.republish;

import com.tickstock.console.supervision.Backoff;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import reactor.core.Disposable;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Owns the Lettuce client and its one connection, and says whether it is usable and why not.
 *
 * <p>The first connection is made by {@link #poll} with capped, jittered backoff (Redis may be down when the
 * console starts). Once made, Lettuce's own watchdog reconnects it, replays commands that were in flight
 * (at-least-once) and reports failed attempts as events, which only update {@link #lastError()} and wake the
 * publisher.
 *
 * <p>Threads: {@link #poll}, {@link #writableChannel} and {@link #close} on the publisher thread only. The volatile
 * error fields are also written by Lettuce's event thread, and read by anyone building a status.
 */
final class RedisConnector implements RedisLink {

    private static final System.Logger LOG = System.getLogger(RedisConnector.class.getName());
    /**
     * Both the first connection and Lettuce's reconnects after it wait by this. A short cap: the buffer absorbs
     * the outage, and an operator who restarts Redis wants to see it resume soon.
     */
    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Backoff.Jitter.EQUAL);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final RedisEndpoint endpoint;
    private final Runnable wakePublisher;
    private final ClientResources resources;
    private final RedisClient client;
    private final Disposable events;
    private final RedisTopology topology;

    /** The newest netty channel Lettuce made (I/O thread writes at each (re)connect, the publisher reads). */
    private volatile Channel latestChannel;

    // Publisher thread only.
    private StatefulRedisConnection<byte[], byte[]> connection;
    private ConnectionFuture<StatefulRedisConnection<byte[], byte[]>> pending;
    private final ConnectAttempts attempts = new ConnectAttempts();

    /** The latest connection problem; written by the publisher, event and I/O threads. */
    private final ConnectionProblem problem;

    RedisConnector(RedisEndpoint endpoint, Runnable wakePublisher) {
        this(endpoint, wakePublisher, new RedisTopology(endpoint), false);
    }

    /**
     * @param ownReplays with replica confirmation: commands unanswered when a connection breaks fail (and the
     *                   publisher re-sends them in entry-ID order, each group followed by its WAIT) instead of
     *                   being replayed by Lettuce, whose replay would put them after newer entries
     */
    RedisConnector(RedisEndpoint endpoint, Runnable wakePublisher, RedisTopology topology, boolean ownReplays) {
        this.endpoint = endpoint;
        this.problem = new ConnectionProblem(endpoint, "Redis");
        this.wakePublisher = wakePublisher;
        this.topology = topology;
        this.resources = ClientResources.builder()
                // One connection needs one I/O thread; Lettuce's minimum is 2, and more would only be idle.
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(new BackoffDelay(BACKOFF))
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .timer(RedisTimer.shared())
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        latestChannel = channel;
                    }
                })
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Commands sent while disconnected wait in Lettuce's queue and are replayed; the publisher
                // bounds how many can be in flight, so that queue stays small.
                .disconnectedBehavior(ownReplays ? ClientOptions.DisconnectedBehavior.REJECT_COMMANDS
                        : ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true)
                        .tcpNoDelay(true).build())
                .sslOptions(SslOptions.builder().jdkSslProvider().handshakeTimeout(CONNECT_TIMEOUT).build())
                // The in-flight bound keeps the command stack small, so a plain ArrayDeque beats the default
                // hash-indexed queue, whose O(1) remove costs a HashMap put and remove on every command.
                .useHashIndexQueue(false)
                // No command timeouts: an unanswered PUBLISH is either answered after a reconnect or counted at close.
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build());
        this.events = resources.eventBus().get().subscribe(this::onEvent);
    }

    /** Starts or completes the first connection attempt when due. Publisher thread only. */
    @Override
    public void poll(long nowNanos) {
        if (connection != null) {
            return;
        }
        if (pending != null) {
            if (!pending.isDone()) {
                return;
            }
            // Auto-flush stays on: batches are written and flushed on the channel directly, and a command
            // Lettuce buffers with auto-flush off is stranded if the connection drops before the flush.
            connection = attempts.settle(pending, problem, nowNanos);
            pending = null;
            if (connection != null) {
                LOG.log(System.Logger.Level.INFO, "Republishing ticks to Redis at {0}", endpoint.masked());
            }
            return;
        }
        if (attempts.due(nowNanos)) {
            startConnecting();
        }
    }

    // The outcome, failure included, is read from pending by the next poll; the stage whenComplete returns only
    // wakes the publisher to do that poll and carries nothing else.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void startConnecting() {
        pending = client.connectAsync(ByteArrayCodec.INSTANCE, toRedisUri(endpoint));
        pending.whenComplete((c, e) -> wakePublisher.run());
    }

    /** Whether commands can be written now. Publisher thread only. */
    @Override
    public boolean isUsable() {
        return writableChannel() != null;
    }

    /**
     * The channel to write batches to, or null when Lettuce's connection is not active on it (no connection yet,
     * reconnecting, or the handshake on a new channel still running). Publisher thread only.
     */
    @Override
    public Channel writableChannel() {
        Channel channel = latestChannel;
        if (connection == null || channel == null || !connection.isOpen() || !channel.isActive()
                || channel != latestChannel) {
            return null;
        }
        // Lettuce's look-up of the master opens a channel to a sentinel on this client before the data channel:
        // never write ticks to a sentinel (the data channel replaces it a moment later).
        if (endpoint.sentinel() && topology.isSentinel(channel.remoteAddress())) {
            return null;
        }
        return channel;
    }

    @Override
    public StatefulConnection<byte[], byte[]> writableConnection() {
        return writableChannel() == null ? null : connection;
    }

    /** Closes the current channel so that Lettuce reconnects and re-sends what was not answered. */
    // A close cannot fail in a way that matters here: Lettuce sees the channel go inactive either way and reconnects.
    @SuppressWarnings("FutureReturnValueIgnored")
    @Override
    public void dropChannel() {
        Channel channel = latestChannel;
        if (channel != null) {
            channel.close();
        }
    }

    /** Nanoseconds until the next first-connection attempt, or a large value when none is scheduled. */
    @Override
    public long nanosToNextAttempt(long nowNanos) {
        return connection == null && pending == null ? attempts.nanosToNext(nowNanos) : Long.MAX_VALUE;
    }

    @Override
    public ConnectionProblem problem() {
        return problem;
    }

    RedisTopology topology() {
        return topology;
    }

    /** Closes the connection (Lettuce cancels what is still in flight) and releases the threads. */
    @Override
    public void close() {
        LettuceShutdown.closeConnector(events, pending, connection, client, resources);
    }

    private void onEvent(Event event) {
        if (event instanceof ReconnectFailedEvent) {
            problem.record(((ReconnectFailedEvent) event).getCause());
        } else if (event instanceof ConnectionActivatedEvent activated) {
            topology.activated(activated.remoteAddress(), System.nanoTime());
            problem.connected();
            wakePublisher.run();
        } else if (event instanceof ConnectionDeactivatedEvent deactivated) {
            topology.deactivated(deactivated.remoteAddress(), System.nanoTime());
            wakePublisher.run();
        }
    }

    record Failure(String message, boolean needsOperator) {
    }

    /** Turns Lettuce's wrapped exceptions into one line an operator can act on. */
    static Failure describe(Throwable failure) {
        String root = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.contains("invalid password")
                    || message.startsWith("NOPERM")) {
                return new Failure("authentication failed (" + message.trim()
                        + "); check the user and password in REDIS_URL", true);
            }
            if (t instanceof SSLException) {
                return new Failure("TLS handshake failed (" + message + "); check rediss:// against the server's"
                        + " TLS port and certificate", true);
            }
            if (t instanceof UnknownHostException) {
                return new Failure("unknown host (" + message + ")", true);
            }
            if (t instanceof ConnectException) {
                return new Failure("connection refused or unreachable (" + message + ")", false);
            }
            if (t.getCause() == null || t.getCause() == t) {
                root = t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
            }
        }
        return new Failure(root == null ? "connection failed" : root, false);
    }

    static RedisURI toRedisUri(RedisEndpoint endpoint) {
        if (endpoint.cluster()) {
            // One node's URI would make a plain client talk to that node alone: never a silent fallback.
            throw new IllegalArgumentException("REDIS_URL '" + endpoint.masked() + "' is a Redis Cluster"
                    + " (redis-cluster://); only the tick republisher supports it, this part needs a single Redis"
                    + " or a Sentinel address");
        }
        RedisURI.Builder uri;
        if (endpoint.sentinel()) {
            // Lettuce's own Sentinel support: it asks these sentinels for the master at every connect and reconnect.
            InetSocketAddress first = endpoint.sentinels().get(0);
            uri = RedisURI.Builder.sentinel(first.getHostString(), first.getPort(), endpoint.master());
            for (InetSocketAddress sentinel : endpoint.sentinels().subList(1, endpoint.sentinels().size())) {
                uri.withSentinel(sentinel.getHostString(), sentinel.getPort());
            }
        } else {
            uri = RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port());
        }
        uri.withDatabase(endpoint.database())
                .withClientName("tickstock-console")
                // Bounds the handshake (HELLO/AUTH/SELECT), not the PUBLISH commands.
                .withTimeout(CONNECT_TIMEOUT);
        applyTlsAndCredentials(uri, endpoint);
        return uri.build();
    }

    /** TLS (with its peer verification) and the ACL user or password of {@code endpoint}, onto a Lettuce URI. */
    static void applyTlsAndCredentials(RedisURI.Builder uri, RedisEndpoint endpoint) {
        uri.withSsl(endpoint.tls());
        if (endpoint.tls()) {
            uri.withVerifyPeer(switch (endpoint.verifyPeer()) {
                case FULL -> SslVerifyMode.FULL;
                case CA -> SslVerifyMode.CA;
                case NONE -> SslVerifyMode.NONE;
            });
        }
        if (endpoint.password() != null) {
            if (endpoint.username() != null) {
                uri.withAuthentication(endpoint.username(), endpoint.password());
            } else {
                uri.withPassword(endpoint.password().toCharArray());
            }
        }
    }
}
