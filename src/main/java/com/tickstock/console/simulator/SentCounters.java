package com.tickstock.console.simulator;

import com.tickstock.console.feed.EventType;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exact counts of what the server wrote: an event counts once the write of the frame holding it
 * completed, so after a connection stops sending these equal what a lossless client received.
 *
 * <p>Threads: a connection's own counters are written only by that connection's sender thread;
 * the server totals are written by every sender thread. Every cell is atomic, so any thread may
 * read at any time; a read taken while frames are still flowing is a moment's view, not a
 * consistent snapshot across cells.
 */
// The per-type cells are arrays indexed by ordinal and sized by values().length: one atomic add per event.
@SuppressWarnings("EnumOrdinal")
public final class SentCounters {

    private static final int TYPES = EventType.values().length;

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong unknownEvents = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLongArray byType = new AtomicLongArray(TYPES);
    private final ConcurrentHashMap<String, AtomicLongArray> bySymbol = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> byStatus = new ConcurrentHashMap<>();

    SentCounters() {
    }

    /** The per-symbol cell, indexed by {@link EventType#ordinal()}; resolved once per symbol by the market. */
    AtomicLongArray symbolCell(String symbol) {
        return bySymbol.computeIfAbsent(symbol, s -> new AtomicLongArray(TYPES));
    }

    void addFrame(long frameBytes) {
        frames.incrementAndGet();
        bytes.addAndGet(frameBytes);
    }

    void addTypeEvents(EventType type, long n) {
        byType.addAndGet(type.ordinal(), n);
    }

    void addStatus(String status) {
        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        byType.incrementAndGet(EventType.STATUS.ordinal());
    }

    void addUnknownEvent() {
        unknownEvents.incrementAndGet();
    }

    void addMalformedFrame() {
        malformedFrames.incrementAndGet();
    }

    /** Frames written completely (data, status, injected faults). */
    public long frames() {
        return frames.get();
    }

    /** UTF-16 characters of frame text written (ASCII here, so also bytes of payload). */
    public long bytes() {
        return bytes.get();
    }

    /** Market-data events (T, Q, A, AM) written. */
    public long dataEvents() {
        long sum = 0;
        for (EventType t : EventType.values()) {
            if (t.isMarketData()) {
                sum += byType.get(t.ordinal());
            }
        }
        return sum;
    }

    /** Events of one type written; {@link EventType#STATUS} counts status events. */
    public long events(EventType type) {
        return byType.get(type.ordinal());
    }

    /** Events of one type and symbol written. */
    public long events(String symbol, EventType type) {
        AtomicLongArray cell = bySymbol.get(symbol);
        return cell == null ? 0 : cell.get(type.ordinal());
    }

    /** Symbols that had any event written. */
    public Set<String> symbols() {
        Set<String> out = new TreeSet<>();
        bySymbol.forEach((sym, cell) -> {
            for (int i = 0; i < TYPES; i++) {
                if (cell.get(i) > 0) {
                    out.add(sym);
                    return;
                }
            }
        });
        return out;
    }

    /** Status events written with this {@code status} value (e.g. {@code success}, {@code connected}). */
    public long statusEvents(String status) {
        AtomicLong n = byStatus.get(status);
        return n == null ? 0 : n.get();
    }

    /** Status value to count. */
    public Map<String, Long> statusEvents() {
        Map<String, Long> out = new TreeMap<>();
        byStatus.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Injected events with an {@code ev} no client knows. */
    public long unknownEvents() {
        return unknownEvents.get();
    }

    /** Injected frames that are not valid JSON. */
    public long malformedFrames() {
        return malformedFrames.get();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SentCounters[frames=").append(frames()).append(", data=").append(dataEvents());
        for (EventType t : EventType.values()) {
            long n = events(t);
            if (n > 0) {
                sb.append(", ").append(t.wireName()).append('=').append(n);
            }
        }
        sb.append(", status=").append(statusEvents());
        if (unknownEvents() > 0) {
            sb.append(", unknown=").append(unknownEvents());
        }
        if (malformedFrames() > 0) {
            sb.append(", malformed=").append(malformedFrames());
        }
        return sb.append(']').toString();
    }
}
