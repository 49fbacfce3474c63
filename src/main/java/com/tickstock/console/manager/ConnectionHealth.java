package com.tickstock.console.manager;

import com.tickstock.console.config.Tickers;
import com.tickstock.console.feed.ConnectionErrorKind;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection's health: the feed connection's own snapshot plus what the manager knows.
 *
 * @param feed            the connection's snapshot
 * @param universeKey     where its initial tickers came from ({@code ""} when listed directly, {@code *} when it
 *                        subscribes every ticker)
 * @param assignedTickers tickers routed to it now (for {@code *}: the tickers it has delivered so far)
 */
public record ConnectionHealth(ConnectionSnapshot feed, String universeKey, int assignedTickers) {

    /** Whether the connection subscribes every ticker ({@code _SYMBOLS=*}). */
    public boolean allTickers() {
        return Tickers.ALL.equals(universeKey);
    }

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

    /** The kind of a decode error in {@link #errorsByKind()}: a malformed frame or event. */
    public static final String DECODE = "decode";
    /** The kind of a {@code status: error} frame in {@link #errorsByKind()}. */
    public static final String SERVER_ERROR = "server_error";

    /**
     * The seed's {@code error_count}: malformed input, server error statuses, and sockets lost or refused (a bad
     * key, a connection-limit kick, a drop, ...): a failing connection must not read 0 errors.
     */
    public long errorCount() {
        return feed.decodeErrors() + feed.statusErrors() + feed.connectionErrorsTotal();
    }

    /**
     * {@link #errorCount()} by kind, every kind present (0 when none): {@code decode}, {@code server_error}, then
     * each {@link ConnectionErrorKind} by its key. The values add up to {@link #errorCount()}.
     */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> kinds = new LinkedHashMap<>();
        kinds.put(DECODE, feed.decodeErrors());
        kinds.put(SERVER_ERROR, feed.statusErrors());
        for (ConnectionErrorKind kind : ConnectionErrorKind.values()) {
            kinds.put(kind.key(), feed.connectionErrors(kind));
        }
        return kinds;
    }
}
