package com.tickstock.console.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many faults of each command-line option a server injected, over all its connections.
 *
 * <p>Threads: written by every connection's sender thread, read by any (the stats writer): atomic cells.
 */
public final class InjectedFaults {

    private final Map<String, AtomicLong> byOption = new ConcurrentHashMap<>();

    void add(String option) {
        byOption.computeIfAbsent(option, o -> new AtomicLong()).incrementAndGet();
    }

    /** Faults injected by {@code option} (e.g. {@code --malformed-every}). */
    public long count(String option) {
        AtomicLong n = byOption.get(option);
        return n == null ? 0 : n.get();
    }

    /** Every option of {@link FaultPlan} with its count, in the help's order, without the dashes. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String option : FaultPlan.NONE.options().keySet()) {
            counts.put(option.substring(2), count(option));
        }
        return counts;
    }
}
