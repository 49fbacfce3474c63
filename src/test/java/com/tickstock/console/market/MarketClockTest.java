package com.tickstock.console.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MarketClockTest {

    /** A wall clock the test moves by hand: the one legitimate mock. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T07:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void startsAtTheChosenInstantAndRunsSpeedTimesWallTime() {
        HandClock wall = new HandClock();
        MarketClock clock = MarketClock.startingAt(wall, Instant.parse("2026-11-27T14:29:00Z"), 60);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-27T14:29:00Z"));
        wall.now = wall.now.plusSeconds(1);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-27T14:30:00Z"));
        assertThat(clock.wallDuration(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(clock.isWallTime()).isFalse();
    }

    @Test
    void settingsAreCheckedWithTheirNames() {
        assertThat(MarketClock.fromSettings("MARKET_CLOCK", "", "MARKET_CLOCK_SPEED", "").isWallTime()).isTrue();
        assertThat(MarketClock.fromSettings("--clock", "2026-11-27T14:29:00Z", "--speed", "60").speed()).isEqualTo(60);
        assertThatThrownBy(() -> MarketClock.fromSettings("MARKET_CLOCK", "tomorrow", "MARKET_CLOCK_SPEED", "1"))
                .hasMessageStartingWith("MARKET_CLOCK=tomorrow is not an ISO-8601 instant");
        assertThatThrownBy(() -> MarketClock.fromSettings("--clock", "", "--speed", "0"))
                .hasMessageStartingWith("--speed=0 is not a speed");
        assertThatThrownBy(() -> MarketClock.fromSettings("--clock", "", "--speed", "fast"))
                .hasMessageStartingWith("--speed=fast is not a speed");
    }

    @Test
    void sessionTextForTheTopBar() {
        MarketCalendar calendar = MarketCalendar.nyse();
        Instant regular = MarketCalendarTest.ny("2026-12-02T13:46");
        assertThat(SessionText.of(calendar.statusAt(regular), regular)).isEqualTo("REGULAR · closes in 2 h 14 m");
        Instant thanksgiving = MarketCalendarTest.ny("2026-11-26T11:00");
        assertThat(SessionText.of(calendar.statusAt(thanksgiving), thanksgiving))
                .isEqualTo("CLOSED · Thanksgiving · opens Fri 04:00 ET");
        Instant night = MarketCalendarTest.ny("2026-12-02T02:00");
        assertThat(SessionText.of(calendar.statusAt(night), night)).isEqualTo("CLOSED · opens Wed 04:00 ET");
        Instant pre = MarketCalendarTest.ny("2026-12-02T09:00");
        assertThat(SessionText.of(calendar.statusAt(pre), pre)).isEqualTo("PRE · opens in 30 m");
    }
}
