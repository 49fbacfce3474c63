package com.tickstock.console.manager;

import java.time.Duration;
import java.util.Objects;

/**
 * Reconnect policy: exponential backoff from {@code initialDelay}, doubled per attempt and
 * capped at {@code maxDelay}, with optional full jitter (a uniform random delay between zero
 * and the capped value), giving up after {@code maxRetries} attempts. The original grew the
 * delay linearly without cap or jitter and then died silently; the cap and jitter keep three
 * connections from reconnecting in lock-step against a vendor that is kicking them.
 */
public record ReconnectSettings(int maxRetries, Duration initialDelay, Duration maxDelay, Jitter jitter) {

    public enum Jitter { FULL, NONE }

    public ReconnectSettings {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(jitter, "jitter");
        if (maxRetries < 0 || initialDelay.isNegative() || initialDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("need maxRetries >= 0 and 0 <= initialDelay <= maxDelay");
        }
    }

    /**
     * The upper bound of the delay before reconnect attempt {@code attempt} (1-based), before
     * jitter: {@code min(maxDelay, initialDelay * 2^(attempt-1))}.
     */
    public Duration delayCeiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based: " + attempt);
        }
        Duration d = initialDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
