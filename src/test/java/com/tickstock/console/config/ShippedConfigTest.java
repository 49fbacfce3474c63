package com.tickstock.console.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The files a fresh checkout ships must load as they are. */
class ShippedConfigTest {

    private static final Path CONFIG_DIR = Path.of("config");
    private static final Path EXAMPLE = CONFIG_DIR.resolve("tickstock.env.example");

    static {
        ConfigFixture.minimal(); // quiets the loader's INFO summary
    }

    @Test
    void shippedTickstockEnvGivesThreeDisjointConnectionsOnTheSimulator() {
        ConsoleConfig c = new ConfigLoader(CONFIG_DIR).load(null, Map.of(), Map.of());
        assertThat(c.warnings()).isEmpty();
        assertThat(c.useEmbeddedSimulator()).isTrue();
        assertThat(c.useMultiConnection()).isTrue();
        assertThat(c.connections()).extracting(ConnectionConfig::universeKey)
                .containsExactly("tech", "financials", "energy:healthcare");
        assertThat(c.connections()).allSatisfy(conn -> assertThat(conn.tickers()).hasSizeGreaterThan(50));
    }

    @Test
    void shippedExampleLoadsWithoutErrorsOrWarnings() {
        ConsoleConfig c = new ConfigLoader(CONFIG_DIR).load(EXAMPLE, Map.of(), Map.of());
        assertThat(c.warnings()).isEmpty();
        assertThat(c.connections()).hasSize(3);
    }

    @Test
    void shippedFileAcceptsAnApiKeyFromTheEnvironment() {
        ConsoleConfig c = new ConfigLoader(CONFIG_DIR).load(null,
                Map.of("MASSIVE_API_KEY", "Zq7Xv2Lp9Rt4Mn8Kb3Wc6Yd1Hs5Jf0Ga"), Map.of());
        assertThat(c.useEmbeddedSimulator()).isFalse();
    }

    @Test
    void exampleDocumentsEveryKeyWithItsDefault() throws IOException {
        String text = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(text).as(key.name()).contains(key.name() + "=");
            if (!key.defaultValue().isEmpty()) {
                assertThat(text).as(key.name() + " default").contains("Default: " + key.defaultValue());
            }
        }
        for (int n = 1; n <= ConnectionConfig.MAX_CONNECTIONS; n++) {
            for (ConnectionKey key : ConnectionKey.values()) {
                assertThat(text).contains(key.key(n) + "=");
            }
        }
    }

    @Test
    void withoutAnyFileTheSeedDefaultsLeaveNothingEnabledAndSaySo() {
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Path.of("no-such-dir")).load(null, Map.of(), Map.of()));
        assertThat(e.getMessage()).contains("no connection is enabled");
    }
}
