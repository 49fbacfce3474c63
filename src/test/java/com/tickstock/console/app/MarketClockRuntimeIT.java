package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.status.StatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole runtime on a set market clock (MARKET_CLOCK): the embedded simulator and the session logic follow it,
 * the status endpoint serves {@code market_session}, and a feed that is silent because the market is closed is
 * "quiet expected", never STALE.
 */
class MarketClockRuntimeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path configDir;

    private ConsoleRuntime runtime;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private StatusClient start(String marketClock) throws Exception {
        Map<String, String> set = new HashMap<>(Map.of("MASSIVE_EVENT_TYPES", "T", "STATUS_PORT", "0",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                "WEBSOCKET_STALE_SECONDS", "1", "WEBSOCKET_STALE_SECONDS_PRE", "1", "WEBSOCKET_STALE_SECONDS_AFTER", "1"));
        set.put("MARKET_CLOCK", marketClock);
        ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(), set);
        runtime = ConsoleRuntime.create(config);
        StatusServer server = runtime.startStatusEndpoint();
        runtime.manager().connect();
        return new StatusClient(server.url(), null);
    }

    private ConnectionSnapshot connection() {
        return runtime.manager().health().connections().get("connection_1").feed();
    }

    @Test
    void onThanksgivingTheSilentFeedIsQuietExpectedAndTheEndpointSaysWhy() throws Exception {
        StatusClient client = start("2026-11-26T16:00:00Z");
        await().atMost(WAIT).until(() -> connection().cause() == Cause.QUIET_EXPECTED);
        assertThat(connection().state()).isEqualTo(ConnectionState.STREAMING);
        assertThat(connection().marketDataEvents()).as("the simulator trades nothing while closed").isZero();
        assertThat(connection().reconnects()).isZero();
        assertThat(client.status(StatusServer.READY)).isEqualTo(200);
        String body = client.get("/api/admin/websocket-status").body();
        assertThat(body).contains("\"market_session\":{\"status\":\"CLOSED\",\"reason\":\"Thanksgiving\","
                + "\"next_change\":{\"status\":\"PRE\",\"at\":\"2026-11-27T09:00:00Z\"");
        assertThat(body).contains("\"text\":\"CLOSED · Thanksgiving · opens Fri 04:00 ET\"");
    }

    @Test
    void inRegularHoursTheSimulatorTradesOnTheMarketClock() throws Exception {
        StatusClient client = start("2026-12-02T15:00:00Z");
        await().atMost(WAIT).until(() -> connection().marketDataEvents() > 100);
        String body = client.get("/api/admin/websocket-status").body();
        assertThat(body).contains("\"market_session\":{\"status\":\"REGULAR\",\"reason\":\"\"");
        assertThat(body).contains("\"text\":\"REGULAR · closes in ");
    }
}
