package com.tickstock.console.simulator;

import static com.tickstock.console.simulator.WireEvents.longOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.market.MarketCalendar;
import com.tickstock.console.market.MarketClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator on a settable market clock: timestamps and bars in market time, activity by session. */
class MarketClockSimulatorTest extends SimulatorTestSupport {

    /** Wednesday 2026-12-02, 10:00 ET: regular hours. */
    private static final Instant REGULAR_HOURS = Instant.parse("2026-12-02T15:00:00Z");

    @Test
    void atSpeed60MinuteBarsComeOneAMarketMinuteApartWithTimestampsOnTheSimulatedClock() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(500)
                .marketClock(MarketClock.startingAt(Clock.systemUTC(), REGULAR_HOURS, 60))
                .sessions(MarketCalendar.nyse()));
        TestClient client = authenticated(sim);
        client.subscribe("AM.AAPL,T.AAPL");
        // Five market minutes: about five seconds at speed 60 (five minutes of waiting at speed 1).
        await().atMost(Duration.ofSeconds(60)).until(() -> client.events("AM").stream()
                .filter(e -> "AAPL".equals(e.get("sym"))).count() >= 5);
        List<Long> starts = client.events("AM").stream().filter(e -> "AAPL".equals(e.get("sym")))
                .map(e -> longOf(e, "s")).toList();
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("window starts").isEqualTo(60_000L);
        }
        long first = starts.get(0);
        assertThat(first).isBetween(REGULAR_HOURS.toEpochMilli(), REGULAR_HOURS.plusSeconds(3_600).toEpochMilli());
        for (Map<String, Object> trade : client.events("T")) {
            assertThat(longOf(trade, "t")).as("trade time on the market clock")
                    .isBetween(REGULAR_HOURS.toEpochMilli(), REGULAR_HOURS.plusSeconds(86_400).toEpochMilli());
        }
    }

    @Test
    void activityFollowsTheSession() {
        SessionActivity activity = new SessionActivity(MarketCalendar.nyse());
        assertThat(activity.share(at("2026-12-05T15:00:00Z"))).as("Saturday").isZero();
        assertThat(activity.share(at("2026-12-02T08:00:00Z"))).as("03:00 ET").isZero();
        assertThat(activity.share(at("2026-12-02T10:00:00Z"))).as("pre-market").isEqualTo(SessionActivity.PRE);
        assertThat(activity.share(at("2026-12-02T14:31:00Z"))).as("the open").isEqualTo(SessionActivity.OPEN_BURST);
        assertThat(activity.share(at("2026-12-02T16:00:00Z"))).as("11:00 ET").isEqualTo(SessionActivity.REGULAR);
        assertThat(activity.share(at("2026-12-02T22:00:00Z"))).as("after hours").isEqualTo(SessionActivity.AFTER);
        assertThat(activity.share(at("2026-11-26T16:00:00Z"))).as("Thanksgiving").isZero();
        assertThat(new SessionActivity(null).share(at("2026-12-05T15:00:00Z"))).as("no calendar").isEqualTo(1);
        // A trickle adds up over frames instead of rounding to nothing.
        int traded = 0;
        for (int i = 0; i < 100; i++) {
            traded += activity.steps(10, at("2026-12-02T10:00:00Z"));
        }
        assertThat(traded).isEqualTo(50);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
