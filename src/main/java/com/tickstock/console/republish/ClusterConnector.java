package com.tickstock.console.republish;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.Channel;
import reactor.core.Disposable;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The republisher's way to a Redis Cluster ({@code redis-cluster://}): Lettuce's own {@link RedisClusterClient},
 * which discovers the nodes from the seeds, refreshes the topology periodically and when Redis redirects
 * (MOVED/ASK, which it follows itself), and routes each command to the node that owns its key's slot. No slot or
 * topology logic here.
 *
 * <p>Commands are the publisher's pre-rendered frames, dispatched on Lettuce's cluster connection, which routes each by
 * its key; pipelined: auto-flush is off and each batch ends with one
 * {@link StatefulRedisClusterConnection#flushCommands()}. A command Lettuce re-sends on its own (after a redirect
 * or a reconnect) is flushed by {@link #flush()}, which the publisher calls while anything is in flight. Stream
 * mode writes {@code XADD} to each shard's stream; Pub/Sub mode uses sharded Pub/Sub ({@code SPUBLISH}, Redis 7),
 * so a message reaches only the node that owns its channel's slot.
 *
 * <p>Threads: {@link #poll}, {@link #send}, {@link #flush} and {@link #close} on the publisher thread only. The
 * error fields are also written by Lettuce's event and I/O threads (volatile), and read by anyone.
 */
final class ClusterConnector implements RedisLink {

    private static final System.Logger LOG = System.getLogger(ClusterConnector.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Lettuce re-reads the topology this often even when nothing redirects (a node added elsewhere). */
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(30);

    private final RedisEndpoint endpoint;
    private final Runnable wakePublisher;
    private final ClientResources resources;
    private final RedisClusterClient client;
    private final Disposable events;
    /** Each shard's stream or sharded channel, indexed by {@link PublishCommand#shard()}. */
    private final byte[][] targets;
    /**
     * Each shard's key as the only argument: what Lettuce's cluster writer reads to route a pre-rendered
     * {@link PublishCommand} to the slot's owner. Read-only once made; shared by every command of the shard.
     */
    private final List<CommandArgs<byte[], byte[]>> routing = new ArrayList<>();

    // Publisher thread only.
    private StatefulRedisClusterConnection<byte[], byte[]> connection;
    private CompletableFuture<StatefulRedisClusterConnection<byte[], byte[]>> pending;
    private final ConnectAttempts attempts = new ConnectAttempts();

    /** Cluster nodes Lettuce knows (masters and replicas), -1 before the first connection. Publisher writes. */
    private volatile int nodes = -1;
    /** The latest connection problem; written by the publisher, event and I/O threads. */
    private final ConnectionProblem problem;

    /**
     * @param targets the shard channels or streams, from {@link RepublisherConfig#shardName}
     */
    ClusterConnector(RedisEndpoint endpoint, Runnable wakePublisher, List<String> targets) {
        if (!endpoint.cluster()) {
            throw new IllegalArgumentException("not a redis-cluster:// address: " + endpoint.masked());
        }
        this.endpoint = endpoint;
        this.problem = new ConnectionProblem(endpoint, "Redis Cluster");
        this.wakePublisher = wakePublisher;
        this.targets = new byte[targets.size()][];
        for (int i = 0; i < targets.size(); i++) {
            this.targets[i] = targets.get(i).getBytes(StandardCharsets.UTF_8);
            routing.add(new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(this.targets[i]));
        }
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(new BackoffDelay(RedisConnector.BACKOFF))
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .timer(RedisTimer.shared())
                .build();
        this.client = RedisClusterClient.create(resources, seedUris(endpoint, CONNECT_TIMEOUT));
        client.setOptions(options(CONNECT_TIMEOUT));
        this.events = resources.eventBus().get().subscribe(this::onEvent);
    }

    /** Lettuce's cluster options as the republisher and the start check use them. */
    static ClusterClientOptions options(Duration connectTimeout) {
        return ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(PERIODIC_REFRESH)
                        // MOVED, ASK, reconnects, unknown nodes: refresh at once rather than at the next period.
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).tcpNoDelay(true)
                        .build())
                .sslOptions(SslOptions.builder().jdkSslProvider().handshakeTimeout(connectTimeout).build())
                // No command timeouts, as for a single Redis: an unanswered command is answered after a reconnect.
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build();
    }

    /** One Lettuce URI per seed node, each with the URL's credentials and TLS settings. */
    static List<RedisURI> seedUris(RedisEndpoint endpoint, Duration timeout) {
        List<RedisURI> uris = new ArrayList<>();
        for (InetSocketAddress seed : endpoint.seeds()) {
            RedisURI.Builder uri = RedisURI.builder().withHost(seed.getHostString()).withPort(seed.getPort())
                    .withClientName("tickstock-console").withTimeout(timeout);
            RedisConnector.applyTlsAndCredentials(uri, endpoint);
            uris.add(uri.build());
        }
        return uris;
    }

    @Override
    public void poll(long nowNanos) {
        if (connection != null) {
            nodes = connection.getPartitions().size();
            return;
        }
        if (pending != null) {
            if (!pending.isDone()) {
                return;
            }
            try {
                connection = pending.get();
                // Pipelined: each batch is flushed once (send), re-sends by Lettuce by flush().
                connection.setAutoFlushCommands(false);
                nodes = connection.getPartitions().size();
                problem.connected();
                attempts.succeeded();
                LOG.log(System.Logger.Level.INFO, "Republishing ticks to the Redis Cluster at {0} ({1} nodes)",
                        endpoint.masked(), nodes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                problem.record(e instanceof ExecutionException ? e.getCause() : e);
                attempts.failed(nowNanos);
            } finally {
                pending = null;
            }
            return;
        }
        if (attempts.due(nowNanos)) {
            startConnecting();
        }
    }

    // The outcome is read from pending by the next poll; whenComplete only wakes the publisher for that poll.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void startConnecting() {
        // The async connect needs Lettuce's first view of the cluster, read from the seeds first.
        pending = client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(loaded -> client.connectAsync(ByteArrayCodec.INSTANCE))
                .thenCompose(this::openShardConnections);
        pending.whenComplete((c, e) -> wakePublisher.run());
    }

    /**
     * Opens Lettuce's connection to the master of every shard's slot before any tick is sent, by one EXISTS per shard
     * key. Lettuce opens a node's connection lazily, on the first command for it, and commands issued while that
     * connection is still being made are written when it completes in no guaranteed order (measured: a symbol's
     * ticks out of order in its stream); once it is open, commands are written in the order they were issued.
     */
    private CompletableFuture<StatefulRedisClusterConnection<byte[], byte[]>> openShardConnections(
            StatefulRedisClusterConnection<byte[], byte[]> opened) {
        CompletableFuture<?>[] probes = new CompletableFuture<?>[targets.length];
        for (int i = 0; i < targets.length; i++) {
            probes[i] = opened.async().exists(targets[i]).toCompletableFuture();
        }
        return CompletableFuture.allOf(probes).thenApply(done -> opened);
    }

    /** The routing arguments of {@code shard}'s commands ({@link PublishCommand#routeBy}). Any thread. */
    CommandArgs<byte[], byte[]> routing(int shard) {
        return routing.get(shard);
    }

    /**
     * Dispatches the batch's pre-rendered commands (each routed by {@link #routing}) on Lettuce's cluster connection
     * and flushes once: the same frames as for a single Redis, so no per-command future or argument objects (the
     * async API's XADD measured 2.4x the console's CPU per tick). Lettuce routes each to its slot's owner, follows
     * MOVED/ASK, and each outcome reaches the command's listener on its I/O thread; commands Lettuce refuses fail,
     * so the publisher re-sends them.
     */
    void send(List<PublishCommand> batch) {
        try {
            connection.dispatch(batch);
        } catch (RuntimeException e) {
            for (PublishCommand command : batch) {
                command.completeExceptionally(e);
            }
        }
        connection.flushCommands();
    }

    /**
     * Flushes what Lettuce queued on its own since the last batch: a command re-sent to another node after MOVED or
     * ASK, or replayed after a reconnect, waits in a node connection's buffer while auto-flush is off.
     */
    void flush() {
        if (connection != null) {
            connection.flushCommands();
        }
    }

    @Override
    public boolean isUsable() {
        return connection != null && connection.isOpen();
    }

    @Override
    public Channel writableChannel() {
        return null;
    }

    @Override
    public void dropChannel() {
        // Each node connection has Lettuce's watchdog; a node that stops answering is found by the topology refresh.
    }

    @Override
    public long nanosToNextAttempt(long nowNanos) {
        return connection == null && pending == null ? attempts.nanosToNext(nowNanos) : Long.MAX_VALUE;
    }

    /** Nodes (masters and replicas) in Lettuce's current view of the cluster; -1 before the first connection. */
    int nodes() {
        return nodes;
    }

    @Override
    public ConnectionProblem problem() {
        return problem;
    }

    @Override
    public void close() {
        LettuceShutdown.closeConnector(events, pending, connection, client, resources);
    }

    private void onEvent(Event event) {
        if (event instanceof ReconnectFailedEvent failed) {
            problem.record(failed.getCause());
        } else if (event instanceof ConnectionActivatedEvent) {
            problem.connected();
            wakePublisher.run();
        }
    }
}
