package com.tickstock.console.manager;

import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;

/**
 * One connection's health: the feed connection's own snapshot plus what the manager knows.
 *
 * @param feed            the connection's snapshot
 * @param universeKey     where its initial tickers came from ({@code ""} when listed directly)
 * @param assignedTickers tickers routed to it now
 */
public record ConnectionHealth(ConnectionSnapshot feed, String universeKey, int assignedTickers) {

    /**
     * The seed's status vocabulary — {@code connected} only while streaming, {@code connecting}
     * on the way up or while retrying, {@code error} once given up — plus {@code stale} for a
     * subscribed socket that delivers nothing, which the seed could not tell apart.
     */
    public String seedStatus() {
        ConnectionState state = feed.state();
        switch (state) {
            case STREAMING:
                return "connected";
            case STALE:
                return "stale";
            case FAILED:
                return "error";
            case DISCONNECTED:
                return "disconnected";
            default:
                return "connecting";
        }
    }

    /** The seed's {@code error_count}: malformed input and server error statuses. */
    public long errorCount() {
        return feed.decodeErrors() + feed.statusErrors();
    }
}
