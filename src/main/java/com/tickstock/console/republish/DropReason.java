package com.tickstock.console.republish;

/** Why a tick was not republished. Every dropped tick is counted under exactly one reason. */
public enum DropReason {
    /** Price not positive or not finite, negative volume, empty ticker or implausible timestamp (the seed's rules). */
    INVALID_TICK("invalid_tick"),
    /**
     * The buffer was full and the new tick was refused: Redis was slower than the feed, or down for longer than
     * the buffer covers, with {@code REDIS_BUFFER_OVERFLOW=drop-newest} (or, with drop-oldest, ticks arriving
     * faster than the oldest could be evicted).
     */
    BUFFER_FULL("buffer_full"),
    /** The buffer was full and its oldest tick was evicted for a new one ({@code REDIS_BUFFER_OVERFLOW=drop-oldest}). */
    BUFFER_FULL_OLDEST("buffer_full_oldest"),
    /** Redis answered the command with an error that retrying would not fix (e.g. WRONGTYPE on the stream key). */
    PUBLISH_FAILED("publish_failed"),
    /** Still buffered when {@code close()} gave up waiting, or offered after it. */
    SHUTDOWN("shutdown");

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    /** The snake_case name used in the health snapshot and metrics labels. */
    public String key() {
        return key;
    }
}
