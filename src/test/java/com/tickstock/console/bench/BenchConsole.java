package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.config.UniverseRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's real runtime ({@link ConsoleRuntime}: manager, three connections, Redis republisher) configured
 * the way an operator would, through {@link ConfigLoader}, against a simulator in another process, with three
 * universes of {@code tickersPerConnection} tickers each ({@code bench_1..3}, written to a temporary config
 * directory). Tickers are the shipped top-500 first, then made-up well-formed ones, which the simulator lists too.
 * Subscribes to trades unless {@code MASSIVE_EVENT_TYPES} is overridden. Start it with
 * {@code ConsoleRuntime.create(config)}, then {@code runtime.manager().connect()}.
 */
final class BenchConsole {

    private BenchConsole() {
    }

    /**
     * @param redisUrl  {@code redis://...}, or null for no republishing
     * @param overrides further configuration keys, e.g. {@code REDIS_FORMAT=batch}
     */
    static ConsoleConfig config(URI simulatorUrl, String apiKey, String redisUrl, int tickersPerConnection,
                                Map<String, String> overrides) {
        Path dir = universes(tickersPerConnection);
        Map<String, String> keys = new HashMap<>();
        keys.put("MASSIVE_API_KEY", apiKey);
        keys.put("MASSIVE_WEBSOCKET_URL", simulatorUrl.toString());
        keys.put("USE_MULTI_CONNECTION", "true");
        // Trades: what a tick-rate benchmark means by a tick (the shipped default, second bars, is 1/s per ticker).
        keys.put("MASSIVE_EVENT_TYPES", "T");
        keys.put("WEBSOCKET_CONNECTION_CAPACITY", String.valueOf(Math.max(1_000, tickersPerConnection)));
        for (int n = 1; n <= 3; n++) {
            keys.put("WEBSOCKET_CONNECTION_" + n + "_ENABLED", "true");
            keys.put("WEBSOCKET_CONNECTION_" + n + "_UNIVERSE_KEY", "bench_" + n);
        }
        keys.put("REDIS_ENABLED", redisUrl == null ? "false" : "true");
        if (redisUrl != null) {
            keys.put("REDIS_URL", redisUrl);
        }
        keys.putAll(overrides);
        // An empty environment: a developer's MASSIVE_API_KEY or REDIS_URL must not leak into a benchmark.
        return new ConfigLoader(dir).load(null, Map.of(), keys);
    }

    /** {@code 3 * perConnection} distinct tickers. */
    static List<String> tickers(int count) {
        List<String> all = new ArrayList<>(UniverseRegistry.builtIn().resolve("top_500"));
        for (int i = 0; all.size() < count; i++) {
            // ZQ + three letters: not a listed symbol, and never equal to a top-500 one.
            all.add("ZQ" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26));
        }
        return all.subList(0, count);
    }

    private static Path universes(int perConnection) {
        try {
            Path dir = Files.createTempDirectory("tickstock-bench-config");
            Path universes = Files.createDirectories(dir.resolve(ConfigLoader.UNIVERSES_DIR_NAME));
            // deleteOnExit runs in reverse order of registration: the files first, then their directories.
            dir.toFile().deleteOnExit();
            universes.toFile().deleteOnExit();
            List<String> all = tickers(3 * perConnection);
            for (int n = 1; n <= 3; n++) {
                Path file = universes.resolve("bench_" + n + ".txt");
                Files.write(file, all.subList((n - 1) * perConnection, n * perConnection));
                file.toFile().deleteOnExit();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
