package com.tickstock.console.republish;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import reactor.core.Disposable;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The republisher's way to a Redis Cluster ({@code redis-cluster://}): Lettuce's own {@link RedisClusterClient},
 * which discovers the nodes from the seeds, refreshes the topology periodically and when Redis redirects
 * (MOVED/ASK, which it follows itself), and keeps one connection per master. No slot or topology logic here: the
 * owner of a shard's slot is read from Lettuce's current view ({@link Partitions}) and its connection from Lettuce.
 *
 * <p>Sending: each batch's pre-rendered frames are grouped by the master that owns their shard's slot in Lettuce's
 * view, and each group is written as one message on that master's connection (its Netty channel), as the standalone
 * path writes a whole batch: one write, one encode buffer and one flush per master, where Lettuce's cluster writer
 * wraps, routes, buffers and writes every command on its own (measured: 2.0 against 1.05 µs of console CPU per tick
 * for the standalone path). Lettuce's command handler still tracks every command, and replays the unanswered ones
 * when a connection is re-made (at-least-once, as for a single Redis).
 *
 * <p>Redirects stay Lettuce's: a command written this way to a master that no longer owns its slot (a resharding,
 * a failover Lettuce has not seen yet) is answered {@code MOVED} or {@code ASK}, which means it was not executed.
 * The publisher re-sends it ({@link #redirected}) through Lettuce's cluster connection, which routes it, follows the
 * redirect (with {@code ASKING} where needed) and refreshes its topology; from then on the direct writes follow
 * Lettuce's new view. Commands whose master has no open connection yet are dispatched on Lettuce's cluster
 * connection too.
 *
 * <p>Order: a shard's ticks reach its stream or channel in the order they were offered, also where its slot moves
 * or its master's connection breaks. A shard is written on one path at a time (a master's connection, or Lettuce's
 * routing); a command that would take another path while older ones of its shard are unsettled is held back, in
 * order and counted as in flight, until they settle ({@link ShardOrder}): so the redirected ones, re-sent through
 * Lettuce, land at the new owner before the newer ones written there directly.
 *
 * <p>Replica confirmation ({@code REDIS_REPLICAS_ACK=N}, stream mode): each master's share of a batch is followed, in
 * the same channel write, by {@code WAIT N} on that master's connection ({@link ConfirmGroup}, {@link WaitCommand},
 * as for one Redis), and a share counts as published only when its WAIT confirmed N. A share whose WAIT fell short
 * is asked again on its connection; one whose connection broke (a master died) is written again with the same
 * explicit entry IDs, so an entry that had landed is refused rather than written twice. With confirmation every
 * command goes straight to a master, never through Lettuce's routing (a WAIT could not follow it there): a shard
 * whose master has no open connection, or that was redirected while Lettuce's view still names the redirecting
 * master, waits (held, and Lettuce is asked to refresh its view) until the view names a reachable owner. Node
 * connections then reject commands while down rather than replay them ({@link #options}).
 *
 * <p>Stream mode writes {@code XADD} to each shard's stream; Pub/Sub mode uses sharded Pub/Sub ({@code SPUBLISH},
 * Redis 7), so a message reaches only the node that owns its channel's slot.
 *
 * <p>Threads: {@link #poll}, {@link #send}, {@link #releaseHeld}, {@link #flush} and {@link #close} on the publisher
 * thread only. The error fields are also written by Lettuce's event and I/O threads (volatile), and read by anyone;
 * {@link #redirected} and {@link #answered} run on the I/O threads (or the publisher when a write is refused);
 * {@link #settled} and {@link #queuedAgain} on whichever thread settles or queues a command (see {@link ShardOrder}).
 */
final class ClusterConnector implements RedisLink {

    private static final System.Logger LOG = System.getLogger(ClusterConnector.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Lettuce re-reads the topology this often even when nothing redirects (a node added elsewhere). */
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(30);
    /**
     * How often, while commands are in flight, what Lettuce queued on its own is flushed: a command it re-sent to
     * another node after MOVED or ASK, or one dispatched through it, waits in a node connection's buffer until then
     * (its auto-flush is off so that a dispatched batch is flushed once).
     */
    static final long LETTUCE_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How often a shard waiting for Lettuce's view to change asks for a topology refresh. */
    private static final long REFRESH_REQUEST_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** {@link #writeOfShard}: the shard's master not looked up yet in this batch. */
    private static final int UNRESOLVED = -1;
    /** {@link #writeOfShard}: the shard's commands go through Lettuce's cluster connection in this batch. */
    private static final int VIA_LETTUCE = -2;

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
    /** Each shard's hash slot (of its key). Read-only once made. */
    private final int[] slots;
    /**
     * Every Netty channel Lettuce opened with these resources and that is not closed yet (node connections, and the
     * short-lived ones of a topology refresh): where a node connection's channel is found. Added by the thread that
     * initialises a channel, removed by its event loop when it closes; read by the publisher.
     */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    /** Ticks answered MOVED or ASK on a direct write and re-sent through Lettuce's routing. I/O thread writes. */
    private final AtomicLong redirectedTicks = new AtomicLong();

    // Publisher thread only: each shard's master and the channel of Lettuce's connection to it, as last looked up.
    private final Route[] routes;
    // Publisher thread only, per send: which of the writes below each shard's commands join, and the writes: each
    // master's channel, the master, and its commands.
    private final int[] writeOfShard;
    private final Channel[] writeChannels;
    private final RedisClusterNode[] writeMasters;
    private final List<List<PublishCommand>> writeLists = new ArrayList<>();
    private int writes;
    /** Calls of {@link #send} and {@link #releaseHeld}: the running number of the current one. Publisher thread. */
    private long sends;
    private final List<PublishCommand> viaLettuce = new ArrayList<>();
    /** Each shard's order while its path changes; see {@link ShardOrder} for its threads. */
    private final ShardOrder order;
    /** With replica confirmation ({@code REDIS_REPLICAS_ACK}): who hears each WAIT's outcome; else null. */
    private final WaitCommand.Listener waits;
    private final int replicasAck;
    /** When a topology refresh was last asked for (publisher thread), and whether it is under way (any thread). */
    private long refreshRequestedNanos;
    private volatile boolean refreshing;
    /** When Lettuce's queued commands were last flushed. Publisher thread only. */
    private long flushedNanos;

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
        this(endpoint, wakePublisher, targets, null, 0);
    }

    /**
     * @param waits       with replica confirmation, who hears each WAIT's outcome; null without
     * @param replicasAck {@code REDIS_REPLICAS_ACK}: the replicas each master's WAIT asks for (with {@code waits})
     */
    ClusterConnector(RedisEndpoint endpoint, Runnable wakePublisher, List<String> targets,
                     WaitCommand.Listener waits, int replicasAck) {
        if (!endpoint.cluster()) {
            throw new IllegalArgumentException("not a redis-cluster:// address: " + endpoint.masked());
        }
        this.endpoint = endpoint;
        this.problem = new ConnectionProblem(endpoint, "Redis Cluster");
        this.wakePublisher = wakePublisher;
        this.targets = new byte[targets.size()][];
        this.slots = new int[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            this.targets[i] = targets.get(i).getBytes(StandardCharsets.UTF_8);
            this.slots[i] = SlotHash.getSlot(this.targets[i]);
            routing.add(new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(this.targets[i]));
        }
        this.routes = new Route[targets.size()];
        this.writeOfShard = new int[targets.size()];
        this.writeChannels = new Channel[targets.size()];
        this.writeMasters = new RedisClusterNode[targets.size()];
        this.order = new ShardOrder(targets.size());
        this.waits = waits;
        this.replicasAck = replicasAck;
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(new BackoffDelay(RedisConnector.BACKOFF))
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .timer(RedisTimer.shared())
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channels.add(channel);
                        channel.closeFuture().addListener(closed -> channels.remove(channel));
                    }
                })
                .build();
        this.client = RedisClusterClient.create(resources, seedUris(endpoint, CONNECT_TIMEOUT));
        client.setOptions(options(CONNECT_TIMEOUT, waits != null));
        this.events = resources.eventBus().get().subscribe(this::onEvent);
    }

    /**
     * Lettuce's cluster options as the republisher and the start check use them.
     *
     * @param ownReplays with replica confirmation: commands unanswered when a node connection breaks fail (the
     *                   publisher re-sends them in entry-ID order, each master's share followed by its WAIT) instead
     *                   of being replayed by Lettuce, whose replay of an entry that landed would be refused as below
     *                   the stream's top and look like a lost one
     */
    static ClusterClientOptions options(Duration connectTimeout, boolean ownReplays) {
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        if (ownReplays) {
            options.disconnectedBehavior(ClusterClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        }
        // The publisher's in-flight bound keeps each command stack small, so a plain ArrayDeque beats the default
        // hash-indexed queue, whose O(1) remove costs a HashMap put and remove on every command (as for one Redis).
        options.useHashIndexQueue(false);
        return options
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
            connection = attempts.settle(pending, problem, nowNanos);
            pending = null;
            if (connection != null) {
                // Pipelined: each batch is flushed once (send), re-sends by Lettuce by flush().
                connection.setAutoFlushCommands(false);
                nodes = connection.getPartitions().size();
                LOG.log(System.Logger.Level.INFO, "Republishing ticks to the Redis Cluster at {0} ({1} nodes)",
                        endpoint.masked(), nodes);
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
     * Opens Lettuce's connection to the master of every shard's slot before any tick is sent. Lettuce opens a node's
     * connection lazily, on the first command for it, and commands issued while that connection is still being made
     * are written when it completes in no guaranteed order (measured: a symbol's ticks out of order in its stream), or
     * are refused with replica confirmation (which rejects commands while a connection is down); once it is open,
     * commands are written in the order they were issued.
     */
    private CompletableFuture<StatefulRedisClusterConnection<byte[], byte[]>> openShardConnections(
            StatefulRedisClusterConnection<byte[], byte[]> opened) {
        List<CompletableFuture<?>> nodes = new ArrayList<>();
        Partitions partitions = opened.getPartitions();
        for (int slot : slots) {
            RedisClusterNode master = partitions.getMasterBySlot(slot);
            if (master != null) {
                nodes.add(opened.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort()));
            }
        }
        return CompletableFuture.allOf(nodes.toArray(CompletableFuture<?>[]::new)).thenApply(done -> opened);
    }

    /** The routing arguments of {@code shard}'s commands ({@link PublishCommand#routeBy}). Any thread. */
    CommandArgs<byte[], byte[]> routing(int shard) {
        return routing.get(shard);
    }

    /**
     * Writes the batch: the commands of each master (the owner of their shard's slot in Lettuce's current view) as one
     * message on Lettuce's connection to it, in batch order, followed by a {@code WAIT} with replica confirmation;
     * without it, those whose master has no open connection, and those re-sent after a redirect
     * ({@link PublishCommand#viaClusterRouting()}), through Lettuce's cluster connection, which routes each itself.
     * A command that would change its shard's path while older ones of the shard are unsettled is held back
     * ({@link ShardOrder}) and written by a later call once they settled. Each outcome reaches the command's listener on
     * an I/O thread; a write that fails fails its commands, so the publisher re-sends them.
     */
    void send(List<PublishCommand> batch, long nowNanos) {
        // First what Lettuce holds (commands dispatched through it while a master's connection was down, which wait in
        // that connection's buffer, or its re-sends after a redirect): written before this batch's direct writes on the
        // same channel, a shard's ticks keep their order. With nothing held this costs a look at each node's buffer.
        flush(nowNanos);
        Partitions partitions = connection.getPartitions();
        Arrays.fill(writeOfShard, UNRESOLVED);
        sends++;
        for (PublishCommand command : batch) {
            if (order.holds(command.shard()) || !place(command, partitions, nowNanos)) {
                order.hold(command);
            }
        }
        if (order.holdsAny()) {
            placeHeld(partitions, nowNanos);
        }
        writeOut(nowNanos);
    }

    /**
     * Writes what shards held back and may go now (their older commands settled, or Lettuce's view changed). Publisher
     * thread; returns whether anything was written.
     */
    boolean releaseHeld(long nowNanos) {
        if (!order.holdsAny() || !isUsable()) {
            return false;
        }
        Partitions partitions = connection.getPartitions();
        Arrays.fill(writeOfShard, UNRESOLVED);
        sends++;
        boolean any = placeHeld(partitions, nowNanos);
        writeOut(nowNanos);
        return any;
    }

    private boolean placeHeld(Partitions partitions, long nowNanos) {
        boolean any = false;
        for (int shard = 0; shard < targets.length; shard++) {
            PublishCommand next;
            while ((next = order.nextHeld(shard)) != null && place(next, partitions, nowNanos)) {
                order.releaseNext(shard);
                any = true;
            }
        }
        return any;
    }

    /**
     * Puts {@code command} in the write of its shard's path, or returns false when it must wait: its shard's older
     * commands are unsettled on another path, or (replica confirmation) no master's connection can take it now.
     */
    private boolean place(PublishCommand command, Partitions partitions, long nowNanos) {
        int shard = command.shard();
        int write = writeOfShard[shard];
        if (write == UNRESOLVED) {
            write = resolve(shard, partitions);
            writeOfShard[shard] = write;
        }
        if (waits != null) {
            // Only straight to a master, where a WAIT can vouch for it: with no connection to the slot's owner, or while
            // the view still names the master that redirected the shard, the shard waits for Lettuce's next view.
            RedisClusterNode owner = write >= 0 ? writeMasters[write] : partitions.getMasterBySlot(slots[shard]);
            if (write < 0 || order.awaitsOtherOwner(shard, owner == null ? null : owner.getNodeId())) {
                refreshSoon(nowNanos);
                return false;
            }
        } else if (command.viaClusterRouting()) {
            write = VIA_LETTUCE;
        }
        Object path = write >= 0 ? writeChannels[write] : ShardOrder.VIA_LETTUCE;
        if (!order.mayWrite(command, path, sends)) {
            return false;
        }
        order.writing(command, path, write >= 0 ? writeMasters[write].getNodeId() : null, sends);
        if (write >= 0) {
            writeLists.get(write).add(command);
        } else {
            viaLettuce.add(command);
        }
        return true;
    }

    /** The index of the write to {@code shard}'s master, opening one for a master not in this batch yet. */
    private int resolve(int shard, Partitions partitions) {
        Route route = routeOf(shard, partitions);
        if (route == null) {
            return VIA_LETTUCE;
        }
        for (int i = 0; i < writes; i++) {
            if (writeChannels[i] == route.channel) {
                return i;
            }
        }
        writeChannels[writes] = route.channel;
        writeMasters[writes] = route.master;
        if (writeLists.size() <= writes) {
            writeLists.add(new ArrayList<>());
        }
        return writes++;
    }

    /**
     * Writes each master's commands placed since the last call as one message (with replica confirmation, followed by
     * a WAIT that vouches for them), and dispatches the rest through Lettuce's routing. Publisher thread.
     */
    private void writeOut(long nowNanos) {
        for (int i = 0; i < writes; i++) {
            List<PublishCommand> commands = writeLists.get(i);
            if (!commands.isEmpty()) {
                // A fresh list: Netty reads it on the I/O thread after this returns.
                List<SettlingCommand<?>> message = new ArrayList<>(commands.size() + 1);
                message.addAll(commands);
                if (waits != null) {
                    // WAIT after this master's share, on the same connection: it vouches for every write made before it.
                    ConfirmGroup group = new ConfirmGroup(commands, writeChannels[i]);
                    for (PublishCommand command : commands) {
                        command.group(group);
                    }
                    message.add(new WaitCommand(waits, List.of(group), replicasAck, PublisherLoop.WAIT_TIMEOUT_MILLIS));
                }
                SettlingCommand.writeToChannel(writeChannels[i], message);
                commands.clear();
            }
            writeChannels[i] = null;
            writeMasters[i] = null;
        }
        writes = 0;
        if (!viaLettuce.isEmpty()) {
            List<PublishCommand> dispatched = new ArrayList<>(viaLettuce);
            viaLettuce.clear();
            try {
                connection.dispatch(dispatched);
            } catch (RuntimeException e) {
                for (PublishCommand command : dispatched) {
                    command.completeExceptionally(e);
                }
            }
            flush(nowNanos);
        }
    }

    /**
     * Asks Lettuce to read the cluster's topology again, at most every {@link #REFRESH_REQUEST_NANOS}: a shard waits
     * for its view to name a reachable master (replica confirmation). Lettuce's own triggers come from the commands it
     * routes, and with confirmation none goes through it. Publisher thread.
     */
    // The outcome is Lettuce's new view, read by the next send; whenComplete only wakes the publisher for it.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void refreshSoon(long nowNanos) {
        if (refreshing || nowNanos - refreshRequestedNanos < REFRESH_REQUEST_NANOS) {
            return;
        }
        refreshRequestedNanos = nowNanos;
        refreshing = true;
        client.refreshPartitionsAsync().whenComplete((done, e) -> {
            refreshing = false;
            wakePublisher.run();
        });
    }

    /**
     * Lettuce's open connection to the master of {@code shard}'s slot in Lettuce's current view, or
     * null when there is none to write to now (no master known, connection not made yet or reconnecting): then Lettuce
     * routes the shard's commands. Looked up again whenever Lettuce's view names another master for the slot or the
     * channel closed. Publisher thread only.
     */
    // Identity on purpose: each topology refresh gives new node objects, and a fresh look-up then costs little, while
    // equals (the node ID) would keep a route to a node whose address changed.
    @SuppressWarnings("ReferenceEquality")
    private Route routeOf(int shard, Partitions partitions) {
        RedisClusterNode owner = partitions.getMasterBySlot(slots[shard]);
        if (owner == null) {
            return null;
        }
        Route route = routes[shard];
        if (route == null || route.master != owner || !route.usable()) {
            route = null;
            for (Route other : routes) {
                if (other != null && other.master == owner && other.usable()) {
                    route = other;
                    break;
                }
            }
            routes[shard] = route == null ? lookUp(owner) : route;
            route = routes[shard];
        }
        return route;
    }

    /**
     * Lettuce's connection to {@code master} (the one its slot routing uses: same host and port) and that
     * connection's current channel; null when the connection is not open yet. Never waits: a connection still being
     * made is left to Lettuce, which routes meanwhile.
     *
     * <p>Lettuce's public API does not say which netty channel a node connection uses now, so this reads its internals
     * (the connection's endpoint, the command handler in a channel's pipeline): batches are written on that channel
     * ({@link SettlingCommand#writeToChannel} says why), and a WAIT vouches only for writes made on the same TCP
     * connection.
     * Should a Lettuce release change these internals, the look-up finds no channel: commands then go through
     * Lettuce's routing, and with replica confirmation they would wait for a route ({@code ClusterReplicasAckIT}
     * fails on that).
     */
    private Route lookUp(RedisClusterNode master) {
        RedisURI uri = master.getUri();
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> opening;
        try {
            opening = connection.getConnectionAsync(uri.getHost(), uri.getPort());
        } catch (RuntimeException e) {
            return null; // not a node of Lettuce's view (any more): Lettuce routes
        }
        if (!opening.isDone() || opening.isCompletedExceptionally()) {
            return null;
        }
        StatefulRedisConnection<byte[], byte[]> node = opening.join();
        if (!node.isOpen() || !(node instanceof RedisChannelHandler<?, ?> handler)) {
            return null;
        }
        // The node connection's writer is the endpoint its channel's command handler reports to (no command timeouts
        // and no command listeners are configured, so Lettuce does not wrap it).
        RedisChannelWriter endpoint = handler.getChannelWriter();
        for (Channel channel : channels) {
            CommandHandler commands = channel.isActive() ? channel.pipeline().get(CommandHandler.class) : null;
            if (commands != null && commands.getEndpoint() == endpoint) {
                return new Route(master, node, channel);
            }
        }
        return null;
    }

    /** A master in Lettuce's view, Lettuce's connection to it, and that connection's channel. */
    private record Route(RedisClusterNode master, StatefulRedisConnection<byte[], byte[]> connection,
                         Channel channel) {

        /** Whether the channel is still the open, activated one of the connection (a reconnect makes a new one). */
        boolean usable() {
            return channel.isActive() && connection.isOpen();
        }
    }

    /**
     * A command a master answered {@code MOVED} or {@code ASK} (so it was not executed): counted, and marked so that
     * its re-send goes through Lettuce's routing, which follows the redirect and refreshes its view. With replica
     * confirmation it goes straight to a master again, where a WAIT can follow it, once Lettuce's view names another
     * master for its slot. I/O thread.
     */
    void redirected(PublishCommand command) {
        if (waits == null) {
            command.viaClusterRouting(true);
        } else {
            order.redirected(command.shard(), command.writtenTo());
        }
        redirectedTicks.addAndGet(command.ticks());
    }

    /**
     * A command settled for good (published, refused, dropped): its shard's newer commands may take another path once
     * none is left unsettled. Any thread; returns whether commands are held, so the publisher should look again.
     */
    boolean settled(PublishCommand command) {
        order.settled(command);
        return order.holdsAny();
    }

    /** Whether a shard holds commands back (so the publisher should look again when one settles). Any thread. */
    boolean holdsAny() {
        return order.holdsAny();
    }

    /** An attempt of {@code command} had its outcome, and the publisher was told. Any thread. */
    void answered(PublishCommand command) {
        order.answered(command);
    }

    /** {@code command} was queued to be sent again ({@link ShardOrder#queuedAgain}). Any thread. */
    void queuedAgain(PublishCommand command) {
        order.queuedAgain(command.shard());
    }

    /** {@code command} was taken out of that queue, to be sent now ({@link ShardOrder#takenAgain}). Publisher. */
    void takenAgain(PublishCommand command) {
        order.takenAgain(command.shard());
    }

    /** Every command held back and never written, to count at close. Publisher thread. */
    List<PublishCommand> takeHeld() {
        return order.takeAll();
    }

    /** Whether an error reply is a cluster redirect: the command was not executed, and another node owns its slot. */
    static boolean isRedirect(String error) {
        return error.startsWith("MOVED ") || error.startsWith("ASK ");
    }

    /** Ticks re-sent through Lettuce's routing after a redirect. Any thread. */
    long redirectedTicks() {
        return redirectedTicks.get();
    }

    /** Whether Lettuce's queued commands have waited {@link #LETTUCE_FLUSH_NANOS} since the last flush. */
    boolean flushDue(long nowNanos) {
        return nowNanos - flushedNanos >= LETTUCE_FLUSH_NANOS;
    }

    /**
     * Flushes what Lettuce queued on its own since the last flush: a command re-sent to another node after MOVED or
     * ASK, dispatched through its routing, or replayed after a reconnect, waits in a node connection's buffer while
     * auto-flush is off.
     */
    void flush(long nowNanos) {
        if (connection != null) {
            connection.flushCommands();
        }
        flushedNanos = nowNanos;
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
    public StatefulConnection<byte[], byte[]> writableConnection() {
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
