package com.tickstock.console.simulator;

/**
 * Token bucket pacing one connection's generated events. The bucket holds at most one frame's
 * worth, so a connection that fell behind (a slow client) catches up by at most one full frame
 * instead of bursting everything it "owes".
 *
 * <p>Threads: used only by the owning connection's sender thread.
 */
final class RateLimiter {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** @param perSecond events per second, 0 or less for unlimited */
    RateLimiter(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond > 0 ? perSecond / 1e9 : 0;
        this.capacity = Math.max(1, burst);
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

    /** Nanoseconds until one token is available, 0 if one is. */
    long nanosUntilNext(long nowNanos) {
        if (unlimited()) {
            return 0;
        }
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
