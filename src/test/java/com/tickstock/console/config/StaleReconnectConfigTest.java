package com.tickstock.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.manager.ConnectionSpecs;
import com.tickstock.console.manager.ManagedConnectionSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WEBSOCKET_STALE_RECONNECT_FACTOR: read, off allowed, bad values named, and handed to every connection. */
class StaleReconnectConfigTest {

    @TempDir
    Path configDir;

    private ConsoleConfig load(String... keyValues) {
        Map<String, String> cli = new HashMap<>(Map.of("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL"));
        for (int i = 0; i < keyValues.length; i += 2) {
            cli.put(keyValues[i], keyValues[i + 1]);
        }
        return new ConfigLoader(configDir).load(null, Map.of(), cli);
    }

    private String problem(String value) {
        return catchThrowableOfType(ConfigException.class,
                () -> load("WEBSOCKET_STALE_RECONNECT_FACTOR", value)).getMessage();
    }

    private static int factorOfTheConnection(ConsoleConfig config) {
        List<ManagedConnectionSpec> specs = ConnectionSpecs.from(config, URI.create("ws://127.0.0.1:1/stocks"), "k");
        return specs.get(0).feed().staleReconnectFactor();
    }

    @Test
    void defaultsToThreeStaleTimesAndReachesTheConnection() {
        ConsoleConfig config = load();
        assertThat(config.feed().staleReconnectFactor()).isEqualTo(3);
        assertThat(factorOfTheConnection(config)).isEqualTo(3);
        assertThat(factorOfTheConnection(load("WEBSOCKET_STALE_RECONNECT_FACTOR", "10"))).isEqualTo(10);
    }

    @Test
    void offTurnsItOffInAnyCase() {
        assertThat(factorOfTheConnection(load("WEBSOCKET_STALE_RECONNECT_FACTOR", "off")))
                .isEqualTo(FeedConnectionConfig.STALE_RECONNECT_OFF);
        assertThat(load("WEBSOCKET_STALE_RECONNECT_FACTOR", "OFF").feed().staleReconnectFactor())
                .isEqualTo(FeedSettings.STALE_RECONNECT_OFF);
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        for (String bad : List.of("0", "101", "-1", "soon", "2.5")) {
            assertThat(problem(bad)).as(bad).contains("WEBSOCKET_STALE_RECONNECT_FACTOR").contains(bad)
                    .contains("integer 1..100 or off");
        }
    }
}
