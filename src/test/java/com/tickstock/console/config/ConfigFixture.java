package com.tickstock.console.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Loads configurations from in-memory maps against an empty config directory. */
final class ConfigFixture {

    /**
     * Held so the JUL logger (weakly referenced) keeps its level: each successful load logs the
     * whole configuration at INFO, which would drown the test output.
     */
    @SuppressWarnings("UnusedVariable") // held, not read: java.util.logging forgets the level of an unreferenced logger
    private static final java.util.logging.Logger QUIET_LOADER = quiet(ConfigLoader.class);

    private ConfigFixture() {
    }

    private static java.util.logging.Logger quiet(Class<?> type) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(type.getName());
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** A minimal valid configuration: one connection with one ticker. */
    static Map<String, String> minimal(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("WEBSOCKET_CONNECTION_1_ENABLED", "true");
        m.put("WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL");
        put(m, keyValues);
        return m;
    }

    /** Just the given pairs, nothing else. */
    static Map<String, String> only(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, keyValues);
        return m;
    }

    private static void put(Map<String, String> m, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
    }

    static ConsoleConfig load(Path configDir, Map<String, String> cli) {
        return new ConfigLoader(configDir).load(null, Map.of(), cli);
    }

    static ConfigException failure(Path configDir, Map<String, String> cli) {
        assertThatThrownBy(() -> load(configDir, cli)).isInstanceOf(ConfigException.class);
        return catchThrowableOfType(ConfigException.class, () -> load(configDir, cli));
    }
}
