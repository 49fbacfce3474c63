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
 * <p>Threads: {@link #offer} from any number of feed threads; {@link #drain} and the consumer-side
 * fields only from the publisher thread; {@link #size} and {@link #offered} from anyone.
 */
final class TickRing {

    /** Receives drained ticks on the publisher thread. */
    interface Sink {
        void accept(FeedEvent event, String connectionId, long offeredNanos);
    }

    private static final VarHandle PUBLISHED = MethodHandles.arrayElementVarHandle(long[].class);

    private final int capacity;
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

    TickRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        int length = Integer.highestOneBit(capacity);
        if (length < capacity) {
            length <<= 1;
        }
        this.mask = length - 1;
        this.events = new FeedEvent[length];
        this.connectionIds = new String[length];
        this.offeredNanos = new long[length];
        this.published = new long[length];
    }

    int capacity() {
        return capacity;
    }

    /** Adds a tick unless the ring holds {@code capacity} ticks already. Never blocks. */
    boolean offer(FeedEvent event, String connectionId, long nanos) {
        long sequence;
        do {
            sequence = tail.get();
            if (sequence - headCache >= capacity) {
                headCache = head;
                if (sequence - headCache >= capacity) {
                    return false;
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
        return true;
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

    /** Whether a tick is ready to drain. Publisher thread only. */
    boolean hasReadable() {
        long h = head;
        return (long) PUBLISHED.getAcquire(published, (int) h & mask) == h + 1;
    }

    /** Ticks accepted so far. */
    long offered() {
        return tail.get();
    }

    /** Ticks accepted and not yet drained (a moment's claimed-not-published ones included). */
    int size() {
        long h = head;
        long t = tail.get();
        return (int) Math.max(0, Math.min(capacity, t - h));
    }
}
