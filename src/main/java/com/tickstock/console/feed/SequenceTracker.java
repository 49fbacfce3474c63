package com.tickstock.console.feed;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-symbol sequence checking for trades and quotes. A gap is a jump of more than one (events
 * the feed numbered but this connection never saw, e.g. across a reconnect); out-of-order is a
 * number not above the last one seen for that symbol and type.
 *
 * <p>Threads: the socket thread alone calls {@link #check}; the totals are volatile and the
 * per-symbol gap map is concurrent, so any thread may read them.
 */
final class SequenceTracker {

    private static final int TRADES = 0;
    private static final int QUOTES = 1;

    /** Socket thread only: last sequence by symbol, index 0 trades, 1 quotes. */
    private final Map<String, long[]> lastSeen = new HashMap<>();
    /** Written by the socket thread when a gap occurs (rare), read by anyone. */
    private final ConcurrentHashMap<String, Long> gapsBySymbol = new ConcurrentHashMap<>();
    private volatile long gaps;
    private volatile long missing;
    private volatile long outOfOrder;

    void check(FeedEvent event) {
        if (event instanceof Trade trade) {
            check(trade.symbol(), TRADES, trade.sequence());
        } else if (event instanceof Quote quote) {
            check(quote.symbol(), QUOTES, quote.sequence());
        }
    }

    private void check(String symbol, int kind, long sequence) {
        if (sequence <= 0) {
            return; // the feed did not number this one
        }
        long[] last = lastSeen.computeIfAbsent(symbol, s -> new long[2]);
        long previous = last[kind];
        if (previous == 0) {
            last[kind] = sequence;
        } else if (sequence > previous + 1) {
            gaps++; // single writer: a plain increment of a volatile is safe here
            missing += sequence - previous - 1;
            gapsBySymbol.merge(symbol, 1L, Long::sum);
            last[kind] = sequence;
        } else if (sequence <= previous) {
            outOfOrder++;
        } else {
            last[kind] = sequence;
        }
    }

    long gaps() {
        return gaps;
    }

    /** Sum of the sizes of all gaps: how many numbered events were never seen. */
    long missing() {
        return missing;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    Map<String, Long> gapsBySymbol() {
        return Map.copyOf(gapsBySymbol);
    }
}
