package com.tickstock.console.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every connection a server accepted (in accept order, kept after they close so their counters
 * stay readable), the per-key connection limit, and waiting for connection states.
 *
 * <p>Threads: all state is guarded by {@code this}. Grizzly worker threads register connections,
 * sender threads admit and release them, test threads wait; every change calls {@link #changed()}
 * to wake the waiters.
 */
final class ConnectionRegistry {

    private final int maxPerKey;
    private final SimulatorConfig.Eviction eviction;
    private final List<SimConnection> all = new ArrayList<>();
    /** Authenticated, not yet closed or condemned, per key, in authentication order. */
    private final Map<String, Deque<SimConnection>> liveByKey = new HashMap<>();

    ConnectionRegistry(int maxPerKey, SimulatorConfig.Eviction eviction) {
        this.maxPerKey = maxPerKey;
        this.eviction = eviction;
    }

    synchronized SimConnection register(Function<Integer, SimConnection> factory) {
        SimConnection c = factory.apply(all.size() + 1);
        all.add(c);
        notifyAll();
        return c;
    }

    /**
     * Counts a freshly authenticated connection against its key's limit. Returns the connection to
     * kick (the new one or the oldest, per eviction), or {@code null} when within the limit.
     */
    synchronized SimConnection admit(SimConnection c, String key) {
        Deque<SimConnection> live = liveByKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (live.contains(c)) {
            return null;
        }
        live.addLast(c);
        if (maxPerKey == 0 || live.size() <= maxPerKey) {
            return null;
        }
        SimConnection victim = eviction == SimulatorConfig.Eviction.NEWEST ? c : live.peekFirst();
        live.remove(victim);
        return victim;
    }

    synchronized void release(SimConnection c) {
        for (Deque<SimConnection> live : liveByKey.values()) {
            live.remove(c);
        }
        notifyAll();
    }

    synchronized void changed() {
        notifyAll();
    }

    synchronized List<SimConnection> all() {
        return List.copyOf(all);
    }

    synchronized SimConnection byId(int id) {
        return id >= 1 && id <= all.size() ? all.get(id - 1) : null;
    }

    /** Waits until {@code condition} holds; it is evaluated under this registry's lock. */
    synchronized void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what + "; connections: " + all);
            }
            try {
                // Bounded so a change signalled without changed() (a volatile write) is still seen.
                long ms = Math.min(Math.max(1, left / 1_000_000), 50);
                wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    /** Waits until at least {@code count} connections match, and returns those, in accept order. */
    List<SimConnection> awaitMatching(int count, Predicate<SimConnection> filter, Duration timeout, String what) {
        List<SimConnection> out = new ArrayList<>();
        await(() -> {
            out.clear();
            for (SimConnection c : all) {
                if (filter.test(c)) {
                    out.add(c);
                }
            }
            return out.size() >= count;
        }, timeout, count + " " + what + " connection(s)");
        return List.copyOf(out);
    }
}
