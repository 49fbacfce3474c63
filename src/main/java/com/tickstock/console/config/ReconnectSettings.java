package com.tickstock.console.config;

import com.tickstock.console.feed.ReconnectPolicy;
import com.tickstock.console.supervision.Backoff.Jitter;
import java.time.Duration;
import java.util.Objects;

/**
 * Reconnect policy: {@code maxRetries} quick attempts with exponential backoff from
 * {@code initialDelay}, doubled per attempt and capped at {@code maxDelay}, drawn with the backoff's
 * jitter (full: uniform between zero and the capped value; equal: in its upper half; none); after them, a retry every
 * {@code maxDelay} for as long as it takes, so an unattended feeder recovers when the feed does.
 * The original grew the delay linearly without cap or jitter and then died silently; the cap and
 * jitter keep three connections from reconnecting in lock-step against a vendor that is kicking
 * them. Only failures no retry can cure (authentication, the connection limit) end in FAILED.
 */
public record ReconnectSettings(int maxRetries, Duration initialDelay, Duration maxDelay, Jitter jitter) {

    public ReconnectSettings {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(jitter, "jitter");
        if (maxRetries < 0 || initialDelay.isNegative() || initialDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("need maxRetries >= 0 and 0 <= initialDelay <= maxDelay");
        }
    }

    /**
     * The feed connection's policy for these settings; the backoff arithmetic lives there alone.
     *
     * @param maxConsecutiveKicks {@code max_connections} kicks in a row before giving up
     * @param stableAfter         streaming time after which the attempt count resets
     */
    public ReconnectPolicy toPolicy(int maxConsecutiveKicks, Duration stableAfter) {
        return new ReconnectPolicy(initialDelay, maxDelay, jitter, maxRetries, maxConsecutiveKicks, stableAfter);
    }
}
