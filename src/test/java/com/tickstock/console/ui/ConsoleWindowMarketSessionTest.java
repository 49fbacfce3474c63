package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.config.MarketSettings;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ManagedConnectionSpec;
import com.tickstock.console.manager.MarketSessionHealth;
import com.tickstock.console.market.MarketCalendar;
import com.tickstock.console.market.MarketClock;
import com.tickstock.console.market.MarketHours;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;

/** The market session in the top bar, and a quiet feed while the market is closed, in the real window. */
class ConsoleWindowMarketSessionTest extends WindowTestSupport {

    /** Market time frozen at {@code instant} (a fixed wall clock: the one legitimate mock). */
    private static MarketSettings marketAt(String instant) {
        MarketClock clock = MarketClock.startingAt(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Instant.parse(instant), 1);
        return new MarketSettings(MarketHours.of(MarketCalendar.nyse(), clock), Duration.ofSeconds(90),
                Duration.ofSeconds(90));
    }

    private String marketLabel() {
        return fx(() -> lookup("#marketSession").queryAs(Label.class).getText());
    }

    @Test
    void topBarShowsTheSessionAndWhenItChanges() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(100));
        open(List.of(spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL"))));
        until("no session without the section", () -> marketLabel().equals("—"));
        MarketSettings thanksgiving = marketAt("2026-11-26T16:00:00Z");
        toClose.add(manager.addHealthSection("market_session", () -> MarketSessionHealth.section(thanksgiving.hours()))
                ::close);
        until("the closed session with its holiday and the next open",
                () -> marketLabel().equals("CLOSED · Thanksgiving · opens Fri 04:00 ET"));
    }

    @Test
    void aStalledFeedWhileTheMarketIsClosedIsQuietNotStale() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(400));
        MarketSettings saturday = marketAt("2026-12-05T15:00:00Z");
        ManagedConnectionSpec spec = spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY,
                List.of("AAPL", "MSFT"));
        ManagedConnectionSpec closed = new ManagedConnectionSpec(spec.feed().withSilenceRule(
                MarketSessionHealth.silenceRule(saturday, spec.feed().staleAfter())), spec.universeKey(), spec.tickers());
        open(List.of(closed));
        awaitStreaming("connection_1");
        SimConnection server = simConnectionOf("AAPL");

        server.stall().get(30, TimeUnit.SECONDS);
        // Past the 1.5 s threshold that would have made it STALE in regular hours:
        until("the quiet is explained", () -> logContains("market closed — quiet expected"));
        assertThat(badge("connection_1")).isEqualTo("streaming");
        assertThat(manager.health().connections().get("connection_1").feed().state())
                .isEqualTo(ConnectionState.STREAMING);
        assertThat(logContains("STALE")).isFalse();
        assertThat(manager.health().connections().get("connection_1").feed().reconnects()).isZero();

        server.resume().get(30, TimeUnit.SECONDS);
        until("data resumed is logged", () -> logContains("data resumed"));
    }
}
