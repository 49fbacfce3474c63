package com.tickstock.console.feed;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Why received events never reached where they were going: a connection's consumers, or Redis through the
 * republisher. Every dropped event is counted under exactly one reason; each part counts only its own reasons
 * ({@link #ofConnections()}, {@link #ofRepublisher()}).
 */
public enum DropReason {
    /** A connection's consumers fell behind and its bounded hand-off was full. */
    CONSUMER_BEHIND("consumer_behind"),
    /** Price not positive or not finite, negative volume, empty ticker or implausible timestamp (the seed's rules). */
    INVALID_TICK("invalid_tick"),
    /**
     * The republisher's buffer was full and the new tick was refused: Redis was slower than the feed, or down for
     * longer than the buffer covers, with {@code REDIS_BUFFER_OVERFLOW=drop-newest} (or, with drop-oldest, ticks
     * arriving faster than the oldest could be evicted).
     */
    BUFFER_FULL("buffer_full"),
    /** The republisher's buffer was full and its oldest tick was evicted for a new one ({@code REDIS_BUFFER_OVERFLOW=drop-oldest}). */
    BUFFER_FULL_OLDEST("buffer_full_oldest"),
    /** Redis answered the command with an error that retrying would not fix (e.g. WRONGTYPE on the stream key). */
    PUBLISH_FAILED("publish_failed"),
    /**
     * Shut down with events still on their way: a connection closed with events queued for its consumers, or
     * ticks still buffered when the republisher's {@code close()} gave up waiting (or offered after it).
     */
    SHUTDOWN("shutdown");

    private static final Set<DropReason> CONNECTIONS = Collections.unmodifiableSet(EnumSet.of(CONSUMER_BEHIND, SHUTDOWN));
    private static final Set<DropReason> REPUBLISHER = Collections.unmodifiableSet(
            EnumSet.of(INVALID_TICK, BUFFER_FULL, BUFFER_FULL_OLDEST, PUBLISH_FAILED, SHUTDOWN));

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    /** The snake_case name used in health JSON and metrics labels. */
    public String key() {
        return key;
    }

    /** The reasons a connection counts, in declaration order. */
    public static Set<DropReason> ofConnections() {
        return CONNECTIONS;
    }

    /** The reasons the Redis republisher counts, in declaration order. */
    public static Set<DropReason> ofRepublisher() {
        return REPUBLISHER;
    }
}
