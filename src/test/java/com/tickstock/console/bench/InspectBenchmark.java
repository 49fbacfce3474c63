package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.recording.RecordingInspector;
import com.tickstock.console.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --inspect} of a big recording (#22): 60 s of three connections at 50,000 trades/s each (10-trade frames,
 * about nine million events) recorded once into {@code target/inspect-recording} (kept between runs: recording it
 * takes a minute and both cores), then inspected a few times in this JVM, each timed in wall and process CPU time
 * beside the load average. The first run includes the JIT's warm-up, as {@code bin/tickstock --inspect} does.
 * Target (the "a few seconds for an hour"): at most 4 s wall on two cores. Arguments: the number of runs
 * (default 3), then a directory to inspect instead.
 */
public final class InspectBenchmark {

    private static final Path DEFAULT_DIR = Path.of("target", "inspect-recording");
    private static final long EVENTS_PER_SECOND_PER_CONNECTION = 50_000;
    private static final long RECORD_MS = 60_000;

    private InspectBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = args.length > 1 ? Path.of(args[1]) : DEFAULT_DIR;
        if (!Files.isDirectory(dir)) {
            record(dir);
        }
        String first = null;
        for (int run = 1; run <= runs; run++) {
            String load = ProcStats.loadAverage();
            long cpu0 = ProcStats.selfCpuMillis();
            long t0 = System.nanoTime();
            RecordingInspector inspector = RecordingInspector.inspect(dir);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (ProcStats.selfCpuMillis() - cpu0) / 1e3;
            long events = inspector.marketDataEvents().values().stream().mapToLong(Long::longValue).sum();
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            inspector.print(new PrintStream(report, true, StandardCharsets.UTF_8));
            String text = report.toString(StandardCharsets.UTF_8);
            if (first == null) {
                first = text;
                System.out.print(text);
            } else if (!first.equals(text)) {
                throw new IllegalStateException("run " + run + " printed another report:\n" + text);
            }
            System.out.printf(Locale.ROOT, "run %d: %,d events in %.2f s wall, %.2f s CPU (%.2f us/event), load before %s%n",
                    run, events, wall, cpu, cpu * 1e6 / Math.max(1, events), load);
            if (run == runs) {
                BenchReport.result("Inspect, " + String.format(Locale.ROOT, "%,d", events) + " events (wall; CPU, load)",
                        String.format(Locale.ROOT, "%.2f s (%.2f s CPU, load %s)", wall, cpu, load), "<= 4 s",
                        BenchReport.atMost(wall, 4));
            }
        }
    }

    private static void record(Path dir) throws Exception {
        Files.createDirectories(dir);
        System.out.println("recording 60 s of 3 x 50,000 trades/s into " + dir);
        try (SimulatorProcess sim = SimulatorProcess.start("--rate", String.valueOf(EVENTS_PER_SECOND_PER_CONNECTION),
                "--batch", "10", "--api-keys", SimulatorConfig.DEV_API_KEY)) {
            ConsoleRuntime runtime = ConsoleRuntime.create(BenchConsole.config(sim.url(), SimulatorConfig.DEV_API_KEY,
                    null, 500, Map.of()));
            try {
                runtime.manager().connect();
                Map<String, ConnectionState> states = runtime.manager().awaitSettled(Duration.ofSeconds(30));
                if (!states.values().stream().allMatch(s -> s == ConnectionState.STREAMING)) {
                    throw new IllegalStateException("not all connections streaming: " + states);
                }
                runtime.recording().start(dir);
                Thread.sleep(RECORD_MS); // the recording's length, not a synchronisation
                System.out.println("recorded: " + runtime.recording().status().orElseThrow().describe());
                runtime.recording().stop();
            } finally {
                runtime.close();
            }
        }
    }
}
