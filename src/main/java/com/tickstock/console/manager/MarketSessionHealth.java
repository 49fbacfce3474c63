package com.tickstock.console.manager;

import com.tickstock.console.config.MarketSettings;
import com.tickstock.console.feed.SilenceRule;
import com.tickstock.console.feed.SilenceRule.Silence;
import com.tickstock.console.market.MarketHours;
import com.tickstock.console.market.MarketSession;
import com.tickstock.console.market.SessionStatus;
import com.tickstock.console.market.SessionText;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The market's session as the feed side sees it: the health JSON's {@code market_session} section, and the stale
 * threshold of each connection, which follows the session. Immutable; both are read on any thread (the section on
 * whichever thread builds a health snapshot, the rule on every connection's control thread).
 */
public final class MarketSessionHealth {

    /** What a quiet connection says while the market is closed, after its cause: "market closed — quiet expected". */
    public static final String QUIET_EXPECTED = "quiet expected";

    private MarketSessionHealth() {
    }

    /**
     * The stale threshold of each session: {@code regular} in regular hours, the configured ones in the pre-market
     * and after hours, none while closed. The Silence values are made once: the rule is asked at every tick.
     */
    public static SilenceRule silenceRule(MarketSettings market, Duration regular) {
        Map<MarketSession, Silence> bySession = new EnumMap<>(MarketSession.class);
        for (MarketSession session : MarketSession.values()) {
            Duration threshold = market.staleAfter(session, regular);
            bySession.put(session, threshold == null ? Silence.expected(QUIET_EXPECTED) : Silence.staleAfter(threshold));
        }
        MarketHours hours = market.hours();
        return () -> bySession.get(hours.session());
    }

    /**
     * {@code {"status":"REGULAR","reason":"","next_change":{"status":"AFTER","at":"2026-12-04T21:00:00Z",
     * "epoch":1796418000},"market_time":"...","text":"REGULAR · closes in 2 h 14 m"}}.
     */
    public static Map<String, Object> section(MarketHours hours) {
        Instant now = hours.clock().instant();
        SessionStatus status = hours.at(now);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("status", status.session().name());
        section.put("reason", status.reason());
        if (status.nextChange() == null) {
            section.put("next_change", null);
        } else {
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("status", status.nextSession().name());
            next.put("at", status.nextChange().toString());
            next.put("epoch", status.nextChange().getEpochSecond());
            section.put("next_change", next);
        }
        section.put("market_time", now.toString());
        section.put("clock_speed", hours.clock().speed());
        section.put("text", SessionText.of(status, now));
        return section;
    }
}
