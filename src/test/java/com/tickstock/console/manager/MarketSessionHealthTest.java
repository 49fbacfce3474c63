package com.tickstock.console.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.config.MarketSettings;
import com.tickstock.console.feed.SilenceRule;
import com.tickstock.console.market.MarketCalendar;
import com.tickstock.console.market.MarketClock;
import com.tickstock.console.market.MarketHours;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session at chosen clock instants, in the health JSON and in the stale threshold it gives the connections. */
class MarketSessionHealthTest {

    private static final Duration REGULAR = Duration.ofSeconds(30);

    /** Market time frozen at {@code instant}: speed 1 on a fixed wall clock, the one legitimate mock. */
    private static MarketSettings at(String instant) {
        Clock wall = Clock.fixed(Instant.parse("2026-12-04T16:00:00Z"), ZoneOffset.UTC);
        MarketClock clock = MarketClock.startingAt(wall, Instant.parse(instant), 1);
        return new MarketSettings(MarketHours.of(MarketCalendar.nyse(), clock), Duration.ofSeconds(90),
                Duration.ofSeconds(150));
    }

    @Test
    void thresholdFollowsTheSession() {
        assertThat(rule("2026-12-02T15:00:00Z").now().staleAfter()).isEqualTo(REGULAR); // 10:00 ET, Wednesday
        assertThat(rule("2026-12-02T10:00:00Z").now().staleAfter()).isEqualTo(Duration.ofSeconds(90)); // 05:00 ET
        assertThat(rule("2026-12-02T22:00:00Z").now().staleAfter()).isEqualTo(Duration.ofSeconds(150)); // 17:00 ET
        SilenceRule.Silence closed = rule("2026-12-05T15:00:00Z").now(); // Saturday
        assertThat(closed.quietExpected()).isTrue();
        assertThat(closed.quietReason()).isEqualTo("quiet expected");
    }

    @Test
    void healthSectionOnThanksgiving() {
        Map<String, Object> section = MarketSessionHealth.section(at("2026-11-26T16:00:00Z").hours());
        assertThat(section).containsEntry("status", "CLOSED").containsEntry("reason", "Thanksgiving")
                .containsEntry("market_time", "2026-11-26T16:00:00Z")
                .containsEntry("text", "CLOSED · Thanksgiving · opens Fri 04:00 ET");
        assertThat(section.get("next_change")).isEqualTo(Map.of("status", "PRE", "at", "2026-11-27T09:00:00Z",
                "epoch", Instant.parse("2026-11-27T09:00:00Z").getEpochSecond()));
    }

    @Test
    void healthSectionInRegularHours() {
        Map<String, Object> section = MarketSessionHealth.section(at("2026-12-02T18:46:00Z").hours());
        assertThat(section).containsEntry("status", "REGULAR").containsEntry("reason", "")
                .containsEntry("text", "REGULAR · closes in 2 h 14 m");
    }

    @Test
    void alwaysOpenWithoutACalendar() {
        MarketHours hours = MarketHours.alwaysOpen(MarketClock.system());
        assertThat(MarketSessionHealth.section(hours)).containsEntry("status", "REGULAR")
                .containsEntry("next_change", null);
        MarketSettings settings = new MarketSettings(hours, Duration.ofSeconds(90), Duration.ofSeconds(150));
        assertThat(MarketSessionHealth.silenceRule(settings, REGULAR).now().staleAfter()).isEqualTo(REGULAR);
    }

    private static SilenceRule rule(String instant) {
        return MarketSessionHealth.silenceRule(at(instant), REGULAR);
    }
}
