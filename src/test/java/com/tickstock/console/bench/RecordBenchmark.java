package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.config.RecordSettings;
import com.tickstock.console.recording.RecorderStatus;
import com.tickstock.console.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import com.github.luben.zstd.ZstdInputStream;

/**
 * What recording the raw feed costs: three connections receive 500,000 events/s in all (10-event trade frames)
 * from the simulator in another process; the console's CPU per event is measured without a recording, then with
 * one (to a temporary directory), then without again. Target: recording adds at most 10 % CPU per event, and
 * drops nothing. Each window prints the busiest threads' CPU per event (the socket threads' hand-off against the
 * recorder thread's compression and I/O) and the load average, and the recording's bytes per event before and
 * after compression, and the share the CPU budget made it store uncompressed. The first argument, {@code zstd}
 * (the default) or {@code gzip}, is the files' compression ({@code RECORD_COMPRESSION}); the second the recorder's
 * CPU budget ({@code RECORD_CPU_BUDGET}, percent; default 10, 0 compresses every block).
 */
public final class RecordBenchmark {

    private static final int TICKERS_PER_CONNECTION = 500;
    private static final double EVENTS_PER_SECOND = 500_000;
    /** Long enough that the JIT is done before the first window: at 10 s on a loaded machine it was not (0.7–1.8 us/event). */
    private static final long WARMUP_MS = 20_000;
    /** From the recording's start to its window: the writer's code is compiled and its first file open. */
    private static final long RECORDING_WARMUP_MS = 5_000;
    private static final long MEASURE_MS = 10_000;
    private static final int EVENTS_PER_FRAME = 10;
    /** The recorder's writer thread as /proc names it (15 characters). */
    private static final String RECORDER_THREAD = "tickstock-recor";

