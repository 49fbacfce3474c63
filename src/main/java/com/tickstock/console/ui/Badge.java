package com.tickstock.console.ui;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import java.util.Locale;

/**
 * What a connection's state badge says and how it is coloured, in operator words:
 * "streaming", "reconnecting in 4 s", "stale 12 s", "auth failed", "connection limit reached".
 *
 * @param text     the badge text
 * @param cause    the cause line under it (may be empty)
 * @param severity the badge colour
 */
record Badge(String text, String cause, Severity severity) {

    /** Badge colours; the CSS style class is {@code badge-<name in lower case>}. */
    enum Severity {
        OK, WORKING, WARN, BAD, IDLE;

        String styleClass() {
            return "badge-" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the badge means and, when there is one, its whole cause: the badge's tooltip. */
    String explanation() {
        String meaning = switch (severity) {
            case OK -> "Streaming: connected, authenticated, subscribed, and data is arriving.";
            case WORKING -> "Connecting, authenticating or subscribing: no data yet.";
            case WARN -> "In trouble, and the console is acting on it: reconnecting (the countdown is to the next"
                    + " attempt) or stale (no data for the stale time; the seconds are since the last message).";
            case BAD -> "Failed for good: the console will not retry by itself (a wrong key, the connection limit,"
                    + " retries used up). Connect tries again.";
            case IDLE -> "Disconnected: by the operator, or not connected yet.";
        };
        return cause.isEmpty() ? meaning : meaning + "\n\n" + text + ": " + cause;
    }

    static Badge of(ConnectionSnapshot feed, long nowMillis) {
        ConnectionState state = feed.state();
        String cause = causeLine(feed);
        switch (state) {
            case STREAMING:
                return new Badge("streaming", "", Severity.OK);
            case STALE:
                // What it will do about it, and when: "stale 42 s", "no data from the feed — reconnecting in 48 s".
                return new Badge(feed.lastMessageMillis() <= 0 ? "stale"
                        : "stale " + Math.max(0, (nowMillis - feed.lastMessageMillis()) / 1000) + " s",
                        "no data from the feed" + (feed.staleReconnectAt() == null ? ""
                                : " — reconnecting in " + secondsUntil(feed.staleReconnectAt(), nowMillis) + " s"),
                        Severity.WARN);
            case RECONNECTING: {
                String in = feed.nextRetryAt() == null ? "" : " in " + secondsUntil(feed.nextRetryAt(), nowMillis) + " s";
                return new Badge("reconnecting" + in, cause, Severity.WARN);
            }
            case FAILED:
                return new Badge(feed.cause() == Cause.NONE ? "failed" : feed.cause().words(),
                        feed.detail(), Severity.BAD);
            case DISCONNECTED:
                return new Badge("disconnected", cause, Severity.IDLE);
            default:
                return new Badge(state.name().toLowerCase(Locale.ROOT), cause, Severity.WORKING);
        }
    }

    /** Whole seconds until {@code at}, rounded up, never below 0. */
    private static long secondsUntil(java.time.Instant at, long nowMillis) {
        return Math.max(0, (at.toEpochMilli() - nowMillis + 999) / 1000);
    }

    private static String causeLine(ConnectionSnapshot feed) {
        String words = feed.cause().words();
        if (feed.attempt() > 0 && !words.isEmpty()) {
            return words + " (attempt " + feed.attempt() + ")";
        }
        return words;
    }
}
