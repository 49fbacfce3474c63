package com.tickstock.console.feed;

import com.tickstock.console.supervision.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The feed's reconnect policy: a {@link Backoff} with a jitter and a cap, in two phases. The fast phase, the
 * first {@code maxRetries} attempts: attempt n waits {@code min(cap, initial * 2^(n-1))}, drawn below that
 * bound as the {@link Backoff.Jitter} says; a jitter keeps several connections that failed together
 * from retrying in lock step. The slow
 * phase, every attempt after those: exactly the cap, for as long as it takes. A feeder nobody
 * watches must come back on its own when the network or the feed does, so a transient failure
 * never gives up; only failures that no retry can cure (authentication, the account's connection
 * limit) end in FAILED.
 *
 * @param initialDelay         bound for the first retry
 * @param maxDelay             the cap, and the wait between retries in the slow phase
 * @param jitter               how fast-phase delays are drawn below the bound
 * @param maxRetries           attempts in the fast phase; 0 retries at the cap from the start
 * @param maxConsecutiveKicks  consecutive {@code max_connections} kicks before FAILED("connection limit reached")
 * @param stableAfter          how long a connection must stream before the attempt count resets; a
 *                             kick right after {@code auth_success} therefore does not reset it
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, Backoff.Jitter jitter, int maxRetries,
                              int maxConsecutiveKicks, Duration stableAfter) {

    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(
            Duration.ofMillis(500), Duration.ofSeconds(30), Backoff.Jitter.FULL, 5, 3, Duration.ofSeconds(10));

    /** Full jitter ({@code true}) or none: the two the tests and benchmarks use. */
    public ReconnectPolicy(Duration initialDelay, Duration maxDelay, boolean fullJitter, int maxRetries,
                           int maxConsecutiveKicks, Duration stableAfter) {
        this(initialDelay, maxDelay, fullJitter ? Backoff.Jitter.FULL : Backoff.Jitter.NONE, maxRetries,
                maxConsecutiveKicks, stableAfter);
    }

    public ReconnectPolicy {
        if (jitter == null) {
            throw new IllegalArgumentException("a reconnect jitter is needed (full, equal or none)");
        }
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initial reconnect delay must be > 0, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("max reconnect delay " + maxDelay + " is below the initial " + initialDelay);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be >= 0, was " + maxRetries);
        }
        if (maxConsecutiveKicks < 1) {
            throw new IllegalArgumentException("max consecutive connection-limit kicks must be >= 1, was " + maxConsecutiveKicks);
        }
        if (stableAfter.isNegative()) {
            throw new IllegalArgumentException("stable-after must be >= 0, was " + stableAfter);
        }
    }

    /** The fast phase's backoff: doubling from the initial delay up to the cap, drawn as {@link #jitter} says. */
    public Backoff backoff() {
        return new Backoff(initialDelay, maxDelay, jitter);
    }

    /** The upper bound of the wait before attempt {@code attempt} (1-based). */
    public Duration bound(int attempt) {
        return backoff().bound(attempt);
    }

    /** Whether attempt {@code attempt} (1-based) is past the fast phase: it then waits the cap. */
    public boolean isSlowPhase(int attempt) {
        return attempt > maxRetries;
    }

    /** The wait before attempt {@code attempt}. */
    public Duration delay(int attempt, RandomGenerator random) {
        if (isSlowPhase(attempt)) {
            return maxDelay;
        }
        return backoff().delay(attempt, random);
    }

    public ReconnectPolicy withMaxRetries(int retries) {
        return new ReconnectPolicy(initialDelay, maxDelay, jitter, retries, maxConsecutiveKicks, stableAfter);
    }
}
