package com.tickstock.console.feed;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a subscribed connection may go without market data before it is STALE, at this moment. A fixed
 * threshold by default; the manager supplies one that follows the market's session (shorter in regular hours,
 * longer in the thin pre-market and after-hours, and no limit at all while the market is closed, when silence is
 * expected). Asked on the connection's control thread at every tick, so it must be cheap and must not block.
 */
@FunctionalInterface
public interface SilenceRule {

    /** The rule now. */
    Silence now();

    /** Silence beyond {@code staleAfter} is STALE; or, when {@code staleAfter} is null, silence is expected. */
    record Silence(Duration staleAfter, String quietReason) {

        public Silence {
            if (staleAfter == null) {
                Objects.requireNonNull(quietReason, "quietReason");
            }
            quietReason = quietReason == null ? "" : quietReason;
        }

        public static Silence staleAfter(Duration threshold) {
            return new Silence(Objects.requireNonNull(threshold, "threshold"), "");
        }

        /** Silence is expected, for {@code reason} (e.g. "quiet expected", after the cause "market closed"). */
        public static Silence expected(String reason) {
            return new Silence(null, reason);
        }

        public boolean quietExpected() {
            return staleAfter == null;
        }
    }

    /** Always the same threshold. */
    static SilenceRule fixed(Duration staleAfter) {
        Silence silence = Silence.staleAfter(staleAfter);
        return () -> silence;
    }
}
