package com.tickstock.console.feed;

/** Why events a connection received never reached its consumers. */
public enum DropReason {
    /** The consumers fell behind and the bounded hand-off was full. */
    CONSUMER_BEHIND("consumer_behind"),
    /** The connection was shut down with events still queued for its consumers. */
    SHUTDOWN("shutdown");

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    /** The name used in health JSON and metrics. */
    public String key() {
        return key;
    }
}
