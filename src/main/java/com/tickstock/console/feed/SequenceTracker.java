package com.tickstock.console.feed;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-symbol sequence checking for trades and quotes. A gap is a jump of more than one (events
 * the feed numbered but this connection never saw, e.g. across a reconnect); out-of-order is a
 * number not above the last one seen for that symbol and type.
 *
 * <p>Only symbols this connection subscribed to are tracked: whatever else a server sends must not
 * grow the table, and a hostile or broken one could send any number of made-up symbols. A wildcard
 * subscription ({@code T.*}) covers every symbol, so the table is also bounded: once it holds
 * {@link #MAX_TRACKED_SYMBOLS} symbols, further ones go unchecked (and are counted).
 *
 * <p>The table lives as long as the connection, not a socket: a jump across a reconnect is a gap, events
 * this connection never saw.
 *
 * <p>Threads: the control thread publishes the subscribed scope ({@link #scopeTo}) as an immutable
 * value; {@link #check} runs on the thread reading a socket, one at a time and each after the other
 * under the connection's {@link ReceiveState} monitor (an old socket's last frame and a new one's
 * first may be read on two threads), and only there is the table touched. The totals are volatile
 * and the per-symbol gap map is concurrent, so any thread may read them.
 */
final class SequenceTracker {

    /** Far above the listed US stocks (~12,000), so a wildcard subscription is checked in full. */
    static final int MAX_TRACKED_SYMBOLS = 20_000;

    private static final System.Logger LOG = System.getLogger(SequenceTracker.class.getName());
    private static final int TRADES = 0;
    private static final int QUOTES = 1;

    /** Written by the control thread on every subscription change, read by the socket thread. */
    private volatile Scope scope = Scope.NONE;
    /** Checking thread only (see above): the scope the table was last pruned to. */
    private Scope applied = Scope.NONE;
    /** Checking thread only: last sequence by symbol, index 0 trades, 1 quotes. */
    private final Map<String, long[]> lastSeen = new HashMap<>();
    /** Written by the socket thread when a gap occurs (rare) or the scope shrinks, read by anyone. */
    private final ConcurrentHashMap<String, Long> gapsBySymbol = new ConcurrentHashMap<>();
    private volatile long gaps;
    private volatile long missing;
    private volatile long outOfOrder;
    private volatile long untracked;
    private boolean warnedFull;

    /** Sets the topics whose sequences are checked; symbols no longer covered are forgotten. Control thread. */
    void scopeTo(Collection<Topic> topics) {
        scope = Scope.of(topics);
    }

    void check(FeedEvent event) {
        if (event instanceof Trade trade) {
            check(trade.symbol(), TRADES, trade.sequence());
        } else if (event instanceof Quote quote) {
            check(quote.symbol(), QUOTES, quote.sequence());
        }
    }

    // ReferenceEquality: identity is the cheap per-event "republished since pruned" test; an equal new
    // instance only costs one prune that removes nothing.
    // NonAtomicVolatileUpdate: the socket thread is the only writer of the totals (see the class comment).
    @SuppressWarnings({"ReferenceEquality", "NonAtomicVolatileUpdate"})
    private void check(String symbol, int kind, long sequence) {
        if (sequence <= 0) {
            return; // the feed did not number this one
        }
        Scope current = scope;
        if (current != applied) {
            prune(current);
        }
        if (!current.covers(kind, symbol)) {
            return;
        }
        long[] last = lastSeen.get(symbol);
        if (last == null) {
            if (lastSeen.size() >= MAX_TRACKED_SYMBOLS) {
                untracked++; // one writer at a time: a plain increment of a volatile is safe here
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.log(Level.WARNING, "sequence checks cover " + MAX_TRACKED_SYMBOLS
                            + " symbols; further symbols go unchecked");
                }
                return;
            }
            last = new long[2];
            lastSeen.put(symbol, last);
        }
        long previous = last[kind];
        if (previous == 0) {
            last[kind] = sequence;
        } else if (sequence > previous + 1) {
            gaps++;
            missing += sequence - previous - 1;
            gapsBySymbol.merge(symbol, 1L, Long::sum);
            last[kind] = sequence;
        } else if (sequence <= previous) {
            outOfOrder++;
        } else {
            last[kind] = sequence;
        }
    }

    /**
     * Forgets what the new scope no longer covers. A type that is dropped and later subscribed again starts afresh:
     * the numbers it skipped meanwhile were never wanted, so they are no gap.
     */
    private void prune(Scope next) {
        Iterator<Map.Entry<String, long[]>> it = lastSeen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, long[]> entry = it.next();
            long[] last = entry.getValue();
            boolean trades = next.covers(TRADES, entry.getKey());
            boolean quotes = next.covers(QUOTES, entry.getKey());
            if (!trades) {
                last[TRADES] = 0;
            }
            if (!quotes) {
                last[QUOTES] = 0;
            }
            if (!trades && !quotes) {
                it.remove();
                gapsBySymbol.remove(entry.getKey());
            }
        }
        applied = next;
        warnedFull = false;
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

    /** Numbered events left unchecked because the table was full. */
    long untracked() {
        return untracked;
    }

    /** Symbols in the table now. Socket thread (or a test that is the only caller). */
    int trackedSymbols() {
        return lastSeen.size();
    }

    Map<String, Long> gapsBySymbol() {
        return Map.copyOf(gapsBySymbol);
    }

    /** The subscribed symbols of trades and quotes, immutable. */
    private record Scope(boolean allTrades, Set<String> trades, boolean allQuotes, Set<String> quotes) {

        static final Scope NONE = new Scope(false, Set.of(), false, Set.of());

        static Scope of(Collection<Topic> topics) {
            boolean allTrades = false;
            boolean allQuotes = false;
            Set<String> trades = new HashSet<>();
            Set<String> quotes = new HashSet<>();
            for (Topic topic : topics) {
                if (topic.type() == EventType.TRADE) {
                    allTrades |= topic.isWildcard();
                    trades.add(topic.ticker());
                } else if (topic.type() == EventType.QUOTE) {
                    allQuotes |= topic.isWildcard();
                    quotes.add(topic.ticker());
                }
            }
            return new Scope(allTrades, Set.copyOf(trades), allQuotes, Set.copyOf(quotes));
        }

        boolean covers(int kind, String symbol) {
            return kind == TRADES ? allTrades || trades.contains(symbol) : allQuotes || quotes.contains(symbol);
        }
    }
}
