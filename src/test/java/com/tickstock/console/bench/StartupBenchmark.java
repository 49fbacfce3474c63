package com.tickstock.console.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launch to three connections streaming, as an operator launches: {@code bin/tickstock --headless} with the
 * shipped configuration (three connections on the embedded simulator), timed from starting the process to the
 * third "STREAMING" line on its output. Five launches with the class-data-sharing archive that
 * {@code bin/tickstock} records, and three without it ({@code TICKSTOCK_CDS=off}) for comparison.
 * Target: ≤ 1 s. When {@code bin/package} has built the app image, its launcher is timed the same way,
 * with the archive {@code bin/package} recorded into it and without any ({@code -Xshare:off}).
 */
public final class StartupBenchmark {

    private static final Pattern STREAMING = Pattern.compile("(connection_\\d+) STREAMING");
    private static final long PATIENCE_SECONDS = 60;
    /** The launcher of the app image bin/package builds. */
    private static final Path PACKAGED = Path.of("target/package/tickstock/bin/tickstock");

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // First: let bin/tickstock build the app and record its archive if the checkout changed, untimed.
        Process prepare = new ProcessBuilder("bin/tickstock", "--version").inheritIO().start();
        if (!prepare.waitFor(10, TimeUnit.MINUTES) || prepare.exitValue() != 0) {
            throw new IllegalStateException("bin/tickstock --version failed");
        }
        long[] withArchive = launches(5, "on");
        long[] withoutArchive = launches(3, "off");
        long median = median(withArchive);
        BenchReport.result("launch (bin/tickstock --headless) -> three connections streaming, median of 5",
                median + " ms (max " + Arrays.stream(withArchive).max().orElse(0) + ")", "<= 1,000 ms",
                BenchReport.atMost(median, 1_000));
        BenchReport.info("same without the class-data-sharing archive (TICKSTOCK_CDS=off), median of 3",
                median(withoutArchive) + " ms");
        if (Files.isExecutable(PACKAGED)) {
            long[] packaged = launches(5, PACKAGED.toString(), Map.of());
            long packagedMedian = median(packaged);
            BenchReport.result("launch (packaged app image --headless) -> three connections streaming, median of 5",
                    packagedMedian + " ms (max " + Arrays.stream(packaged).max().orElse(0) + ")", "<= 1,000 ms",
                    BenchReport.atMost(packagedMedian, 1_000));
            BenchReport.info("same without class-data sharing (JAVA_TOOL_OPTIONS=-Xshare:off), median of 3",
                    median(launches(3, PACKAGED.toString(), Map.of("JAVA_TOOL_OPTIONS", "-Xshare:off"))) + " ms");
        } else {
            BenchReport.info("launch of the packaged app image", "not measured: run bin/package first");
        }
    }

    private static long[] launches(int count, String launcher, Map<String, String> extraEnv) throws Exception {
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            millis[i] = launch(launcher, extraEnv);
            System.out.printf(Locale.ROOT, "launch %d (%s %s): three connections streaming after %d ms%n", i + 1,
                    launcher, extraEnv, millis[i]);
        }
        return millis;
    }

    private static long[] launches(int count, String cds) throws Exception {
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            millis[i] = launch("bin/tickstock", Map.of("TICKSTOCK_CDS", cds));
            System.out.printf(Locale.ROOT, "launch %d (archive %s): three connections streaming after %d ms%n", i + 1,
                    cds, millis[i]);
        }
        return millis;
    }

    /** Milliseconds from starting the process to its third connection streaming. */
    private static long launch(String launcher, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher, "--headless").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // The shipped configuration: the embedded simulator, no Redis, whatever this shell has exported.
        env.keySet().removeIf(k -> k.startsWith("MASSIVE_") || k.startsWith("REDIS_") || k.startsWith("WEBSOCKET_")
                || k.startsWith("STATUS_") || k.equals("USE_MULTI_CONNECTION"));
        env.putAll(extraEnv);
        long start = System.nanoTime();
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Set<String> streaming = new HashSet<>();
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                Matcher m = STREAMING.matcher(line);
                if (m.find() && streaming.add(m.group(1)) && streaming.size() == 3) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS)) {
                    break;
                }
            }
            throw new IllegalStateException("three connections did not stream; the console said:\n"
                    + String.join("\n", output));
        } finally {
            process.destroy(); // SIGTERM: the console shuts down cleanly
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
