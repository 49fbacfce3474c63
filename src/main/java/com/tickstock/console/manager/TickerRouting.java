package com.tickstock.console.manager;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which connection carries which ticker: an immutable value. The manager replaces it as a whole
 * under its lock (copy on write), so readers on any thread see a consistent table without
 * locking — the original mutated its maps without the lock while readers held it (defect 11).
 */
public final class TickerRouting {

    private final Map<String, String> connectionByTicker;
    private final Map<String, Set<String>> tickersByConnection;

    private TickerRouting(Map<String, String> connectionByTicker, Map<String, Set<String>> tickersByConnection) {
        this.connectionByTicker = connectionByTicker;
        this.tickersByConnection = tickersByConnection;
    }

    static TickerRouting empty(Iterable<String> connectionIds) {
        Map<String, Set<String>> byConnection = new LinkedHashMap<>();
        for (String id : connectionIds) {
            byConnection.put(id, Set.of());
        }
        return new TickerRouting(Map.of(), Collections.unmodifiableMap(byConnection));
    }

    /**
     * A routing read from elsewhere (an attached console's copy of a feeder's {@code assignment}): tickers of a
     * connection not in {@code connectionIds} are kept under their own connection id.
     */
    public static TickerRouting of(Iterable<String> connectionIds, Map<String, String> connectionByTicker) {
        Map<String, Set<String>> byConnection = new LinkedHashMap<>();
        for (String id : connectionIds) {
            byConnection.put(id, new TreeSet<>());
        }
        connectionByTicker.forEach((ticker, id) -> byConnection.computeIfAbsent(id, k -> new TreeSet<>()).add(ticker));
        return freeze(new HashMap<>(connectionByTicker), byConnection);
    }

    /** The connection carrying {@code ticker}, or {@code null}. */
    public String connectionOf(String ticker) {
        return connectionByTicker.get(ticker);
    }

    /** The tickers on a connection (sorted), empty for an unknown id. */
    public Set<String> tickersOf(String connectionId) {
        return tickersByConnection.getOrDefault(connectionId, Set.of());
    }

    public int load(String connectionId) {
        return tickersOf(connectionId).size();
    }

    public Set<String> connectionIds() {
        return tickersByConnection.keySet();
    }

    public Map<String, String> assignments() {
        return connectionByTicker;
    }

    public int size() {
        return connectionByTicker.size();
    }

    /** A copy with {@code tickers} assigned to {@code connectionId} (moved if they were elsewhere). */
    TickerRouting withAssigned(String connectionId, Iterable<String> tickers) {
        Map<String, String> byTicker = new HashMap<>(connectionByTicker);
        Map<String, Set<String>> byConnection = mutableCopy();
        for (String ticker : tickers) {
            String previous = byTicker.put(ticker, connectionId);
            if (previous != null) {
                byConnection.get(previous).remove(ticker);
            }
            byConnection.get(connectionId).add(ticker);
        }
        return freeze(byTicker, byConnection);
    }

    /** A copy without {@code tickers}. */
    TickerRouting withRemoved(Iterable<String> tickers) {
        Map<String, String> byTicker = new HashMap<>(connectionByTicker);
        Map<String, Set<String>> byConnection = mutableCopy();
        for (String ticker : tickers) {
            String previous = byTicker.remove(ticker);
            if (previous != null) {
                byConnection.get(previous).remove(ticker);
            }
        }
        return freeze(byTicker, byConnection);
    }

    private Map<String, Set<String>> mutableCopy() {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        tickersByConnection.forEach((id, set) -> copy.put(id, new TreeSet<>(set)));
        return copy;
    }

    private static TickerRouting freeze(Map<String, String> byTicker, Map<String, Set<String>> byConnection) {
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        byConnection.forEach((id, set) -> frozen.put(id, Collections.unmodifiableSet(set)));
        return new TickerRouting(Map.copyOf(byTicker), Collections.unmodifiableMap(frozen));
    }
}
