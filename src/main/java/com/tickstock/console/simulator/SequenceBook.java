package com.tickstock.console.simulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-wide high-water marks of the sequence numbers ({@code q}) sent per symbol and event type.
 *
 * <p>Each connection numbers its own stream consecutively, so a client can spot a lost event. A
 * later connection continues above everything sent before, with a jump, so a client that
 * reconnects sees what the live feed shows: the numbers go on rising past the events it missed,
 * they never restart.
 *
 * <p>Threads: every connection's sender thread reads and raises the marks; all cells are atomic.
 */
final class SequenceBook {

    /** How far a new connection's first number lands above the last number sent before. */
    static final long RECONNECT_JUMP = 1_000;

    private final ConcurrentHashMap<String, AtomicLong> highWater = new ConcurrentHashMap<>();

    /** The mark for one symbol and stream ({@code T} or {@code Q}). */
    AtomicLong mark(String symbol, String stream) {
        return highWater.computeIfAbsent(stream + '.' + symbol, k -> new AtomicLong());
    }

    /** The first number a connection uses for a stream whose mark is {@code mark}. */
    static long firstNumber(AtomicLong mark, long base) {
        long seen = mark.get();
        return seen == 0 ? base : Math.max(base, seen + RECONNECT_JUMP);
    }

    /** A realistic-looking per-symbol starting point (millions, like the live feed's values). */
    static long base(String symbol, String stream) {
        long h = (symbol.hashCode() * 0x9E3779B97F4A7C15L) ^ stream.hashCode();
        long spread = Math.floorMod(h, 9_000_000L);
        return ("Q".equals(stream) ? 20_000_000L : 1_000_000L) + spread;
    }
}
