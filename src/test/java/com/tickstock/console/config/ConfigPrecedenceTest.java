package com.tickstock.console.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.tickstock.console.config.ConfigFixture.minimal;
import static com.tickstock.console.config.ConfigFixture.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigPrecedenceTest {

    @TempDir
    Path configDir;

    private ConsoleConfig load(Path explicit, Map<String, String> env, Map<String, String> cli) {
        return new ConfigLoader(configDir).load(explicit, env, cli);
    }

    private Path file(String name, String... lines) throws IOException {
        Path f = configDir.resolve(name);
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void builtInDefaultsApplyWhenNoSourceSetsAKey() {
        ConsoleConfig c = load(null, Map.of(), minimal());
        assertThat(c.useMultiConnection()).isFalse();
        assertThat(c.connectionsMax()).isEqualTo(3);
        assertThat(c.feed().url()).hasToString("wss://socket.massive.com/stocks");
        assertThat(c.feed().reconnect().maxRetries()).isEqualTo(5);
        assertThat(c.feed().reconnect().initialDelay()).hasSeconds(5);
        assertThat(c.redis().channel()).isEqualTo("tickstock:market:ticks");
        assertThat(c.status().enabled()).isFalse();
        assertThat(c.useEmbeddedSimulator()).isTrue();
    }

    @Test
    void fileOverridesDefaults() throws IOException {
        Path f = file("x.env", "WEBSOCKET_CONNECTION_1_ENABLED=true", "WEBSOCKET_CONNECTION_1_SYMBOLS=AAPL",
                "MASSIVE_WEBSOCKET_MAX_RETRIES=9");
        assertThat(load(f, Map.of(), Map.of()).feed().reconnect().maxRetries()).isEqualTo(9);
    }

    @Test
    void environmentOverridesFile() throws IOException {
        Path f = file("x.env", "WEBSOCKET_CONNECTION_1_ENABLED=true", "WEBSOCKET_CONNECTION_1_SYMBOLS=AAPL",
                "MASSIVE_WEBSOCKET_MAX_RETRIES=9");
        ConsoleConfig c = load(f, Map.of("MASSIVE_WEBSOCKET_MAX_RETRIES", "7",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "MSFT"), Map.of());
        assertThat(c.feed().reconnect().maxRetries()).isEqualTo(7);
        assertThat(c.connections().get(0).tickers()).containsExactly("MSFT");
    }

    @Test
    void commandLineOverridesEnvironment() throws IOException {
        Path f = file("x.env", "WEBSOCKET_CONNECTION_1_ENABLED=true", "WEBSOCKET_CONNECTION_1_SYMBOLS=AAPL",
                "MASSIVE_WEBSOCKET_MAX_RETRIES=9");
        ConsoleConfig c = load(f, Map.of("MASSIVE_WEBSOCKET_MAX_RETRIES", "7"),
                Map.of("MASSIVE_WEBSOCKET_MAX_RETRIES", "3"));
        assertThat(c.feed().reconnect().maxRetries()).isEqualTo(3);
    }

    @Test
    void commandLineCanBlankAValueSetElsewhere() {
        ConsoleConfig c = load(null, Map.of("MASSIVE_API_KEY", "abcd1234efgh5678ijkl9012mnop3456"),
                minimal("MASSIVE_API_KEY", ""));
        assertThat(c.useEmbeddedSimulator()).isTrue();
    }

    @Test
    void defaultFileInTheConfigDirectoryIsReadWhenPresent() throws IOException {
        file(ConfigLoader.CONFIG_FILE_NAME, "WEBSOCKET_CONNECTION_2_ENABLED=yes", "WEBSOCKET_CONNECTION_2_SYMBOLS=IBM");
        ConsoleConfig c = load(null, Map.of(), Map.of());
        assertThat(c.connections()).singleElement().satisfies(conn -> assertThat(conn.tickers()).containsExactly("IBM"));
    }

    @Test
    void explicitFileReplacesTheDefaultFile() throws IOException {
        file(ConfigLoader.CONFIG_FILE_NAME, "WEBSOCKET_CONNECTION_2_ENABLED=yes", "WEBSOCKET_CONNECTION_2_SYMBOLS=IBM");
        Path explicit = file("other.env", "WEBSOCKET_CONNECTION_1_ENABLED=yes", "WEBSOCKET_CONNECTION_1_SYMBOLS=KO");
        ConsoleConfig c = load(explicit, Map.of(), Map.of());
        assertThat(c.tickerAssignments()).containsOnlyKeys("KO");
    }

    @Test
    void missingExplicitFileIsAnError() {
        Path absent = configDir.resolve("absent.env");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(absent, Map.of(), minimal()));
        assertThat(e.getMessage()).contains("config file not found: " + absent);
    }

    @Test
    void missingDefaultFileIsFine() {
        assertThat(load(null, Map.of(), minimal()).connections()).hasSize(1);
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnoredWithoutWarnings() {
        ConsoleConfig c = load(null, Map.of("PATH", "/usr/bin", "HOME", "/root", "JAVA_HOME", "/jdk"), minimal());
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void problemsSayWhichSourceTheValueCameFrom() throws IOException {
        Path f = file("x.env", "WEBSOCKET_CONNECTION_1_ENABLED=true", "WEBSOCKET_CONNECTION_1_SYMBOLS=AAPL",
                "WEBSOCKET_STALE_SECONDS=never");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(f, Map.of("WEBSOCKET_KEEPALIVE_SECONDS", "0"), only("REDIS_MODE", "carrier-pigeon")));
        assertThat(e.getMessage())
                .contains("WEBSOCKET_STALE_SECONDS='never' (file " + f + ")")
                .contains("WEBSOCKET_KEEPALIVE_SECONDS='0' (environment)")
                .contains("REDIS_MODE='carrier-pigeon' (command line)");
    }

    @Test
    void configDirectoryFollowsTheTickstockHomeProperty() {
        String before = System.getProperty(ConfigLoader.HOME_PROPERTY);
        try {
            System.setProperty(ConfigLoader.HOME_PROPERTY, "/opt/tickstock");
            assertThat(ConfigLoader.defaultConfigDir()).isEqualTo(Path.of("/opt/tickstock", "config"));
            System.clearProperty(ConfigLoader.HOME_PROPERTY);
            assertThat(ConfigLoader.defaultConfigDir()).isEqualTo(Path.of("config"));
        } finally {
            if (before == null) {
                System.clearProperty(ConfigLoader.HOME_PROPERTY);
            } else {
                System.setProperty(ConfigLoader.HOME_PROPERTY, before);
            }
        }
    }

    @Test
    void universeOverridesComeFromTheConfigDirectory() throws IOException {
        Files.createDirectories(configDir.resolve("universes"));
        UniverseRegistryTest.write(configDir.resolve("universes"), "mine.txt", "AAPL", "MSFT");
        ConsoleConfig c = load(null, Map.of(), only("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "mine"));
        assertThat(c.connections().get(0).tickers()).containsExactly("AAPL", "MSFT");
    }

    @Test
    void badUniverseOverrideFileFailsTheLoad() throws IOException {
        Files.createDirectories(configDir.resolve("universes"));
        UniverseRegistryTest.write(configDir.resolve("universes"), "mine.txt", "AAPL", "A PPL");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(null, Map.of(), minimal()));
        assertThat(e.getMessage()).contains("mine.txt:2: 'A PPL' is not a ticker");
    }
}
