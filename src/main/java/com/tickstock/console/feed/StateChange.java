package com.tickstock.console.feed;

import java.time.Duration;
import java.time.Instant;

/**
 * One immutable state transition of a feed connection.
 *
 * @param connectionId the connection, e.g. {@code connection_1}
 * @param previous     the state before
 * @param state        the state now
 * @param cause        why, in operator terms
 * @param detail       extra words from the server or the socket (never a secret), may be empty
 * @param attempt      the reconnect attempt this belongs to (1 for the first retry), 0 when none
 * @param nextDelay    for {@link ConnectionState#RECONNECTING}: time until the next try, else {@code null}
 * @param at           wall-clock time of the change
 */
public record StateChange(String connectionId, ConnectionState previous, ConnectionState state, Cause cause,
                          String detail, int attempt, Duration nextDelay, Instant at) {

    public StateChange {
        detail = detail == null ? "" : detail;
    }

    /** A one-line description, e.g. "RECONNECTING: connection dropped (attempt 2, next try in 1.3 s)". */
    public String describe() {
        String what = describeCause();
        return nextDelay == null ? what : what + String.format(java.util.Locale.ROOT, " (attempt %d, next try in %.1f s)",
                attempt, nextDelay.toMillis() / 1000.0);
    }

    /**
     * The state and what caused it, without the retry plan, e.g. "RECONNECTING: connection dropped": what a notice
     * may still say once the connection is back, when "next try in 1.3 s" would be stale.
     */
    public String describeCause() {
        StringBuilder sb = new StringBuilder(state.name());
        String words = cause.words();
        if (!words.isEmpty()) {
            sb.append(": ").append(words);
        }
        if (!detail.isEmpty()) {
            sb.append(" — ").append(detail);
        }
        return sb.toString();
    }
}
