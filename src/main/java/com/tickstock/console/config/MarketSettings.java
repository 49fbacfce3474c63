package com.tickstock.console.config;

import com.tickstock.console.market.MarketHours;
import com.tickstock.console.market.MarketSession;
import java.time.Duration;
import java.util.Objects;

/**
 * The market's sessions and how staleness follows them.
 *
 * @param hours           the session now (calendar and clock, {@code MARKET_CALENDAR}, {@code MARKET_CLOCK},
 *                        {@code MARKET_CLOCK_SPEED})
 * @param staleAfterPre   stale threshold in the pre-market ({@code WEBSOCKET_STALE_SECONDS_PRE})
 * @param staleAfterAfter stale threshold after hours ({@code WEBSOCKET_STALE_SECONDS_AFTER})
 */
public record MarketSettings(MarketHours hours, Duration staleAfterPre, Duration staleAfterAfter) {

    public MarketSettings {
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(staleAfterPre, "staleAfterPre");
        Objects.requireNonNull(staleAfterAfter, "staleAfterAfter");
    }

    /**
     * The stale threshold in {@code session} given the regular-hours one; {@code null} while closed, when
     * silence is expected.
     */
    public Duration staleAfter(MarketSession session, Duration regular) {
        switch (session) {
            case PRE:
                return staleAfterPre;
            case AFTER:
                return staleAfterAfter;
            case CLOSED:
                return null;
            default:
                return regular;
        }
    }
}
