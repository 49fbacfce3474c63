package com.tickstock.console.simulator;

/**
 * Token bucket pacing one connection's generated events. The bucket holds at most
 * {@value #CATCH_UP_MILLIS} ms of events (and at least one frame): a sender that woke late on a
 * busy machine catches up and keeps the configured rate, while one that fell far behind (a slow
 * client) does not burst everything it "owes".
 *
 * <p>A paced connection sends a frame when a whole frame's worth of events is due, or when the
 * first due event has lingered long enough ({@link #nanosUntilFrame}): at high rates frames are
 * as full as configured (a frame per due event would make the simulator, and every client,
 * pay per-frame costs many times over), while a slow rate still delivers each event promptly.
 *
 * <p>Threads: used only by the owning connection's sender thread.
 */
final class RateLimiter {

    static final int CATCH_UP_MILLIS = 100;

    private final double perNano;
    private final double frame;
    private final double capacity;
    private double tokens;
    private long last;

    /** @param perSecond events per second, 0 or less for unlimited */
    RateLimiter(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond > 0 ? perSecond / 1e9 : 0;
        this.frame = Math.max(1, burst);
        this.capacity = Math.max(frame, perSecond * CATCH_UP_MILLIS / 1000.0);
        this.tokens = 1;
        this.last = nowNanos;
    }

    boolean unlimited() {
        return perNano == 0;
    }

    /** Takes up to {@code wanted} tokens; returns how many were taken. */
    int acquire(int wanted, long nowNanos) {
        if (unlimited()) {
            return wanted;
        }
        refill(nowNanos);
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /** Gives back tokens taken but not used. */
    void refund(int unused) {
        if (!unlimited() && unused > 0) {
            tokens = Math.min(capacity, tokens + unused);
        }
    }

    /**
     * Nanoseconds until a frame should go out: 0 once a whole frame's worth is available or the
     * first available event has waited {@code lingerNanos}; always 0 when unlimited.
     */
    long nanosUntilFrame(long nowNanos, long lingerNanos) {
        if (unlimited()) {
            return 0;
        }
        refill(nowNanos);
        if (tokens >= frame) {
            return 0;
        }
        // When the first whole token was (or will be) available: a full frame is due (frame - 1) tokens later.
        double firstAvailableIn = (1 - tokens) / perNano;
        double fullIn = (frame - tokens) / perNano;
        return (long) Math.ceil(Math.max(0, Math.min(fullIn, firstAvailableIn + lingerNanos)));
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
