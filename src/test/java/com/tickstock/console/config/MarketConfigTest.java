package com.tickstock.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tickstock.console.market.MarketSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The market keys: read, and each bad value a clear error naming the key (or the file and line) and value. */
class MarketConfigTest {

    @TempDir
    Path configDir;

    private ConsoleConfig load(Map<String, String> cli) {
        return new ConfigLoader(configDir).load(null, Map.of(), cli);
    }

    private String problem(Map<String, String> cli) {
        return catchThrowableOfType(ConfigException.class, () -> load(cli)).getMessage();
    }

    @Test
    void defaultsFollowTheNyseCalendarAtWallTime() {
        MarketSettings market = load(Map.of("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL")).feed().market();
        assertThat(market.hours().followsCalendar()).isTrue();
        assertThat(market.hours().clock().isWallTime()).isTrue();
        assertThat(market.staleAfterPre()).isEqualTo(Duration.ofSeconds(120));
        assertThat(market.staleAfterAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void clockSpeedThresholdsAndOverridesAreRead() throws Exception {
        Files.writeString(configDir.resolve("cal.txt"), "2026-12-02 closed storm\n");
        MarketSettings market = load(Map.of("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL", "MARKET_CLOCK", "2026-12-02T15:00:00Z",
                "MARKET_CLOCK_SPEED", "60", "MARKET_CALENDAR_FILE", "cal.txt",
                "WEBSOCKET_STALE_SECONDS_PRE", "300", "WEBSOCKET_STALE_SECONDS_AFTER", "400")).feed().market();
        assertThat(market.hours().clock().speed()).isEqualTo(60);
        assertThat(market.hours().clock().instant()).isAfterOrEqualTo(Instant.parse("2026-12-02T15:00:00Z"));
        assertThat(market.hours().now().session()).isEqualTo(MarketSession.CLOSED);
        assertThat(market.hours().now().reason()).isEqualTo("storm");
        assertThat(market.staleAfterPre()).isEqualTo(Duration.ofSeconds(300));
        assertThat(market.staleAfterAfter()).isEqualTo(Duration.ofSeconds(400));
    }

    @Test
    void noCalendarIsAlwaysOpen() {
        MarketSettings market = load(Map.of("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL", "MARKET_CALENDAR", "none")).feed().market();
        assertThat(market.hours().followsCalendar()).isFalse();
        assertThat(market.hours().now().session()).isEqualTo(MarketSession.REGULAR);
    }

    @Test
    void badValuesNameTheKeyAndValue() throws Exception {
        assertThat(problem(Map.of("MARKET_CLOCK", "2am"))).contains("MARKET_CLOCK=2am is not an ISO-8601 instant");
        assertThat(problem(Map.of("MARKET_CLOCK_SPEED", "-3"))).contains("MARKET_CLOCK_SPEED=-3 is not a speed");
        assertThat(problem(Map.of("MARKET_CALENDAR", "lse"))).contains("MARKET_CALENDAR").contains("lse")
                .contains("nyse|none");
        assertThat(problem(Map.of("WEBSOCKET_STALE_SECONDS_PRE", "0"))).contains("WEBSOCKET_STALE_SECONDS_PRE")
                .contains("out of range");
        assertThat(problem(Map.of("WEBSOCKET_STALE_SECONDS_AFTER", "soon"))).contains("WEBSOCKET_STALE_SECONDS_AFTER")
                .contains("soon");
        Files.writeString(configDir.resolve("cal.txt"), "# closures\n2026-12-02 closd storm\n");
        assertThat(problem(Map.of("MARKET_CALENDAR_FILE", "cal.txt"))).contains("MARKET_CALENDAR_FILE")
                .contains("cal.txt:2: unknown kind 'closd'");
        assertThat(problem(Map.of("MARKET_CLOK", "2026-12-02T15:00:00Z"))).contains("did you mean MARKET_CLOCK?");
    }
}
