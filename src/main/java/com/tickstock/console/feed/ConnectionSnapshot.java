package com.tickstock.console.feed;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable picture of one connection, published a few times a second by its control thread.
 * Everything an operator needs to tell whether the connection is healthy and, if not, why.
 *
 * @param id                 e.g. {@code connection_1}
 * @param name               e.g. {@code primary}
 * @param url                the feed URL (it never holds the key)
 * @param state              current state
 * @param cause              why it is in that state
 * @param detail             server/socket words for the cause, may be empty
 * @param attempt            consecutive failed attempts so far (0 when healthy)
 * @param nextRetryAt        when the next reconnect attempt is due, or {@code null}
 * @param connectedSince     when the current socket opened, or {@code null}
 * @param lastMessageMillis  wall time of the last frame received, 0 if none
 * @param frames             frames received
 * @param chars              characters received (≈ bytes: the feed is ASCII JSON)
 * @param eventsByType       events received by type (status included)
 * @param unknownEvents      events of an unknown type, skipped
 * @param decodeErrors       malformed events or frames
 * @param lastDecodeError    the newest decode error (a short excerpt), or {@code ""}
 * @param statusErrors       {@code status: error} frames
 * @param lastStatusError    the newest error message, or {@code ""}
 * @param reconnects         reconnect attempts started
 * @param limitKicks         {@code max_connections} kicks received in a row
 * @param msgsPerSecond      market-data events per second over the last seconds
 * @param lagMsP50           feed lag median over the window, -1 when no data
 * @param lagMsP99           feed lag 99th percentile over the window, -1 when no data
 * @param lagCount           lags measured since start, -1 when not measured
 * @param lagSumMillis       their sum in ms, -1 when not measured
 * @param sequenceGaps       number of per-symbol sequence gaps seen in trades and quotes
 * @param sequenceMissing    how many numbered events those gaps skipped
 * @param outOfOrder         trades/quotes whose sequence was not above the last one
 * @param dropped            events received but never delivered to consumers, by reason
 * @param consumerErrors     exceptions thrown by consumers
 * @param handoffDepth       frames waiting for the consumers right now
 * @param subscriptionsPending   desired topics not yet acknowledged
 * @param subscriptionsConfirmed desired topics acknowledged
 * @param subscriptionsRejected  desired topics the server refused
 * @param takenAt            when this snapshot was made
 * @param connectionErrors   sockets lost or refused, by kind (see {@link ConnectionErrorKind}); only kinds seen
 * @param staleReconnectAt   while STALE: when the connection will drop its silent socket and connect afresh, else
 *                           {@code null} (not STALE, stale reconnects off, or silence expected)
 */
