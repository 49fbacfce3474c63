package com.tickstock.console.republish;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts behind {@link RepublisherStatus}. Ticks accepted into the buffer are counted by the buffer itself
 * ({@link TickRing#offered()}); everything else is here, each field with the threads that write it. Any thread
 * may read any of them.
 */
final class TickCounters {

    /** Feed threads: ticks failing the seed's rules. LongAdder because many feed threads may add at once. */
    final LongAdder invalid = new LongAdder();
    /** Feed threads: ticks refused because the buffer was full. */
    final LongAdder bufferFull = new LongAdder();
    /** Feed threads: ticks offered after close. */
    final LongAdder afterClose = new LongAdder();
    /** Feed threads: events that are not ticks. */
    final LongAdder ignored = new LongAdder();

    /** Publisher thread: the oldest ticks evicted from a full buffer (drop-oldest). */
    final AtomicLong evictedOldest = new AtomicLong();
    /** Lettuce I/O thread: ticks PUBLISH acknowledged with zero receivers (counted in {@code published} too). */
    final AtomicLong publishedNoReceivers = new AtomicLong();
    /** Lettuce I/O thread: times PUBLISH's receiver count fell. */
    final AtomicLong subscribersLost = new AtomicLong();

    /**
     * Replica confirmation, I/O or publisher thread: ticks that landed on a master but were written again because no
     * WAIT confirmed them before their connection broke (their explicit IDs keep Redis from holding them twice).
     */
    final AtomicLong resentUnconfirmed = new AtomicLong();
    /** Replica confirmation, I/O thread: re-sent ticks Redis refused because the stream already held their IDs. */
    final AtomicLong alreadyPresent = new AtomicLong();

    /** Lettuce I/O thread: ticks acknowledged by Redis. */
    final AtomicLong published = new AtomicLong();
    /** Lettuce I/O thread, with {@link #published}: the same count by {@code REDIS_SHARDS} shard. */
    final AtomicLongArray publishedPerShard;
    /** Lettuce I/O thread: ticks in messages Redis rejected for good. */
    final AtomicLong publishFailed = new AtomicLong();
    /** Publisher thread, and the I/O thread when close cancels commands: ticks given up on at shutdown. */
    final AtomicLong shutdown = new AtomicLong();
    /**
     * Ticks drained from the buffer and not yet settled (sent and unacknowledged, or waiting to be re-sent).
     * Added by the publisher thread, subtracted by whichever thread settles a command.
     */
    final AtomicLong inFlight = new AtomicLong();

    TickCounters(int shards) {
        this.publishedPerShard = new AtomicLongArray(shards);
    }
}
