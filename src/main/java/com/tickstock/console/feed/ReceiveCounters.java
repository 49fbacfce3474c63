package com.tickstock.console.feed;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the socket thread counts as frames arrive.
 *
 * <p>Threads: one writer at a time — the socket reader recording a frame, under {@link ReceiveState}'s
 * monitor (after a reconnect the old socket's last frame and the new socket's first may be on two
 * workers, and the monitor orders them, each seeing what the one before wrote) — so plain
 * read-modify-write of volatile fields is safe; readers on any thread see values at most one frame old. Event counts are accumulated per frame
 * and published once per frame to keep the hot path free of per-event memory barriers. Decode
 * errors are the exception: a frame Tyrus refuses (over the size limit) is reported from a close
 * callback, which need not run on the reading thread, so that count is atomic.
 */
// NonAtomicVolatileUpdate: one writer at a time (see above). EnumOrdinal: the per-type counters are an
// array indexed by ordinal and sized by values().length, to keep the per-frame path allocation-free.
@SuppressWarnings({"NonAtomicVolatileUpdate", "EnumOrdinal"})
final class ReceiveCounters {

    private static final EventType[] TYPES = EventType.values();

    private final AtomicLongArray eventsByType = new AtomicLongArray(TYPES.length);
    private volatile long frames;
    private volatile long chars;
    private volatile long unknownEvents;
    private final AtomicLong decodeErrors = new AtomicLong();
    private volatile String lastDecodeError = "";
    private volatile long lastFrameMillis;

    void frame(int length, long nowMillis) {
        frames++;
        chars += length;
        lastFrameMillis = nowMillis;
    }

    /** Publishes one frame's per-type counts (indexed by ordinal). */
    void addEvents(int[] countsByOrdinal) {
        for (int i = 0; i < countsByOrdinal.length; i++) {
            if (countsByOrdinal[i] != 0) {
                eventsByType.lazySet(i, eventsByType.get(i) + countsByOrdinal[i]);
            }
        }
    }

    void unknownEvent() {
        unknownEvents++;
    }

    void decodeError(DecodeError error) {
        decodeErrors.incrementAndGet();
        lastDecodeError = error.toString();
    }

    long frames() {
        return frames;
    }

    long chars() {
        return chars;
    }

    long unknownEvents() {
        return unknownEvents;
    }

    long decodeErrors() {
        return decodeErrors.get();
    }

    String lastDecodeError() {
        return lastDecodeError;
    }

    long lastFrameMillis() {
        return lastFrameMillis;
    }

    long marketDataEvents() {
        long n = 0;
        for (EventType type : TYPES) {
            if (type.isMarketData()) {
                n += eventsByType.get(type.ordinal());
            }
        }
        return n;
    }

    Map<EventType, Long> eventsByType() {
        Map<EventType, Long> copy = new EnumMap<>(EventType.class);
        for (EventType type : TYPES) {
            long n = eventsByType.get(type.ordinal());
            if (n != 0) {
                copy.put(type, n);
            }
        }
        return copy;
    }
}
