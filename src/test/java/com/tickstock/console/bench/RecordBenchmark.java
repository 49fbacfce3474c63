package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.recording.RecorderStatus;
import com.tickstock.console.simulator.SimulatorConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What recording the raw feed costs: three connections receive 500,000 events/s in all (10-event trade frames)
 * from the simulator in another process; the console's CPU per event is measured without a recording, then with
 * one (to a temporary directory), then without again. Target: recording adds at most 10 % CPU per event, and
 * drops nothing.
 */
public final class RecordBenchmark {

    private static final int TICKERS_PER_CONNECTION = 500;
    private static final double EVENTS_PER_SECOND = 500_000;
    private static final long WARMUP_MS = 10_000;
    private static final long MEASURE_MS = 10_000;

    private RecordBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        String perConnection = String.valueOf((long) (EVENTS_PER_SECOND / 3));
        Path dir = Files.createTempDirectory("tickstock-record-bench");
        try (SimulatorProcess sim = SimulatorProcess.start("--rate", perConnection, "--batch", "10",
                "--api-keys", SimulatorConfig.DEV_API_KEY)) {
            ConsoleRuntime runtime = ConsoleRuntime.create(BenchConsole.config(sim.url(), SimulatorConfig.DEV_API_KEY,
                    null, TICKERS_PER_CONNECTION, Map.of()));
            try {
                runtime.manager().connect();
                Map<String, ConnectionState> states = runtime.manager().awaitSettled(Duration.ofSeconds(30));
                if (!states.values().stream().allMatch(s -> s == ConnectionState.STREAMING)) {
                    throw new IllegalStateException("not all connections streaming: " + states);
                }
                Thread.sleep(WARMUP_MS); // the warm-up window, not a synchronisation
                Measure off1 = measure(runtime);
                runtime.recording().start(dir);
                Thread.sleep(WARMUP_MS / 2);
                Measure on = measure(runtime);
                RecorderStatus status = runtime.recording().status().orElseThrow();
                runtime.recording().stop();
                Measure off2 = measure(runtime);
                double offMicros = (off1.microsPerEvent() + off2.microsPerEvent()) / 2;
                double overhead = 100 * (on.microsPerEvent() - offMicros) / offMicros;
                System.out.printf(Locale.ROOT, "without: %.2f / %.2f us/event at %,.0f / %,.0f events/s;"
                                + " with recording: %.2f us/event at %,.0f events/s (%+.1f %%)%n", off1.microsPerEvent(),
                        off2.microsPerEvent(), off1.rate(), off2.rate(), on.microsPerEvent(), on.rate(), overhead);
                System.out.println("recording: " + status.describe());
                long written = Files.walk(dir).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                BenchReport.info("Record, console CPU per event without / with recording",
                        String.format(Locale.ROOT, "%.2f / %.2f us at %s events/s", offMicros, on.microsPerEvent(),
                                BenchReport.count(on.rate())));
                BenchReport.result("Record, extra console CPU per event while recording", String.format(Locale.ROOT,
                        "%+.1f %%", overhead), "<= +10 %", BenchReport.atMost(overhead, 10));
                BenchReport.result("Record, frames dropped by the recorder", BenchReport.count(status.dropped()), "0",
                        BenchReport.atMost(status.dropped(), 0L));
                BenchReport.info("Record, compressed bytes per event", String.format(Locale.ROOT, "%.1f",
                        written / (double) Math.max(1, status.frames() * 10)));
            } finally {
                runtime.close();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Measure(double rate, double microsPerEvent) {
    }

    private static Measure measure(ConsoleRuntime runtime) throws InterruptedException {
        long events0 = runtime.manager().healthNow().totalTicksReceived();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(MEASURE_MS); // the measurement window
        long events = runtime.manager().healthNow().totalTicksReceived() - events0;
        long cpu = cpuNanos() - cpu0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Measure(events / seconds, cpu / 1e3 / Math.max(1, events));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