public record ConnectionSnapshot(
        String id, String name, String url, ConnectionState state, Cause cause, String detail, int attempt,
        Instant nextRetryAt, Instant connectedSince, long lastMessageMillis,
        long frames, long chars, Map<EventType, Long> eventsByType, long unknownEvents,
        long decodeErrors, String lastDecodeError, long statusErrors, String lastStatusError,
        long reconnects, int limitKicks, double msgsPerSecond, long lagMsP50, long lagMsP99,
        long lagCount, long lagSumMillis, long sequenceGaps, long sequenceMissing, long outOfOrder, Map<DropReason, Long> dropped, long consumerErrors,
        int handoffDepth, int subscriptionsPending, int subscriptionsConfirmed, int subscriptionsRejected,
        Instant takenAt, Map<ConnectionErrorKind, Long> connectionErrors, Instant staleReconnectAt) {

    public ConnectionSnapshot {
        eventsByType = Map.copyOf(eventsByType);
        dropped = Map.copyOf(dropped);
        connectionErrors = Map.copyOf(connectionErrors);
    }

    /** Without connection errors or a planned stale reconnect: for makers that know neither. */
    public ConnectionSnapshot(
            String id, String name, String url, ConnectionState state, Cause cause, String detail, int attempt,
            Instant nextRetryAt, Instant connectedSince, long lastMessageMillis,
            long frames, long chars, Map<EventType, Long> eventsByType, long unknownEvents,
            long decodeErrors, String lastDecodeError, long statusErrors, String lastStatusError,
            long reconnects, int limitKicks, double msgsPerSecond, long lagMsP50, long lagMsP99,
            long lagCount, long lagSumMillis, long sequenceGaps, long sequenceMissing, long outOfOrder,
            Map<DropReason, Long> dropped, long consumerErrors,
            int handoffDepth, int subscriptionsPending, int subscriptionsConfirmed, int subscriptionsRejected,
            Instant takenAt) {
        this(id, name, url, state, cause, detail, attempt, nextRetryAt, connectedSince, lastMessageMillis, frames, chars,
                eventsByType, unknownEvents, decodeErrors, lastDecodeError, statusErrors, lastStatusError, reconnects,
                limitKicks, msgsPerSecond, lagMsP50, lagMsP99, lagCount, lagSumMillis, sequenceGaps, sequenceMissing,
                outOfOrder, dropped, consumerErrors, handoffDepth, subscriptionsPending, subscriptionsConfirmed,
                subscriptionsRejected, takenAt, Map.of(), null);
    }

    /** Without the lag's count and sum (both -1): for makers that measure only its quantiles. */
    public ConnectionSnapshot(
            String id, String name, String url, ConnectionState state, Cause cause, String detail, int attempt,
            Instant nextRetryAt, Instant connectedSince, long lastMessageMillis,
            long frames, long chars, Map<EventType, Long> eventsByType, long unknownEvents,
            long decodeErrors, String lastDecodeError, long statusErrors, String lastStatusError,
            long reconnects, int limitKicks, double msgsPerSecond, long lagMsP50, long lagMsP99,
            long sequenceGaps, long sequenceMissing, long outOfOrder, Map<DropReason, Long> dropped, long consumerErrors,
            int handoffDepth, int subscriptionsPending, int subscriptionsConfirmed, int subscriptionsRejected,
            Instant takenAt) {
        this(id, name, url, state, cause, detail, attempt, nextRetryAt, connectedSince, lastMessageMillis, frames, chars,
                eventsByType, unknownEvents, decodeErrors, lastDecodeError, statusErrors, lastStatusError, reconnects,
                limitKicks, msgsPerSecond, lagMsP50, lagMsP99, -1, -1, sequenceGaps, sequenceMissing, outOfOrder,
                dropped, consumerErrors, handoffDepth, subscriptionsPending, subscriptionsConfirmed,
                subscriptionsRejected, takenAt, Map.of(), null);
    }

    /** Market-data events received (every type but status): the seed's {@code message_count}. */
    public long marketDataEvents() {
        long n = 0;
        for (Map.Entry<EventType, Long> e : eventsByType.entrySet()) {
            if (e.getKey().isMarketData()) {
                n += e.getValue();
            }
        }
        return n;
    }

    public long events(EventType type) {
        return eventsByType.getOrDefault(type, 0L);
    }

    public long droppedTotal() {
        return sum(dropped);
    }

    /** This snapshot, but FAILED for {@code why}: its counts are the last the connection could make. */
    public ConnectionSnapshot failed(Cause why, String words) {
        return new ConnectionSnapshot(id, name, url, ConnectionState.FAILED, why, words, attempt, null, connectedSince,
                lastMessageMillis, frames, chars, eventsByType, unknownEvents, decodeErrors, lastDecodeError,
                statusErrors, lastStatusError, reconnects, limitKicks, msgsPerSecond, lagMsP50, lagMsP99, lagCount,
                lagSumMillis, sequenceGaps,
                sequenceMissing, outOfOrder, dropped, consumerErrors, handoffDepth, subscriptionsPending,
                subscriptionsConfirmed, subscriptionsRejected, takenAt, connectionErrors, null);
    }

    public long connectionErrors(ConnectionErrorKind kind) {
        return connectionErrors.getOrDefault(kind, 0L);
    }

    /** Sockets lost or refused, of every kind. */
    public long connectionErrorsTotal() {
        return sum(connectionErrors);
    }

    private static long sum(Map<?, Long> counts) {
        long n = 0;
        for (long v : counts.values()) {
            n += v;
        }
        return n;
    }
}
