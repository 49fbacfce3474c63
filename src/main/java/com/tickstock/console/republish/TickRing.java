package com.tickstock.console.republish;

import com.tickstock.console.feed.FeedEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded buffer between the feed's consumer threads and the publisher thread: an array ring, many
 * producers, one consumer, that never blocks and never allocates per tick.
 *
 * <p>A producer claims a sequence number with a CAS on {@code tail} (failing fast when the ring is full),
 * fills the slot's three arrays, then publishes the slot by storing {@code sequence + 1} into
 * {@code published[slot]}. The consumer takes slots in order while their published value matches. A claimed
 * but not yet published slot simply ends the current drain; the producer publishes it a moment later.
 * (Measured against {@code ArrayBlockingQueue}: its lock makes the producer and the draining thread take
 * turns, which on two cores costs more than the CAS.)
 *
 * <p>Dropping the oldest when full: a ring built {@code withSlack} accepts ticks beyond {@code capacity}, up to
 * its array length (at least {@link #MIN_SLACK} more), and the consumer discards the excess from the head
 * ({@link #evictExcess}) before it drains anything. Producers cannot move {@code head} themselves without making
 * every drain a CAS; the excess is counted as dropped the moment it exists ({@link #excess}), so the counts stay
 * exact while the publisher catches up with the eviction. Only if the slack fills too is the newest refused.
 *
 * <p>Threads: {@link #offer} from any number of feed threads; {@link #drain}, {@link #evictExcess} and the
 * consumer-side fields only from the publisher thread; {@link #size}, {@link #excess} and {@link #offered} from
 * anyone.
 */
final class TickRing {

    /** Receives drained ticks on the publisher thread. */
    interface Sink {
        void accept(FeedEvent event, String connectionId, long offeredNanos);
    }

    private static final VarHandle PUBLISHED = MethodHandles.arrayElementVarHandle(long[].class);

    /** Room beyond the capacity that a ring with slack keeps at least, for the ticks offered between evictions. */
    static final int MIN_SLACK = 1_024;

    private final int capacity;
    /** Most ticks held at once: {@code capacity} without slack, the array length with it. */
    private final int limit;
    private final int mask;
    private final FeedEvent[] events;
    private final String[] connectionIds;
    private final long[] offeredNanos;
    /** Per slot: sequence + 1 once that sequence's tick is readable. Written by producers, read by the consumer. */
    private final long[] published;

    /** Next sequence to claim; every claimed sequence is one tick accepted. Written by producers (CAS). */
    private final AtomicLong tail = new AtomicLong();
    /** Next sequence to consume. Written by the consumer only (release), read by producers. */
    private volatile long head;
    /** Producers' last look at {@code head}: a stale value only costs an extra volatile read. */
    private long headCache;

    /** A ring that refuses the newest tick when it holds {@code capacity}. */
    TickRing(int capacity) {
        this(capacity, false);
    }

    /**
     * @param withSlack accept ticks beyond {@code capacity} for {@link #evictExcess} to drop from the oldest end,
     *                  rather than refusing the newest
     */
    TickRing(int capacity, boolean withSlack) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        int wanted = withSlack ? capacity + MIN_SLACK : capacity;
        int length = Integer.highestOneBit(wanted);
        if (length < wanted) {
            length <<= 1;
        }
        this.limit = withSlack ? length : capacity;
        this.mask = length - 1;
        this.events = new FeedEvent[length];
        this.connectionIds = new String[length];
        this.offeredNanos = new long[length];
        this.published = new long[length];
    }

    int capacity() {
        return capacity;
    }

    /** Returned by {@link #offerTracked}: the tick was refused, taken, or taken beyond {@code capacity}. */
    static final int REFUSED = 0;
    static final int TAKEN = 1;
    static final int TAKEN_OVER_CAPACITY = 2;

    /**
     * Adds a tick unless the ring is full: it holds {@code capacity} ticks, or with slack, its whole array (the
     * publisher has not evicted the excess in time). Never blocks.
     */
    boolean offer(FeedEvent event, String connectionId, long nanos) {
        return offerTracked(event, connectionId, nanos) != REFUSED;
    }

    /** {@link #offer}, also saying whether the ring now holds more than {@code capacity} (evict the oldest). */
    int offerTracked(FeedEvent event, String connectionId, long nanos) {
        long sequence;
        do {
            sequence = tail.get();
            if (sequence - headCache >= limit) {
                headCache = head;
                if (sequence - headCache >= limit) {
                    return REFUSED;
                }
            }
        } while (!tail.compareAndSet(sequence, sequence + 1));
        int slot = (int) sequence & mask;
        events[slot] = event;
        connectionIds[slot] = connectionId;
        offeredNanos[slot] = nanos;
        // Volatile rather than release: the producer reads the consumer's "parked" flag next, and that read
        // must not move before this store, or a wake-up could be missed (see PublisherLoop.idle).
        PUBLISHED.setVolatile(published, slot, sequence + 1);
        // headCache may be stale (only ever behind), so "over" is confirmed against the real head.
        if (sequence - headCache >= capacity && sequence - (headCache = head) >= capacity) {
            return TAKEN_OVER_CAPACITY;
        }
        return TAKEN;
    }

    /** Hands at most {@code limit} ticks to {@code sink}, oldest first; returns how many. Publisher thread only. */
    int drain(Sink sink, int limit) {
        long h = head;
        int n = 0;
        while (n < limit) {
            int slot = (int) h & mask;
            if ((long) PUBLISHED.getAcquire(published, slot) != h + 1) {
                break;
            }
            FeedEvent event = events[slot];
            String connectionId = connectionIds[slot];
            long nanos = offeredNanos[slot];
            events[slot] = null;
            connectionIds[slot] = null;
            h++;
            n++;
            sink.accept(event, connectionId, nanos);
        }
        if (n > 0) {
            head = h;
        }
        return n;
    }

    /**
     * Discards the oldest ticks beyond {@code capacity}; returns how many. Publisher thread only. A producer may
     * still be filling a claimed slot at the head: then fewer are discarded now and the rest next time.
     */
    int evictExcess() {
        long excess = tail.get() - head - capacity;
        return excess <= 0 ? 0 : drain(DISCARD, (int) Math.min(excess, Integer.MAX_VALUE));
    }

    private static final Sink DISCARD = (event, connectionId, offeredNanos) -> { };

    /** Ticks held beyond {@code capacity}, due to be evicted: already lost, though still in the array. */
    long excess() {
        long h = head;
        return Math.max(0, tail.get() - h - capacity);
    }

    /** Whether a tick is ready to drain. Publisher thread only. */
    boolean hasReadable() {
        long h = head;
        return (long) PUBLISHED.getAcquire(published, (int) h & mask) == h + 1;
    }

    /** Ticks accepted so far. */
    long offered() {
        return tail.get();
    }

    /** Ticks accepted and not yet drained or evicted (a moment's claimed-not-published ones included). */
    int size() {
        long h = head;
        long t = tail.get();
        return (int) Math.max(0, Math.min(limit, t - h));
    }

    /** Ticks accepted and still to be sent: {@link #size} without the {@link #excess} due to be evicted. */
    int retained() {
        return Math.min(capacity, size());
    }
}