    private RecordBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        String compression = args.length > 0 ? args[0] : "zstd";
        // bin/bench Record zstd 0: compress every block whatever it costs (the recorder before its CPU budget).
        String budget = args.length > 1 ? args[1] : String.valueOf(RecordSettings.DEFAULT_CPU_BUDGET_PERCENT);
        System.out.println("recording with RECORD_COMPRESSION=" + compression + " RECORD_CPU_BUDGET=" + budget);
        String perConnection = String.valueOf((long) (EVENTS_PER_SECOND / 3));
        Path dir = Files.createTempDirectory("tickstock-record-bench");
        try (SimulatorProcess sim = SimulatorProcess.start("--rate", perConnection, "--batch", String.valueOf(EVENTS_PER_FRAME),
                "--api-keys", SimulatorConfig.DEV_API_KEY)) {
            ConsoleRuntime runtime = ConsoleRuntime.create(BenchConsole.config(sim.url(), SimulatorConfig.DEV_API_KEY,
                    null, TICKERS_PER_CONNECTION, Map.of("RECORD_COMPRESSION", compression,
                    "RECORD_CPU_BUDGET", budget)));
            try {
                runtime.manager().connect();
                Map<String, ConnectionState> states = runtime.manager().awaitSettled(Duration.ofSeconds(30));
                if (!states.values().stream().allMatch(s -> s == ConnectionState.STREAMING)) {
                    throw new IllegalStateException("not all connections streaming: " + states);
                }
                Thread.sleep(WARMUP_MS); // the warm-up window, not a synchronisation
                Measure off1 = measure(runtime, "without");
                runtime.recording().start(dir);
                Thread.sleep(RECORDING_WARMUP_MS);
                Measure on = measure(runtime, "with recording");
                RecorderStatus status = runtime.recording().status().orElseThrow();
                runtime.recording().stop();
                Measure off2 = measure(runtime, "without again");
                double offMicros = (off1.microsPerEvent() + off2.microsPerEvent()) / 2;
                double overhead = 100 * (on.microsPerEvent() - offMicros) / offMicros;
                System.out.printf(Locale.ROOT, "extra console CPU per event while recording: %+.1f %% (%.2f against %.2f us);"
                        + " the recorder's own thread %.2f us per event written%n", overhead, on.microsPerEvent(),
                        offMicros, on.recorderMicrosPerEvent());
                System.out.println("recording: " + status.describe());
                long written = Files.walk(dir).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                long raw = decompressedBytes(dir);
                double recordedEvents = Math.max(1, status.frames() * (double) EVENTS_PER_FRAME);
                System.out.printf(Locale.ROOT, "on disk %.1f bytes per event (%.1f before compression, %.2fx);"
                                + " the recorder thread gets through %.0f MB of frames per second of its CPU%n", written / recordedEvents,
                        raw / recordedEvents, raw / (double) Math.max(1, written),
                        raw / recordedEvents / Math.max(1e-9, on.recorderMicrosPerEvent()));
                BenchReport.info("Record (" + compression + "), console CPU per event without / with recording",
                        String.format(Locale.ROOT, "%.2f / %.2f us at %s events/s (load %s)", offMicros,
                                on.microsPerEvent(), BenchReport.count(on.rate()), on.load()));
                BenchReport.result("Record (" + compression + "), extra console CPU per event while recording", String.format(Locale.ROOT,
                        "%+.1f %%", overhead), "<= +10 %", BenchReport.atMost(overhead, 10));
                BenchReport.info("Record, recorder thread CPU per event", String.format(Locale.ROOT, "%.2f us",
                        on.recorderMicrosPerEvent()));
                BenchReport.result("Record, frames dropped by the recorder", BenchReport.count(status.dropped()), "0",
                        BenchReport.atMost(status.dropped(), 0L));
                BenchReport.info("Record, compressed bytes per event", String.format(Locale.ROOT, "%.1f",
                        written / recordedEvents));
                BenchReport.info("Record, share stored uncompressed (RECORD_CPU_BUDGET=" + budget + ")",
                        String.format(Locale.ROOT, "%.1f %% of %,.1f MB", 100.0 * status.storedBytes()
                                / Math.max(1, status.recordedBytes()), status.recordedBytes() / 1e6));
            } finally {
                runtime.close();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * One window: events/s received, console CPU per event received, the recorder thread's CPU per event it wrote
     * (not per event received: under load it drops some), the frames it wrote and dropped, the load beside it.
     */
    private record Measure(long events, double rate, double microsPerEvent, double recorderMicrosPerEvent,
                           long recordedFrames, long recorderDrops, String load) {
    }

    private static Measure measure(ConsoleRuntime runtime, String label) throws InterruptedException {
        long events0 = runtime.manager().healthNow().totalTicksReceived();
        RecorderStatus recorder0 = runtime.recording().isRecording() ? runtime.recording().status().orElseThrow() : null;
        Map<String, Long> threads0 = ProcStats.threadCpuMillis();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(MEASURE_MS); // the measurement window
        long events = runtime.manager().healthNow().totalTicksReceived() - events0;
        long cpu = cpuNanos() - cpu0;
        Map<String, Long> threads1 = ProcStats.threadCpuMillis();
        RecorderStatus recorder1 = recorder0 == null ? null : runtime.recording().status().orElseThrow();
        long recorded = recorder1 == null || recorder0 == null ? 0 : recorder1.frames() - recorder0.frames();
        long recorderDrops = recorder1 == null || recorder0 == null ? 0 : recorder1.dropped() - recorder0.dropped();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long recorderMillis = threads1.getOrDefault(RECORDER_THREAD, 0L) - threads0.getOrDefault(RECORDER_THREAD, 0L);
        Measure m = new Measure(events, events / seconds, cpu / 1e3 / Math.max(1, events),
                recorderMillis * 1e3 / Math.max(1, recorded * EVENTS_PER_FRAME), recorded, recorderDrops,
                ProcStats.loadAverage());
        System.out.printf(Locale.ROOT, "%s: %,.0f events/s, console %.2f us/event, load %s; threads, us per event: %s%n",
                label, m.rate(), m.microsPerEvent(), m.load(), ProcStats.busiestThreads(threads0, threads1, events, 6));
        if (recorder1 != null) {
            System.out.printf(Locale.ROOT, "  recorder in this window: %,d frames written, %,d dropped;"
                    + " its thread %.2f us per event written%n", recorded, recorderDrops, m.recorderMicrosPerEvent());
        }
        return m;
    }

    /** The recording's size before compression: what the compressor had to get through. */
    private static long decompressedBytes(Path dir) throws IOException {
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                InputStream raw = Files.newInputStream(file);
                try (InputStream in = file.toString().endsWith(".zst") ? new ZstdInputStream(raw)
                        : new GZIPInputStream(raw)) {
                    total += in.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
        return total;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
