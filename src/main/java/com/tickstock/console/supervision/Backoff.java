package com.tickstock.console.supervision;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff: the wait before attempt n is drawn below the bound
 * {@code min(cap, initial * 2^(n-1))} as {@link Jitter} says. Every retry loop of the console (the feed's
 * reconnects, the republisher's first connection to Redis and Lettuce's reconnects after it) waits by one of
 * these, so they grow, cap and spread the same way. Immutable; safe on any thread.
 *
 * @param initial the bound of the first attempt, above zero
 * @param cap     the largest bound, at least {@code initial}
 * @param jitter  how a wait is drawn below its bound
 */
public record Backoff(Duration initial, Duration cap, Jitter jitter) {

    /** How a wait is drawn from {@code [0, bound]}. */
    public enum Jitter {
        /** Exactly the bound. */
        NONE,
        /** Uniform in {@code [0, bound]}: spreads clients that failed together the most. */
        FULL,
        /** Uniform in {@code [bound/2, bound]}: spread, yet never much sooner than the bound. */
        EQUAL
    }

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff delay must be > 0, was " + initial);
        }
        if (cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " is below the initial delay " + initial);
        }
    }

    /** The upper bound of the wait before attempt {@code attempt} (1-based). */
    public Duration bound(long attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, was " + attempt);
        }
        long first = initial.toMillis();
        long max = cap.toMillis();
        // Shift with a guard: past 2^30 the product would overflow long before it matters.
        int shift = (int) Math.min(attempt - 1, 30);
        return Duration.ofMillis(first > (max >> shift) ? max : Math.min(max, first << shift));
    }

    /** The wait before attempt {@code attempt} (1-based), drawn as {@link #jitter} says. */
    public Duration delay(long attempt, RandomGenerator random) {
        long bound = bound(attempt).toMillis();
        if (jitter == Jitter.NONE) {
            return Duration.ofMillis(bound);
        }
        long lowest = jitter == Jitter.FULL ? 0 : bound / 2;
        return Duration.ofMillis(lowest + random.nextLong(bound - lowest + 1));
    }
}
