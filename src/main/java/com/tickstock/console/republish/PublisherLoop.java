package com.tickstock.console.republish;

import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.republish.RepublisherStatus.State;
import io.lettuce.core.api.StatefulConnection;
import io.netty.channel.Channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher thread: drains the buffer in batches (at most {@code batchSize} ticks, never waiting for a batch
 * to fill), encodes them, writes the batch's commands in one write with one flush (flushing per batch rather
 * than per command measured ~2x here), and settles each command's outcome as Redis answers.
 *
 * <p>Back-pressure: at most {@code maxInFlight} ticks are sent and unacknowledged. When Redis is slow or the
 * connection is down the loop stops draining, so ticks wait in the bounded buffer (counted, visible) rather than
 * in Lettuce's unbounded queue. Commands that fail without an answer are re-sent once the connection is back,
 * so an outage shorter than the buffer loses nothing (Lettuce itself replays commands that were written but not
 * answered: delivery is at-least-once, a message may arrive twice around a reconnect).
 *
 * <p>Catching up (pub/sub only): a backlog found when publishing becomes possible again (after an outage, or after Redis stopped
 * answering) is sent at {@code drainRate} ticks/s (or 1.25x the feed's rate when the feed is faster, so that the
 * backlog shrinks), not in one burst, because Redis disconnects a subscriber whose
 * pending output exceeds its {@code client-output-buffer-limit pubsub} and the ticks it then misses are lost to it.
 * Live ticks without such a backlog are not paced. PUBLISH's receiver count is watched: ticks published to no one
 * and falls of the count (a subscriber gone, e.g. cut during a drain) are counted and logged.
 *
 * <p>Not answering: with commands or a PING outstanding and no reply for {@code answerTimeout}, the state is
 * {@link State#NOT_ANSWERING} (a frozen server or half-open connection); after {@code stallTimeout} the
 * connection is re-made. When nothing is outstanding a PING is sent every second, so a freeze during a quiet
 * feed is noticed too.
 */
final class PublisherLoop implements Runnable, PublishCommand.Listener, WaitCommand.Listener, TickRing.Sink {

    private static final System.Logger LOG = System.getLogger(PublisherLoop.class.getName());

    private static final int RUNNING = 0;
    private static final int WAITING_FOR_TICKS = 1;
    private static final int WAITING_FOR_OTHER = 2;
    private static final VarHandle WAIT_STATE;

    /** Busy-polls before parking: at high rates the next tick is usually microseconds away. */
    private static final int SPINS = 200;
    /**
     * A park that ended sooner than this says ticks come close together, so the next wait spins first. At a desk's
     * rate a frame comes every few milliseconds: the spin never found one and only burnt its microseconds once per
     * frame, before the park it could not avoid.
     */
    private static final long SPIN_USEFUL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Pause after a command failed without an answer, so a dying connection is not hammered. */
    private static final long FAILURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Pause after Redis refused a command for a reason that may pass (LOADING, NOAUTH...). */
    private static final long ERROR_REPLY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * No reply for this long while commands are outstanding means a stalled or half-open connection (a host
     * gone without a reset, a paused server): the connection is dropped so Lettuce reconnects and re-sends.
     */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);
    /**
     * No reply for this long while commands are outstanding makes the status say "Redis not answering": well
     * inside the health snapshot's staleness bound (WEBSOCKET_STALE_SECONDS, 30 s by default), long enough that a
     * busy but live Redis (a slow command from another client, a fork for a snapshot) is not flagged.
     */
    static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** With nothing outstanding, a PING after this long without any reply. */
    private static final long PING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * WAIT's server-side timeout with {@code REDIS_REPLICAS_ACK}: WAIT holds the connection that long when the replicas
     * do not confirm, so it stays well inside the "not answering" bound; a short WAIT is simply asked again.
     */
    static final long WAIT_TIMEOUT_MILLIS = 500;
    /** Pause before asking a WAIT again after one fell short (an error reply returns at once). */
    private static final long REWAIT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Redis's refusal of an explicit entry ID that is not above the stream's last one. */
    static final String ID_NOT_ABOVE_TOP = "equal or smaller than the target stream top item";
    /** Batches drained per loop turn before housekeeping (stats, connection checks) runs again. */
    private static final int BATCHES_PER_TURN = 8;

    static {
        try {
            WAIT_STATE = MethodHandles.lookup().findVarHandle(PublisherLoop.class, "waitState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TickRing ring;
    private final TickCounters counters;
    private final RepublisherConfig config;
    private final PublishStats stats;
    /** Shard 0's frames: the only ones with one shard, and the only ones batch messages use (batch needs one shard). */
    private final PublishCommand.Frames frames;
    /** REDIS_SHARDS: one command renderer per shard channel or stream, indexed by {@link TickShards#shardOf}. */
    private final PublishCommand.Frames[] shardFrames;
    private final int shards;
    private final boolean batchFormat;
    private final int batchSize;
    private final long maxInFlight;
    private final long stallTimeoutNanos;
    private final long answerTimeoutNanos;
    private final boolean dropOldest;
    private final boolean pubsub;
    private final int drainRate;
    /** REDIS_REPLICAS_ACK: 0, or the replicas a WAIT must report before a batch counts as published. */
    private final int replicasAck;
    private final boolean confirming;
    /** A backlog above this when publishing resumes is drained paced: more than 100 ms of the drain rate. */
    private final long catchUpThreshold;
    /**
     * The pace is at least this much faster than the feed, so that a backlog always shrinks: a subscriber that
     * keeps up with a feed faster than the drain rate reads faster than the drain rate too.
     */
    private static final double FEED_RATE_HEADROOM = 1.25;

    // Publisher thread only: the pace's token bucket and the current catch-up's start.
    private double tokens;
    private long lastRefillNanos;
    private long catchUpStartNanos;
    private long catchUpStartBacklog;
    private long pingSentNanos;
    /** Written by the publisher thread; read by status() and the I/O thread (receiver-count log lines). */
    private volatile boolean catchingUp;
    /** Written by the publisher thread, read by status(). */
    private volatile boolean notAnswering;
    /** Set by the publisher when it sends a PING, cleared by the I/O thread when the PING settles. */
    private volatile boolean pingOutstanding;
    /** PUBLISH's latest receiver count, -1 unknown. Written by the I/O thread, read by anyone. */
    private volatile long receivers = -1;
    /** Set by the publisher when the connection is lost (a new one starts a new baseline); cleared by the I/O thread. */
    private volatile boolean receiversBaselineStale = true;
    /** The latest fall of the receiver count, in words. Written by the I/O thread. */
    private volatile String lastSubscriberLoss;

    // Publisher thread only.
    private final JsonBytes json;
    private final ArrayList<PublishCommand> outgoing;
    private final long[] batchNanos;
    private final int[] frameSpan = new int[2];
    private int batchCount;
    /** Publisher thread only: whether the last wait for ticks was short enough that spinning may save a park. */
    private boolean spinBeforePark = true;
    private Thread thread;
    /** Made when the thread starts, so a republisher that is never started opens nothing. */
    private volatile RedisLink connector;
    /**
     * The same object as {@link #connector} with a {@code redis-cluster://} address, else null. Written once by the
     * publisher thread before anything is sent; also read by the I/O threads' outcome callbacks (a redirect), which
     * run only for commands written after it was set.
     */
    private ClusterConnector cluster;
    /** Where the connection is; made here so that it can be read (and listened to) before the thread starts. */
    private final RedisTopology topology;

    /**
     * Commands to send again: in the order they failed, or with replica confirmation in entry-ID order (a re-sent
     * entry must reach Redis before any higher ID, or Redis would refuse it as already there). Added by the I/O
     * thread, polled by the publisher.
     */
    private final Queue<PublishCommand> retries;
    /** Groups whose WAIT fell short of {@link #replicasAck}: asked again, or re-sent after a connection change. */
    private final ConcurrentLinkedQueue<ConfirmGroup> shortGroups = new ConcurrentLinkedQueue<>();
    /** No WAIT asked again before this. Written by the I/O thread, read by the publisher. */
    private volatile long rewaitAfterNanos;
    /** The latest WAIT's reply, -1 before the first. Written by the I/O thread, read by status(). */
    private volatile long lastReplicasAcked = -1;
    /** The last WAIT error reply logged, so a refusal repeated every re-ask is logged once. Lettuce I/O thread. */
    private volatile String lastWaitError;
    /** The latest WAIT fell short: published waits for the replicas. Written by the I/O thread. One Redis only. */
    private volatile boolean waitingForReplicas;
    /**
     * Redis Cluster: the masters' connections whose latest WAIT fell short, so that some master's share waits for its
     * replicas even while the other masters confirm theirs (one flag, set by one master's WAIT and cleared by the
     * next master's, flapped between connected and waiting many times a second, each flap an event-log line). Added
     * and removed by the I/O threads (a WAIT's outcome), removed by the publisher (a short group's connection gone);
     * read by the publisher and status().
     */
    private final Set<Channel> shortChannels = ConcurrentHashMap.newKeySet();
    /** Explicit entry IDs: the last one given, {@code idMillis-idSequence}. Publisher thread only. */
    private long idMillis;
    private long idSequence;
    /** The running number that orders commands (and so their entry IDs) for re-sends. Publisher thread only. */
    private long nextOrder;
    /** RUNNING or what the parked publisher waits for; feed threads wake it only when it waits for ticks. */
    private volatile int waitState;
    /** Set by close(); read by the publisher. */
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    /** Set by the publisher once the connection is being closed: failures after it are shutdown drops. */
    private volatile boolean closing;
    /** No sending before this time. Written by the I/O thread on failures, read by the publisher. */
    private volatile long pauseUntilNanos;
    /** Redis answered with a passing error and nothing was acknowledged since. I/O thread writes, all read. */
    private volatile boolean refusing;
    /** When Redis last answered anything. Written by the I/O thread, read by the publisher. */
    private volatile long lastReplyNanos;
    /** Publisher thread only: when the in-flight count last rose from zero. */
    private long waitingSinceNanos;

    /** Written by the publisher thread, read by status(). */
    private volatile State state = State.RECONNECTING;
    private volatile Instant downSince = Instant.now();
    /** Publisher thread only: distinguishes "started" from "resumed" in the log. */
    private boolean everConnected;

    PublisherLoop(RepublisherConfig config, TickRing ring, TickCounters counters, Duration stallTimeout) {
        this.ring = ring;
        this.counters = counters;
        this.config = config;
        this.stats = new PublishStats(System.nanoTime());
        this.topology = new RedisTopology(config.endpoint());
        this.shards = config.shards();
        this.shardFrames = new PublishCommand.Frames[shards];
        for (int shard = 0; shard < shards; shard++) {
            shardFrames[shard] = new PublishCommand.Frames(config.shardName(shard).getBytes(StandardCharsets.UTF_8),
                    config.mode() == RepublisherConfig.Mode.STREAM ? config.streamMaxLen() : 0,
                    config.confirmsWithReplicas(), config.endpoint().cluster());
        }
        this.frames = shardFrames[0];
        this.batchFormat = config.format() == RepublisherConfig.Format.BATCH;
        this.batchSize = config.batchSize();
        // Deep enough to keep the connection busy while the next batch is encoded, small enough that Lettuce's
        // own queue never holds more than a few batches when the connection drops.
        this.maxInFlight = Math.max(4L * batchSize, 4096);
        this.stallTimeoutNanos = stallTimeout.toNanos();
        this.answerTimeoutNanos = Math.min(DEFAULT_ANSWER_TIMEOUT.toNanos(), stallTimeoutNanos / 2);
        this.dropOldest = config.overflow() == RepublisherConfig.Overflow.DROP_OLDEST;
        this.pubsub = config.mode() == RepublisherConfig.Mode.PUBSUB;
        this.drainRate = config.drainRate();
        this.replicasAck = config.replicasAck();
        this.confirming = config.confirmsWithReplicas() && config.mode() == RepublisherConfig.Mode.STREAM;
        this.retries = confirming
                ? new PriorityBlockingQueue<>(64, Comparator.comparingLong(PublishCommand::order))
                : new ConcurrentLinkedQueue<>();
        this.catchUpThreshold = Math.max(batchSize, drainRate / 10);
        this.json = new JsonBytes(batchFormat ? batchSize * 256 : 512);
        this.outgoing = new ArrayList<>(batchFormat ? 1 : batchSize);
        this.batchNanos = batchFormat ? new long[batchSize] : null;
    }

    void attach(Thread publisherThread) {
        this.thread = publisherThread;
    }

    // ---- called from other threads -------------------------------------------------------------------------

    /** A feed thread buffered a tick: wake the publisher if, and only if, it sleeps waiting for one. */
    void ticksOffered() {
        if (waitState == WAITING_FOR_TICKS && WAIT_STATE.compareAndSet(this, WAITING_FOR_TICKS, RUNNING)) {
            LockSupport.unpark(thread);
        }
    }

    /** A feed thread took a tick beyond the buffer's capacity: wake the publisher to evict the oldest. */
    void evictionDue() {
        if (waitState != RUNNING && WAIT_STATE.compareAndSet(this, waitState, RUNNING)) {
            LockSupport.unpark(thread);
        }
    }

    /** Something other than a tick changed (connection, retries, close). */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Asks the loop to flush what it holds until {@code deadlineNanos}, then close the connection and end. */
    void stop(long deadlineNanos) {
        stopDeadlineNanos = deadlineNanos;
        stopping = true;
        wake();
    }

    State state() {
        return state;
    }

    Instant downSince() {
        return downSince;
    }

    String lastError() {
        RedisLink c = connector;
        return c == null ? null : c.lastError();
    }

    RedisTopology topology() {
        return topology;
    }

    /** Cluster only: ticks re-sent through Lettuce's routing after MOVED/ASK; 0 without a cluster. Any thread. */
    long clusterRedirectedTicks() {
        return connector instanceof ClusterConnector c ? c.redirectedTicks() : 0;
    }

    /** Cluster only: the nodes Lettuce knows; -1 before the first connection or without a cluster. Any thread. */
    int clusterNodes() {
        return connector instanceof ClusterConnector c ? c.nodes() : -1;
    }

    /** The latest WAIT's reply (-1 before the first, or without confirmation). Any thread. */
    long lastReplicasAcked() {
        return lastReplicasAcked;
    }

    double publishRate() {
        return stats.rate();
    }

    /** The catch-up in progress, if any; {@code backlog} is what the status counts as buffered. Any thread. */
    RepublisherStatus.CatchUp catchUp(long backlog) {
        if (!catchingUp) {
            return RepublisherStatus.CatchUp.idle(drainRate);
        }
        double net = pace() - stats.offeredRate();
        long eta = net < 1 ? -1 : (long) Math.ceil(backlog / net);
        return new RepublisherStatus.CatchUp(true, backlog, eta, drainRate);
    }

    RepublisherStatus.Receivers receivers() {
        if (!pubsub) {
            return RepublisherStatus.Receivers.UNKNOWN;
        }
        return new RepublisherStatus.Receivers(receivers, counters.publishedNoReceivers.get(),
                counters.subscribersLost.get(), lastSubscriberLoss);
    }

    LatencySummary latencySummary() {
        return stats.summary();
    }

    void resetLatencySummary() {
        stats.resetSummary();
    }

    double p99LatencyMillis() {
        return stats.p99Millis();
    }

    double p999LatencyMillis() {
        return stats.p999Millis();
    }

    // ---- the publisher thread ------------------------------------------------------------------------------

    @Override
    public void run() {
        try {
            if (config.endpoint().cluster()) {
                List<String> targets = new ArrayList<>(shards);
                for (int shard = 0; shard < shards; shard++) {
                    targets.add(config.shardName(shard));
                }
                cluster = new ClusterConnector(config.endpoint(), this::wake, targets, confirming ? this : null,
                        replicasAck);
                connector = cluster;
            } else {
                connector = new RedisConnector(config.endpoint(), this::wake, topology, confirming);
            }
            stats.startFrom(System.nanoTime(), ring.offered());
            loop();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "Redis publisher stopped unexpectedly; ticks are no longer republished", e);
            throw e;
        } finally {
            finish();
        }
    }

    private void loop() {
        while (true) {
            long now = System.nanoTime();
            stats.roll(now, counters.published.get(), ring.offered());
            connector.poll(now);
            if (dropOldest) {
                evictOldest();
            }
            boolean usable = connector.isUsable();
            if (usable) {
                checkStall(now);
                pingIfQuiet(now);
            } else {
                receiversBaselineStale = true;
                notAnswering = false;
            }
            boolean resumed = updateState(usable);
            updateCatchUp(resumed, now);
            if (stopping && (nothingLeft() || now - stopDeadlineNanos >= 0)) {
                return;
            }
            boolean worked = false;
            if (usable && now - pauseUntilNanos >= 0) {
                worked = confirming && askShortGroupsAgain(now);
                worked |= sendRetries();
                if (cluster != null) {
                    // Shards that held newer ticks back while older ones settled, or while Lettuce's view was stale.
                    worked |= cluster.releaseHeld(now);
                }
                for (int i = 0; i < BATCHES_PER_TURN && counters.inFlight.get() < maxInFlight && ring.hasReadable()
                        && (!confirming || retries.isEmpty()); i++) {
                    int limit = catchingUp ? paceAllowance() : batchSize;
                    if (limit == 0) {
                        break;
                    }
                    int sent = publishBatch(limit);
                    if (catchingUp) {
                        tokens -= sent;
                    }
                    worked = true;
                }
            }
            if (!worked) {
                idle(usable, now);
            }
        }
    }

    private boolean nothingLeft() {
        return ring.retained() == 0 && counters.inFlight.get() == 0;
    }

    /** Discards what a full buffer holds beyond its capacity, oldest first, before anything is drained. */
    private void evictOldest() {
        int evicted = ring.evictExcess();
        if (evicted > 0) {
            counters.evictedOldest.addAndGet(evicted);
        }
    }

    /** Starts pacing when publishing resumes with a backlog, and stops once the backlog is gone. */
    private void updateCatchUp(boolean resumed, long now) {
        long backlog = ring.retained();
        if (catchingUp) {
            if (backlog <= batchSize) {
                catchingUp = false;
                LOG.log(System.Logger.Level.INFO, "Redis caught up: {0} ticks drained in {1} ms at up to {2} ticks/s",
                        catchUpStartBacklog, TimeUnit.NANOSECONDS.toMillis(now - catchUpStartNanos), drainRate);
            }
        } else if (pubsub && resumed && backlog > catchUpThreshold) {
            // Only pub/sub pushes into subscribers' output buffers; stream consumers pull at their own pace.
            catchingUp = true;
            catchUpStartNanos = now;
            catchUpStartBacklog = backlog;
            tokens = burst(pace());
            lastRefillNanos = now;
            LOG.log(System.Logger.Level.INFO, "Redis catching up: {0} ticks buffered, sent at up to {1} ticks/s"
                    + " (REDIS_DRAIN_RATE) so that subscribers keep up", backlog, drainRate);
        }
    }

    /** Ticks/s of a catch-up: the drain rate, or a little faster than the feed when the feed is faster. */
    private double pace() {
        return Math.max(drainRate, stats.offeredRate() * FEED_RATE_HEADROOM);
    }

    /**
     * Most tokens the pace lets accumulate: 50 ms of it. Not capped at a batch: a publisher thread woken late (a
     * busy machine wakes a parked thread milliseconds late) would otherwise lose the time it overslept, and the
     * catch-up would fall far below its pace (measured: 4,300 ticks/s at a pace of 75,000).
     */
    private double burst(double pace) {
        return Math.max(1, pace / 20);
    }

    /**
     * Ticks a paced send waits for: 50 ms of the pace, at most a batch, never more than is buffered. Sending each
     * token as it accrues would cost a PUBLISH flush and a wake-up per tick or two; a catch-up is seconds
     * behind already, so waiting up to 50 ms for a full batch adds nothing a subscriber would notice.
     */
    private double chunk(double pace) {
        return Math.max(1, Math.min(Math.min(batchSize, pace / 20), ring.retained()));
    }

    /** Ticks the pace lets out now (0, or a chunk up to a batch). Publisher thread only. */
    private int paceAllowance() {
        long now = System.nanoTime();
        double pace = pace();
        tokens = Math.min(burst(pace), tokens + (now - lastRefillNanos) * pace / 1e9);
        lastRefillNanos = now;
        if (tokens < chunk(pace)) {
            return 0;
        }
        return (int) Math.min(batchSize, Math.floor(tokens));
    }

    /** Nanoseconds until the pace lets the next chunk out; 0 when it may go now or nothing is paced. */
    private long nanosToNextTick() {
        if (!catchingUp || paceAllowance() > 0) {
            return 0;
        }
        double pace = pace();
        return Math.max(1_000, (long) ((chunk(pace) - tokens) * 1e9 / pace));
    }

    private void idle(boolean usable, long now) {
        boolean paused = now - pauseUntilNanos < 0;
        long paceWait = nanosToNextTick();
        boolean canTakeTicks = usable && !paused && counters.inFlight.get() < maxInFlight && paceWait == 0;
        if (canTakeTicks && spinBeforePark) {
            for (int i = 0; i < SPINS; i++) {
                if (ring.hasReadable()) {
                    return;
                }
                Thread.onSpinWait();
            }
        }
        waitState = canTakeTicks ? WAITING_FOR_TICKS : WAITING_FOR_OTHER;
        // Re-check after announcing the wait: a tick published before the announcement is seen here, one
        // published after it sees the announcement and unparks (both sides use volatile accesses).
        boolean work = (canTakeTicks && ring.hasReadable()) || (usable && !paused && !retries.isEmpty());
        if (!work) {
            long park = Math.min(MAX_PARK_NANOS, Math.min(stats.nanosToNextRoll(now), connector.nanosToNextAttempt(now)));
            if (paused) {
                park = Math.min(park, pauseUntilNanos - now);
            }
            if (paceWait > 0) {
                park = Math.min(park, paceWait);
            }
            if (!shortGroups.isEmpty() && usable && !paused) {
                // Short groups are asked about again only on a usable connection: without one, this would spin.
                park = Math.min(park, Math.max(0, rewaitAfterNanos - now));
            }
            if (stopping) {
                park = Math.min(park, stopDeadlineNanos - now);
            }
            if (cluster != null && counters.inFlight.get() > 0) {
                // Commands Lettuce re-sent on its own (after MOVED/ASK or a reconnect) wait in a node's buffer.
                if (cluster.flushDue(now)) {
                    cluster.flush(now);
                }
                park = Math.min(park, ClusterConnector.LETTUCE_FLUSH_NANOS);
            }
            long parkedAt = System.nanoTime();
            LockSupport.parkNanos(this, Math.max(1_000, park));
            if (canTakeTicks) {
                spinBeforePark = System.nanoTime() - parkedAt < SPIN_USEFUL_NANOS;
            }
        }
        waitState = RUNNING;
    }

    private int publishBatch(int limit) {
        outgoing.clear();
        if (batchFormat) {
            json.resetWithHeadroom(frames.headroom());
            json.raw((byte) '[');
            batchCount = 0;
        }
        int n = ring.drain(this, limit);
        if (n == 0) {
            return 0;
        }
        if (batchFormat) {
            json.truncate(json.length() - 1); // the last tick's comma
            json.raw((byte) ']');
            byte[] frame = frames.frameInPlace(json, frameSpan, confirming ? nextId() : null);
            PublishCommand batch = new PublishCommand(this, frames.type(), frame, frameSpan[0], frameSpan[1], n, 0,
                    Arrays.copyOf(batchNanos, n), 0, nextOrder++);
            if (cluster != null) {
                batch.routeBy(cluster.routing(0));
            }
            outgoing.add(batch);
        }
        if (counters.inFlight.getAndAdd(n) == 0) {
            waitingSinceNanos = System.nanoTime();
        }
        send(outgoing);
        return n;
    }

    private void checkStall(long now) {
        long inFlight = counters.inFlight.get();
        boolean ping = pingOutstanding;
        if (inFlight == 0 && !ping) {
            notAnswering = false;
            return;
        }
        long quietSince = Math.max(lastReplyNanos, inFlight > 0 ? waitingSinceNanos : pingSentNanos);
        long quiet = now - quietSince;
        if (quiet < answerTimeoutNanos) {
            notAnswering = false;
            return;
        }
        if (!notAnswering) {
            notAnswering = true;
            String message = "Redis not answering: no reply for " + TimeUnit.NANOSECONDS.toMillis(quiet) + " ms with "
                    + (inFlight > 0 ? inFlight + " ticks outstanding" : "a PING outstanding")
                    + "; ticks wait in the buffer";
            connector.reportError(message, false);
            LOG.log(System.Logger.Level.WARNING, "Redis at {0}: {1}", config.endpoint().masked(), message);
        }
        if (quiet < stallTimeoutNanos) {
            return;
        }
        String message = "no reply for " + Duration.ofNanos(now - quietSince).toSeconds() + " s with " + inFlight
                + " ticks outstanding; reconnecting";
        connector.reportError(message, false);
        LOG.log(System.Logger.Level.WARNING, "Redis at {0}: {1}", config.endpoint().masked(), message);
        waitingSinceNanos = now; // give the new connection the full timeout
        pingSentNanos = now;
        connector.dropChannel();
    }

    /** With nothing outstanding and no reply for a while, asks Redis for one, so a freeze shows without traffic. */
    private void pingIfQuiet(long now) {
        if (pingOutstanding || counters.inFlight.get() > 0 || now - lastReplyNanos < PING_INTERVAL_NANOS
                || now - pingSentNanos < PING_INTERVAL_NANOS) {
            return;
        }
        StatefulConnection<byte[], byte[]> connection = connector.writableConnection();
        if (connection == null) {
            return;
        }
        PingCommand ping = new PingCommand(this::pingDone);
        pingOutstanding = true;
        pingSentNanos = now;
        SettlingCommand.dispatch(connection, List.of(ping));
    }

    /** I/O thread (or the publisher when the write is refused). */
    private void pingDone(boolean answered) {
        if (answered) {
            lastReplyNanos = System.nanoTime();
        }
        pingOutstanding = false;
    }

    /** Drained tick: encode it into the outgoing batch. */
    @Override
    public void accept(FeedEvent event, String connectionId, long offeredNanos) {
        if (batchFormat) {
            TickEncoder.write(json, event, connectionId);
            json.raw((byte) ',');
            batchNanos[batchCount++] = offeredNanos;
        } else {
            json.reset();
            TickEncoder.write(json, event, connectionId);
            // One generator of explicit IDs for all shards: rising overall, so rising within each shard's stream.
            int shard = shards == 1 ? 0 : TickShards.shardOf(event.symbol(), shards);
            PublishCommand.Frames target = shardFrames[shard];
            byte[] frame = target.frame(json, confirming ? nextId() : null);
            PublishCommand command = new PublishCommand(this, target.type(), frame, 0, frame.length, 1, offeredNanos,
                    null, 0, nextOrder++);
            command.shard(shard);
            if (cluster != null) {
                command.routeBy(cluster.routing(shard));
            }
            outgoing.add(command);
        }
    }

    /**
     * The next explicit entry ID: the wall clock's milliseconds, never below the last ID given, so IDs rise even when
     * the clock steps back. Publisher thread only.
     */
    private String nextId() {
        long now = System.currentTimeMillis();
        if (now > idMillis) {
            idMillis = now;
            idSequence = 0;
        } else {
            idSequence++;
        }
        return idMillis + "-" + idSequence;
    }

    /**
     * Groups whose WAIT fell short: on the connection that wrote them, one WAIT asks for all of them again; a group
     * written on a connection that is gone has its landed entries written again (a WAIT on another connection would
     * not vouch for them). With a cluster each master's groups are asked on that master's connection while it is
     * open. Publisher thread only; returns whether there was anything to do.
     */
    private boolean askShortGroupsAgain(long now) {
        if (shortGroups.isEmpty() || now - rewaitAfterNanos < 0) {
            return false;
        }
        Channel current = connector.writableChannel();
        Map<Channel, List<ConfirmGroup>> again = new LinkedHashMap<>();
        ConfirmGroup group;
        while ((group = shortGroups.poll()) != null) {
            boolean open = cluster != null ? group.channel().isActive() : current != null && group.channel() == current;
            if (open) {
                again.computeIfAbsent(group.channel(), c -> new ArrayList<>()).add(group);
            } else {
                shortChannels.remove(group.channel());
                resendLanded(group);
            }
        }
        for (Map.Entry<Channel, List<ConfirmGroup>> groups : again.entrySet()) {
            // WAIT on the channel that wrote the groups: only there does it vouch for their writes.
            SettlingCommand.writeToChannel(groups.getKey(),
                    List.of(new WaitCommand(this, groups.getValue(), replicasAck, WAIT_TIMEOUT_MILLIS)));
        }
        return true;
    }

    /** A group that can no longer be confirmed: its landed entries go again, with the same IDs. Any thread. */
    private void resendLanded(ConfirmGroup group) {
        for (PublishCommand member : group.members()) {
            if (member.landed()) {
                if (closing) {
                    settle(member, counters.shutdown);
                } else {
                    counters.resentUnconfirmed.addAndGet(member.ticks());
                    queueAgain(member.retry());
                }
            }
        }
    }

    private boolean sendRetries() {
        if (retries.isEmpty()) {
            return false;
        }
        outgoing.clear();
        PublishCommand failed;
        while (outgoing.size() < batchSize && (failed = retries.poll()) != null) {
            if (cluster != null) {
                cluster.takenAgain(failed);
            }
            outgoing.add(failed.retry());
        }
        send(outgoing);
        return true;
    }

    /**
     * Writes a batch as one message on the connection's channel ({@link SettlingCommand#writeToChannel}): Lettuce
     * tracks every command and replays the unanswered ones after a reconnect. A batch that finds no usable channel
     * (the connection died since the loop looked) waits with the retries.
     */
    private void send(List<PublishCommand> commands) {
        if (cluster != null) {
            if (!cluster.isUsable()) {
                pauseUntilNanos = System.nanoTime() + FAILURE_PAUSE_NANOS;
                for (PublishCommand command : commands) {
                    queueAgain(command);
                }
                return;
            }
            cluster.send(commands, System.nanoTime());
            return;
        }
        Channel channel = connector.writableChannel();
        if (channel == null) {
            pauseUntilNanos = System.nanoTime() + FAILURE_PAUSE_NANOS;
            retries.addAll(commands);
            return;
        }
        List<SettlingCommand<?>> batch = new ArrayList<>(commands.size() + 1);
        batch.addAll(commands);
        if (confirming) {
            // WAIT after the batch, in the same write: it vouches for every write made before it there.
            ConfirmGroup group = new ConfirmGroup(commands, channel);
            for (PublishCommand command : commands) {
                command.group(group);
            }
            batch.add(new WaitCommand(this, List.of(group), replicasAck, WAIT_TIMEOUT_MILLIS));
        }
        SettlingCommand.writeToChannel(channel, batch);
    }

    /** Returns whether publishing just became possible again (first connection, recovery). */
    private boolean updateState(boolean usable) {
        State next;
        if (usable && !refusing && notAnswering) {
            next = State.NOT_ANSWERING;
        } else if (usable && !refusing && waitingForReplicas()) {
            next = State.WAITING_FOR_REPLICAS;
        } else if (usable && !refusing) {
            next = State.CONNECTED;
        } else if (refusing || connector.needsOperator()) {
            next = State.DOWN;
        } else {
            next = State.RECONNECTING;
        }
        State previous = state;
        if (next == previous) {
            return false;
        }
        if (next == State.CONNECTED) {
            Instant since = downSince;
            downSince = null;
            LOG.log(System.Logger.Level.INFO, "Redis publishing {0}; {1} ticks buffered",
                    !everConnected || since == null ? "started"
                            : "resumed after " + Duration.between(since, Instant.now()).toMillis() + " ms",
                    ring.size() + counters.inFlight.get());
            everConnected = true;
        } else if (previous == State.CONNECTED) {
            downSince = Instant.now();
            LOG.log(System.Logger.Level.WARNING, "Redis publishing stopped ({0}); buffering up to {1} ticks",
                    next == State.DOWN ? String.valueOf(connector.lastError())
                            : next == State.NOT_ANSWERING ? "Redis not answering"
                            : next == State.WAITING_FOR_REPLICAS ? "waiting for " + replicasAck
                                    + " replica(s) to confirm with WAIT; the last WAIT had " + lastReplicasAcked
                            : "connection lost, reconnecting",
                    ring.capacity());
        }
        state = next;
        return next == State.CONNECTED;
    }

    /** Ends the loop: whatever could not be flushed in time is counted as a shutdown drop. */
    private void finish() {
        if (dropOldest) {
            evictOldest();
        }
        int left = ring.drain((event, connectionId, nanos) -> { }, Integer.MAX_VALUE);
        counters.shutdown.addAndGet(left);
        closing = true;
        PublishCommand failed;
        while ((failed = retries.poll()) != null) {
            settle(failed, counters.shutdown);
        }
        if (cluster != null) {
            for (PublishCommand held : cluster.takeHeld()) {
                settle(held, counters.shutdown);
            }
        }
        try {
            if (connector != null) {
                connector.close(); // cancels what is still in flight: onFailure counts those as shutdown drops
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the Redis connection failed", e);
        }
        ConfirmGroup unconfirmed;
        while ((unconfirmed = shortGroups.poll()) != null) {
            resendLanded(unconfirmed); // closing: counted as shutdown drops
        }
        state = State.CLOSED;
    }

    // ---- command outcomes (Lettuce I/O thread, or the publisher when a write is refused) ---------------------

    @Override
    public void onAck(PublishCommand command) {
        acked(command);
        answered(command);
    }

    @Override
    public void onErrorReply(PublishCommand command, String error) {
        errorReplied(command, error);
        answered(command);
    }

    @Override
    public void onFailure(PublishCommand command, Throwable cause) {
        failed(command);
        answered(command);
    }

    /**
     * Cluster: after each outcome has been handled (a command to send again is queued by then), the attempt stops
     * counting as unanswered in its shard's order; a shard holding newer ones back may go on.
     */
    private void answered(PublishCommand command) {
        if (cluster != null) {
            cluster.answered(command);
            if (cluster.holdsAny()) {
                wake();
            }
        }
    }

    private void acked(PublishCommand command) {
        long now = System.nanoTime();
        lastReplyNanos = now;
        if (confirming) {
            // Landed on the master; published only once a WAIT says enough replicas have it too.
            command.landed(true);
            refusing = false;
            return;
        }
        command.recordLatencies(stats, now);
        if (pubsub) {
            observeReceivers(command);
        }
        settle(command, counters.published);
        if (refusing) {
            refusing = false;
        }
    }

    private void errorReplied(PublishCommand command, String error) {
        lastReplyNanos = System.nanoTime();
        if (cluster != null && ClusterConnector.isRedirect(error) && !command.viaClusterRouting()) {
            // Written straight to a master that no longer owns the slot: not executed, so sent again, through
            // Lettuce's routing, which follows the redirect and refreshes its view of the cluster. (A redirect that
            // reaches here through Lettuce's routing means it gave up after its own redirects: refused, as before.)
            cluster.redirected(command);
            queueAgain(command);
            wake();
            return;
        }
        if (confirming && error.contains(ID_NOT_ABOVE_TOP)) {
            if (command.attempt() > 0 && !command.refusedBefore()) {
                // A re-sent entry Redis already holds: re-sends go in ID order, so everything up to the stream's top
                // came from an earlier attempt. Not written twice; confirmed by the group's WAIT like the others.
                counters.alreadyPresent.addAndGet(command.ticks());
                command.landed(true);
                return;
            }
            // Either the stream holds IDs above this console's, or this message was refused once (BUSY, OOM…) while the
            // batches behind it were written: it was never written, and its ID is now below the top. Counted, not
            // taken for a duplicate.
            connector.reportError("entry refused: the stream holds IDs above this console's entry " + (command
                    .refusedBefore() ? "(it was refused once before, so it is not in the stream: lost) " : "") + "("
                    + error + ")", true);
            settle(command, counters.publishFailed);
            return;
        }
        if (!closing && passes(error)) {
            command.refused();
            refusing = true;
            connector.reportError("command refused (" + error + ")", true);
            pauseUntilNanos = System.nanoTime() + ERROR_REPLY_PAUSE_NANOS;
            queueAgain(command);
            wake();
        } else {
            connector.reportError("message dropped, command refused (" + error + ")", false);
            settle(command, counters.publishFailed);
        }
    }

    private void failed(PublishCommand command) {
        if (closing) {
            settle(command, counters.shutdown);
            return;
        }
        pauseUntilNanos = System.nanoTime() + FAILURE_PAUSE_NANOS;
        queueAgain(command);
        wake();
    }

    /**
     * Queues {@code command} to be sent again. With a cluster its shard counts it first, so that none of the shard's
     * newer commands (held back, or on the same path) is written while it waits here: one that was would land before
     * it, and with explicit IDs its re-send would then be refused as below the stream's top and taken for a duplicate.
     * Any thread.
     */
    private void queueAgain(PublishCommand command) {
        if (cluster != null) {
            cluster.queuedAgain(command);
        }
        retries.add(command);
    }

    @Override
    public void onWaitAnswered(WaitCommand wait, long replicas, String error) {
        long now = System.nanoTime();
        lastReplyNanos = now;
        if (error != null && cluster != null && error.contains("replica")) {
            // The master that wrote these groups was turned into a replica (a failover) and its connection stayed open:
            // WAIT is refused there for good ("cannot be used with replica instances", or a blocked WAIT unblocked as
            // the role changed). Asked again it would be refused for ever, and their shards would hold every newer
            // tick back; so they go again (same IDs) to the slot's owner now, as when a connection breaks.
            LOG.log(System.Logger.Level.INFO, "Redis Cluster: a master turned replica before confirming {0} group(s) of"
                    + " ticks; writing them again to the new owner ({1})", wait.groups().size(), error);
            onWaitFailed(wait);
            return;
        }
        Channel channel = wait.groups().get(0).channel();
        if (cluster != null) {
            if (replicas >= replicasAck) {
                shortChannels.remove(channel);
            } else {
                shortChannels.add(channel);
            }
        }
        if (cluster == null || replicas < replicasAck || shortChannels.isEmpty()) {
            lastReplicasAcked = replicas; // while a master waits, health names its answer, not the others'
        }
        if (error != null) {
            // E.g. NOPERM (the ACL user may XADD but not WAIT): asked again it will say the same, so it must be seen.
            String words = "WAIT " + replicasAck + " refused (" + error + "): ticks stay unconfirmed";
            connector.reportError(words, error.startsWith("NOPERM") || error.startsWith("ERR unknown command"));
            if (!error.equals(lastWaitError)) {
                lastWaitError = error;
                LOG.log(System.Logger.Level.WARNING, "Redis at {0}: {1}", config.endpoint().masked(), words);
            }
        }
        if (replicas >= replicasAck) {
            waitingForReplicas = false;
            for (ConfirmGroup group : wait.groups()) {
                for (PublishCommand member : group.members()) {
                    // Members that did not land were re-queued when they failed, and settle as their re-sends.
                    if (member.landed()) {
                        member.recordLatencies(stats, now);
                        settle(member, counters.published);
                    }
                }
            }
            return;
        }
        // Fewer replicas than asked for (right after a failover the promoted one may have none yet): the entries
        // stay unconfirmed, counted as buffered, and WAIT is asked again after a pause.
        waitingForReplicas = true;
        rewaitAfterNanos = now + REWAIT_PAUSE_NANOS;
        shortGroups.addAll(wait.groups());
        wake();
    }

    @Override
    public void onWaitFailed(WaitCommand wait) {
        shortChannels.remove(wait.groups().get(0).channel());
        // The connection broke before WAIT answered: what landed on that master may not be on any replica, and only
        // writing it again (same IDs) to whichever master is current makes sure it exists there.
        for (ConfirmGroup group : wait.groups()) {
            resendLanded(group);
        }
        if (!closing) {
            pauseUntilNanos = System.nanoTime() + FAILURE_PAUSE_NANOS;
            wake();
        }
    }

    /** Whether published ticks wait for replicas: the latest WAIT fell short (with a cluster, some master's). */
    private boolean waitingForReplicas() {
        return cluster != null ? !shortChannels.isEmpty() : waitingForReplicas;
    }

    private void settle(PublishCommand command, AtomicLong outcome) {
        int ticks = command.ticks();
        outcome.addAndGet(ticks);
        if (outcome == counters.published) {
            counters.publishedPerShard.addAndGet(command.shard(), ticks);
        }
        counters.inFlight.addAndGet(-ticks);
        if (cluster != null && cluster.settled(command)) {
            wake(); // a shard may hold newer ticks back until this one settled
        } else if (waitState == WAITING_FOR_OTHER) {
            LockSupport.unpark(thread);
        }
    }

    /** PUBLISH's reply: count ticks that reached no one, and notice when the receiver count falls. I/O thread. */
    private void observeReceivers(PublishCommand command) {
        long now = command.receivers();
        if (now < 0) {
            return;
        }
        if (now == 0) {
            counters.publishedNoReceivers.addAndGet(command.ticks());
        }
        long before = receivers;
        receivers = now;
        if (receiversBaselineStale) {
            receiversBaselineStale = false; // a new connection: subscribers of the old server are not "lost" here
            return;
        }
        if (now >= before) {
            return;
        }
        boolean duringCatchUp = catchingUp;
        String loss = "PUBLISH reached " + now + " subscriber(s), down from " + before
                + (duringCatchUp ? " while catching up a backlog: a subscriber was probably disconnected by Redis for"
                        + " exceeding client-output-buffer-limit pubsub, and the ticks it missed are lost to it"
                        + " (REDIS_MODE=stream delivers every tick)"
                        : ": a subscriber left or was disconnected");
        lastSubscriberLoss = Instant.now() + " " + loss;
        counters.subscribersLost.addAndGet(before - now); // after the text: a reader seeing the count sees it too
        LOG.log(duringCatchUp ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "Redis at {0}: {1}",
                config.endpoint().masked(), loss);
    }

    /** Error replies that say "not now" rather than "never": the command is kept and sent again. */
    static boolean passes(String error) {
        // NOREPLICAS: min-replicas-to-write is not met now — exactly when REDIS_REPLICAS_ACK wants the ticks kept.
        return error.startsWith("NOAUTH") || error.startsWith("LOADING") || error.startsWith("BUSY")
                || error.startsWith("NOREPLICAS")
                || error.startsWith("MASTERDOWN") || error.startsWith("TRYAGAIN") || error.startsWith("READONLY")
                || error.startsWith("CLUSTERDOWN") || error.startsWith("MISCONF") || error.startsWith("OOM");
    }
}
