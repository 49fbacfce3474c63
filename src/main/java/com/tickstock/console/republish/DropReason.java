package com.tickstock.console.republish;

/** Why a tick was not republished. Every dropped tick is counted under exactly one reason. */
public enum DropReason {
    /** Price not positive or not finite, negative volume, empty ticker or implausible timestamp (the seed's rules). */
    INVALID_TICK("invalid_tick"),
    /** The buffer was full: Redis was slower than the feed, or down for longer than the buffer covers. */
    BUFFER_FULL("buffer_full"),
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
