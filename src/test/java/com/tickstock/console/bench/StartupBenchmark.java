package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConfigLoader;
import com.tickstock.console.manager.ConsoleConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up of the feed side with the shipped configuration (three connections on the embedded
 * simulator): configuration loaded, simulator started, and every connection streaming. The first
 * run in a JVM pays for class loading and JIT, as a user's launch does; later runs show the
 * steady cost. Target: launch → three connections streaming ≤ 1 s.
 */
public final class StartupBenchmark {

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf(Locale.ROOT, "%-28s %12s %14s%n", "run", "connected in", "since JVM start");
        for (int run = 1; run <= 5; run++) {
            long t0 = System.nanoTime();
            ConsoleConfig config = new ConfigLoader(Path.of("config")).load(null, Map.of(), Map.of());
            try (ConsoleRuntime runtime = ConsoleRuntime.create(config)) {
                runtime.manager().connect();
                Map<String, ConnectionState> states = runtime.manager().awaitSettled(Duration.ofSeconds(30));
                long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
                boolean allStreaming = states.values().stream().allMatch(s -> s == ConnectionState.STREAMING);
                System.out.printf(Locale.ROOT, "%-28s %9d ms %11d ms%s%n",
                        "run " + run + (run == 1 ? " (cold JVM)" : ""), elapsedMs,
                        System.currentTimeMillis() - jvmStart, allStreaming ? "" : "   NOT all streaming: " + states);
            }
        }
    }
}
