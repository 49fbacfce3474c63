package com.tickstock.console.republish;

import com.tickstock.console.feed.DropReason;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.republish.RepublisherStatus.State;
import com.tickstock.console.supervision.PartFailures;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Republishes every tick of the feed to Redis: {@link #offer} from the feed's consumer threads puts
 * the tick in a bounded buffer and returns at once; one publisher thread drains the buffer in batches to Redis
 * with Lettuce. While Redis is slow or down the buffer absorbs; when it is full ticks are dropped and counted.
 *
 * <pre>{@code
 * RedisRepublisher republisher = new RedisRepublisher(RepublisherConfig.fromUrl(url)).start();
 * republisher.offer(trade, "connection_1");     // from a feed consumer thread; never blocks
 * republisher.status().toHealthMap();           // the health snapshot's "redis" entry
 * republisher.close();                          // flushes for up to 3 s, then reports final counts
 * }</pre>
 *
 * Invariant, exact whenever the feed is quiet: {@code received = published + buffered + dropped}.
 */
public final class RedisRepublisher implements AutoCloseable {

    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private static final System.Logger LOG = System.getLogger(RedisRepublisher.class.getName());

    private final RepublisherConfig config;
    private final TickCounters counters;
    /** Null when disabled, as are the loop and thread: a disabled republisher holds no memory or connection. */
    private final TickRing ring;
    private final PublisherLoop loop;
    private final Thread thread;
    /** Orders start() against close(), so a thread is never started after close() looked. */
    private final Object lifecycle = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** False from close() on; read by feed threads on every offer. */
    private volatile boolean accepting = true;
    /** Opens once the first close() has finished, for concurrent callers of close(). */
    private final CountDownLatch closeDone = new CountDownLatch(1);

    public RedisRepublisher(RepublisherConfig config) {
        this(config, PublisherLoop.DEFAULT_STALL_TIMEOUT);
    }

    /** With a shorter stall timeout, for tests that should not wait ten seconds for one. */
    RedisRepublisher(RepublisherConfig config, Duration stallTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.counters = new TickCounters(config.shards());
        if (config.enabled()) {
            this.ring = new TickRing(config.bufferSize(), config.overflow() == RepublisherConfig.Overflow.DROP_OLDEST);
            this.loop = new PublisherLoop(config, ring, counters, stallTimeout);
            // A daemon: a forgotten close() must not keep the console's JVM alive.
            this.thread = PartFailures.process().newThread("redis-republisher", "redis-republisher", loop);
            loop.attach(thread);
        } else {
            this.ring = null;
            this.loop = null;
            this.thread = null;
        }
    }

    /**
     * Starts the publisher thread, which connects in the background (retrying with backoff if Redis is down).
     * Ticks offered before the connection is up are buffered. Returns {@code this}.
     */
    public RedisRepublisher start() {
        synchronized (lifecycle) {
            if (thread != null && !closed.get() && started.compareAndSet(false, true)) {
                thread.start();
            }
        }
        return this;
    }

    /**
     * Buffers a tick for Redis; never blocks. Called from the feed's consumer threads.
     *
     * @param event        a trade, quote or bar; other events (status, LULD, NOI, FMV) are not ticks and are
     *                     only counted as ignored
     * @param connectionId the feed connection it came on, e.g. {@code connection_1}; written into the message
     * @return whether the tick was buffered; false for non-ticks, invalid ticks, a full buffer, after close,
     *         or when republishing is disabled (every false for a tick is counted under a drop reason)
     */
    public boolean offer(FeedEvent event, String connectionId) {
        return offer(event, connectionId, System.nanoTime());
    }

    /**
     * {@link #offer(FeedEvent, String)} for a tick received at {@code receivedNanos} ({@link System#nanoTime()}),
     * e.g. {@link com.tickstock.console.feed.EventBatch#receivedNanos()}: the publish latency is then measured
     * from the socket, not from the offer, so time spent in the feed's hand-off counts too.
     */
    public boolean offer(FeedEvent event, String connectionId, long receivedNanos) {
        if (ring == null) {
            return false;
        }
        boolean taken = take(event, connectionId, receivedNanos);
        if (taken) {
            loop.ticksOffered();
        }
        return taken;
    }

    /**
     * {@link #offer(FeedEvent, String, long)} for every event of one received frame, waking the publisher once,
     * after the last: it then finds the whole frame and sends it in one write, where a wake-up per tick let it
     * start on the first tick and send the rest in a second write (two flushes and two event-loop wake-ups per
     * frame at a desk's 20 ticks a frame). The first tick waits only for the others' offers (microseconds),
     * never for ticks still to come. Returns how many were buffered.
     */
    public int offerAll(List<? extends FeedEvent> events, String connectionId, long receivedNanos) {
        if (ring == null) {
            return 0;
        }
        int taken = 0;
        for (int i = 0; i < events.size(); i++) {
            if (take(events.get(i), connectionId, receivedNanos)) {
                taken++;
            }
        }
        if (taken > 0) {
            loop.ticksOffered();
        }
        return taken;
    }

    /** Buffers one tick or counts why not, without waking the publisher. Feed consumer threads. */
    private boolean take(FeedEvent event, String connectionId, long receivedNanos) {
        if (event == null || !TickEncoder.isTick(event)) {
            counters.ignored.increment();
            return false;
        }
        if (!TickEncoder.isValid(event)) {
            counters.invalid.increment();
            return false;
        }
        if (!accepting) {
            counters.afterClose.increment();
            return false;
        }
        int taken = ring.offerTracked(event, connectionId, receivedNanos);
        if (taken == TickRing.REFUSED) {
            counters.bufferFull.increment();
            return false;
        }
        if (taken == TickRing.TAKEN_OVER_CAPACITY) {
            loop.evictionDue();
        }
        return true;
    }

    /**
     * The health JSON's {@code redis} section: {@link #status()}, and with a Sentinel address its {@code topology}
     * ({@link RedisTopology#healthMap()}); with a cluster address {@code {"kind":"cluster","nodes":K,"shards":N}},
     * K the masters and replicas Lettuce's view of the cluster holds.
     */
    public Map<String, Object> healthMap() {
        Map<String, Object> map = status().toHealthMap();
        if (loop != null && config.endpoint().sentinel()) {
            map.put("topology", loop.topology().healthMap());
        } else if (loop != null && config.endpoint().cluster()) {
            Map<String, Object> topology = new java.util.LinkedHashMap<>();
            topology.put("kind", "cluster");
            int nodes = loop.clusterNodes();
            topology.put("nodes", nodes < 0 ? null : nodes);
            topology.put("shards", config.shards());
            map.put("topology", topology);
        }
        if (loop != null && config.confirmsWithReplicas()) {
            long acked = loop.lastReplicasAcked();
            if ("waiting_for_replicas".equals(map.get("state"))) {
                map.put("state", "waiting_for_replicas: WAIT " + config.replicasAck() + " answered " + acked);
            }
            Map<String, Object> confirmation = new java.util.LinkedHashMap<>();
            confirmation.put("required", config.replicasAck());
            confirmation.put("last_acked", acked < 0 ? null : acked);
            confirmation.put("resent_unconfirmed", counters.resentUnconfirmed.get());
            confirmation.put("already_present", counters.alreadyPresent.get());
            map.put("replicas_ack", confirmation);
            // Explicit entry IDs: Redis refuses an entry it already holds, so none is ever held twice.
            map.put("resent", 0L);
        }
        map.put("shards", config.shards());
        return map;
    }

    /**
     * Ticks Redis acknowledged, by {@code REDIS_SHARDS} shard ({@link TickShards#shardOf}); one element with one
     * shard. Any thread; each element is read on its own, so their sum may trail {@code published} briefly.
     */
    public long[] publishedPerShard() {
        return publishedPerShardCounts();
    }

    /**
     * Redis Cluster: ticks a master answered MOVED or ASK (not executed) and that were re-sent through Lettuce's
     * routing; 0 otherwise. For tests that move a slot.
     */
    long clusterRedirectedTicks() {
        return loop == null ? 0 : loop.clusterRedirectedTicks();
    }

    /**
     * Appends {@code tickstock_redis_shard_ticks_published_total{shard="k"}} for every {@code REDIS_SHARDS} shard
     * (one series, shard "0", with one shard) in the Prometheus text format. Any thread.
     */
    public StringBuilder appendShardMetrics(StringBuilder out) {
        out.append("# HELP tickstock_redis_shard_ticks_published_total Ticks acknowledged by Redis, by shard channel"
                        + " or stream (REDIS_SHARDS).\n")
                .append("# TYPE tickstock_redis_shard_ticks_published_total counter\n");
        long[] counts = publishedPerShardCounts();
        for (int shard = 0; shard < counts.length; shard++) {
            out.append("tickstock_redis_shard_ticks_published_total{shard=\"").append(shard).append("\"} ")
                    .append(counts[shard]).append('\n');
        }
        return out;
    }

    private long[] publishedPerShardCounts() {
        long[] out = new long[config.shards()];
        for (int shard = 0; shard < out.length; shard++) {
            out[shard] = counters.publishedPerShard.get(shard);
        }
        return out;
    }

    /** What the connection tells about the topology; {@code null} when disabled. */
    public RedisTopology topology() {
        return loop == null ? null : loop.topology();
    }

    /** A consistent-enough reading for the health snapshot, status endpoint and metrics; cheap, any thread. */
    public RepublisherStatus status() {
        String target = config.endpoint().masked();
        if (ring == null) {
            return new RepublisherStatus(State.DISABLED, null, target, config.channel(), config.format(),
                    config.mode(), 0, 0, 0, 0, null, 0, 0, 0, 0, null);
        }
        // Downstream counters first: a tick moving while we read is then missed rather than counted twice.
        long published = counters.published.get();
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        dropped.put(DropReason.PUBLISH_FAILED, counters.publishFailed.get());
        dropped.put(DropReason.SHUTDOWN, counters.shutdown.get() + counters.afterClose.sum());
        long inFlight = counters.inFlight.get();
        // Evicted before the excess: a tick evicted in between is then missed rather than counted twice.
        long evicted = counters.evictedOldest.get();
        long excess = ring.excess();
        long buffered = ring.retained() + inFlight;
        dropped.put(DropReason.BUFFER_FULL_OLDEST, evicted + excess);
        dropped.put(DropReason.BUFFER_FULL, counters.bufferFull.sum());
        dropped.put(DropReason.INVALID_TICK, counters.invalid.sum());
        long received = ring.offered() + counters.invalid.sum() + counters.bufferFull.sum() + counters.afterClose.sum();
        State state = closed.get() && !thread.isAlive() ? State.CLOSED : loop.state();
        if (state == State.CLOSED) {
            return new RepublisherStatus(state, null, target, config.channel(), config.format(), config.mode(),
                    received, published, buffered, ring.capacity(), dropped, counters.ignored.sum(), 0, 0, 0,
                    loop.lastError(), RepublisherStatus.CatchUp.idle(config.drainRate()), loop.receivers());
        }
        return new RepublisherStatus(state, state == State.CONNECTED ? null : loop.downSince(), target,
                config.channel(), config.format(), config.mode(), received, published, buffered, ring.capacity(),
                dropped, counters.ignored.sum(), loop.publishRate(), loop.p99LatencyMillis(), loop.p999LatencyMillis(),
                loop.lastError(),
                loop.catchUp(buffered), loop.receivers());
    }

    /**
     * Receive-to-acknowledgement latency over the whole seconds since start or {@link #resetLatencySummary()};
     * the second in progress is not included yet. For benchmarks and diagnostics; any thread.
     */
    public LatencySummary latencySummary() {
        return loop == null ? new LatencySummary(0, 0, 0, 0, 0) : loop.latencySummary();
    }

    /** Starts a new {@link #latencySummary()} period, e.g. after a warm-up. */
    public void resetLatencySummary() {
        if (loop != null) {
            loop.resetLatencySummary();
        }
    }

    /**
     * Ticks actually evicted from the buffer so far (the status already counts the excess awaiting eviction as
     * dropped): lets tests wait until the publisher made room, so that what they offer next is not refused.
     */
    long evictedSoFar() {
        return counters.evictedOldest.get();
    }

    public RepublisherConfig config() {
        return config;
    }

    /**
     * Stops accepting ticks, flushes what is buffered for up to {@code timeout}, closes the connection and returns
     * the final counts; what could not be flushed is counted as dropped ({@code shutdown}). Idempotent.
     */
    public RepublisherStatus close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            awaitFinalStatus(timeout);
            return status();
        }
        accepting = false;
        boolean running;
        synchronized (lifecycle) {
            running = started.get(); // start() after this point sees closed and starts nothing
        }
        if (!running) {
            if (ring != null) {
                // Never started, so no publisher thread competes for the buffer: what is beyond its capacity was
                // already lost to overflow, the rest is a shutdown drop.
                counters.evictedOldest.addAndGet(ring.evictExcess());
                counters.shutdown.addAndGet(ring.drain((event, connectionId, nanos) -> { }, Integer.MAX_VALUE));
            }
        } else {
            loop.stop(System.nanoTime() + timeout.toNanos());
            // The loop also needs time to close the connection and its threads after the deadline.
            join(thread, timeout.plusSeconds(5));
        }
        RepublisherStatus last = status();
        if (ring != null) {
            if (last.buffered() > 0) {
                LOG.log(System.Logger.Level.WARNING, "Redis republisher closed with {0} ticks unaccounted for",
                        last.buffered());
            }
            LOG.log(System.Logger.Level.INFO,
                    "Redis republisher closed: received {0}, published {1}, dropped {2} {3}",
                    last.received(), last.published(), last.droppedTotal(), last.toHealthMap().get("dropped"));
        }
        closeDone.countDown();
        return last;
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    private void awaitFinalStatus(Duration timeout) {
        try {
            closeDone.await(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
