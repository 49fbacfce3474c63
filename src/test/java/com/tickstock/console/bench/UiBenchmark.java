package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.ui.ConsoleApp;
import com.tickstock.console.ui.ConsoleWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Issue #26, "light on the workstation": what the console window's process costs, as the operator would see it in
 * {@code top}. Three connections of 50 tickers (trades and quotes), no Redis, the window at 1920x1080; the feed
 * comes from the simulator in a process of its own over the console's real WebSocket connections, so this
 * process is the window's: sockets, decoding, dispatch, the tables, the FX and render threads, JIT and GC. Three
 * rates: idle (30 ticks/s in all), a desk's 9,000 and a burst's 120,000 ticks/s; for each a fresh simulator,
 * runtime and window, a warm-up, then the measurement. A command, not a test.
 *
 * <p>Prints per rate: ticks/s received, display refreshes/s, JavaFX pulses/s (a pulse lays out and repaints the
 * scene: an idle window should ask for few; the count includes pulses that found nothing to repaint, which
 * {@code -Djavafx.pulseLogger=true} shows as "Required No Rendering" and which cost little), the whole process's CPU as % of one core and µs per tick, the same
 * split by thread group from {@code /proc/self/task} (FX thread, render thread, feed, JIT, GC/VM, other), the FX
 * thread's responsiveness (delay of a {@code runLater} probe sent every 50 ms; every second at idle, see
 * {@link #probeIntervalMillis}) and the machine's load average, which skews every figure on a shared machine.
 *
 * <p>Without a {@code DISPLAY} it runs under Monocle headless (software rendering); with one (e.g. Xvfb) on the
 * real glass toolkit. {@code bin/bench Ui [seconds per rate [rates]]}: default 20 s and 9000,120000,30; e.g.
 * {@code bin/bench Ui 30 30} measures only the idle window, for 30 s.
 *
 * <p>The full market (issue #25): {@code bin/bench Ui 20 full} opens the window on one
 * {@code WEBSOCKET_CONNECTION_1_SYMBOLS=*} connection fed the simulator's 11,000-ticker tape (trades) at 120,000
 * ticks/s ({@code full-300000}, {@code full-max} for other rates), and prints besides the figures above the FX
 * thread's pulse time (CSS and layout) p99, the rows in the table and the live heap after a full GC. A rate
 * followed by {@code -sorted} ({@code full-sorted}, {@code 9000-sorted}) sorts the tables by Chg %, descending.
 *
 * <p>The floor (issue #26's idle target read against the machine): {@code floor} opens an otherwise empty window of
 * the same size whose one label changes at the console's default refresh rate, 4 times a second, and measures the
 * process the same way; {@code floor-still} leaves the label unchanged. What any JavaFX window costs to repaint at
 * that rate on this machine's pipeline is the least the console's idle window can cost; the standard run ends with
 * it, so that the idle figure is printed beside a floor from the same run.
 */
public final class UiBenchmark {

    private static final int TICKERS_PER_CONNECTION = 50;
    /**
     * Ticks per second in all: a desk, a burst, then idle (10 per connection), measured last so that the JIT has
     * compiled the window's paths by then, as in a window that has been open for a while.
     */
    private static final int[] RATES = {9_000, 120_000, 30};
    /** The console window's default refresh rate ({@code RefreshTimer.DEFAULT_HZ}), at which the floor repaints. */
    private static final double FLOOR_HZ = 4;

    private UiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        boolean headless = System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isEmpty();
        if (headless) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        // The issue's screen: 1920x1080 (the window is clamped to the screen's usable area).
        Path prefs = Files.createTempFile("ui-bench", ".properties");
        Files.writeString(prefs, "width=1920\nheight=1080\nx=0\ny=0\n");
        prefs.toFile().deleteOnExit();
        System.setProperty("tickstock.ui.prefs", prefs.toString());
        ConsoleApp.prepareRendering(); // as the shipped launcher does before JavaFX starts
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        Platform.setImplicitExit(false); // each rate closes its window; the toolkit must stay for the next
        started.get(30, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "toolkit: %s; 3 connections x %d tickers (trades and quotes; a full-market run: one"
                        + " '*' connection, trades) from a simulator process; %d s per rate after a warm-up; CPU is this"
                        + " JVM's (the window process), %% of one core; %d cores; load average before: %s%n",
                headless ? "Monocle headless (software rendering)" : "glass on DISPLAY " + System.getenv("DISPLAY")
                        + ", prism " + System.getProperty("prism.order", "default"),
                TICKERS_PER_CONNECTION, seconds, Runtime.getRuntime().availableProcessors(), ProcStats.loadAverage());
        List<Run> runs = args.length > 1 ? Run.parse(args[1]) : Run.standard();
        for (Run run : runs) {
            runRate(run, seconds);
        }
        Platform.exit();
        System.exit(0);
    }

    /**
     * One measured run: three connections of {@link #TICKERS_PER_CONNECTION} tickers at {@code rate} ticks/s in all,
     * or (issue #25, "the full market") one {@code WEBSOCKET_CONNECTION_1_SYMBOLS=*} connection fed the simulator's
     * {@link SimulatorConfig#FULL_MARKET}-ticker tape, trades only, at {@code rate} ticks/s (0: the simulator's max).
     * Written as {@code 9000} or {@code full} (120,000/s), {@code full-300000}, {@code full-max}.
     */
    record Run(int rate, boolean fullMarket, boolean sorted, Floor floor) {

        static final int FULL_MARKET_RATE = 120_000;

        static List<Run> standard() {
            List<Run> runs = new ArrayList<>(java.util.Arrays.stream(RATES)
                    .mapToObj(r -> new Run(r, false, false, Floor.NONE)).toList());
            runs.add(new Run(0, false, false, Floor.CHANGING));
            return runs;
        }

        static List<Run> parse(String text) {
            List<Run> runs = new ArrayList<>();
            for (String token : COMMA.split(text, -1)) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                // "-sorted": the tables sorted by Chg %, descending, as an operator watching movers would (the window
                // re-sorts a sorted table twice a second).
                boolean sorted = t.endsWith("-sorted");
                if (sorted) {
                    t = t.substring(0, t.length() - "-sorted".length());
                }
                if (t.equals("floor") || t.equals("floor-still")) {
                    runs.add(new Run(0, false, false, t.equals("floor") ? Floor.CHANGING : Floor.STILL));
                } else if (t.equals("full")) {
                    runs.add(new Run(FULL_MARKET_RATE, true, sorted, Floor.NONE));
                } else if (t.startsWith("full-")) {
                    String rate = t.substring("full-".length());
                    runs.add(new Run(rate.equals("max") ? 0 : Integer.parseInt(rate), true, sorted, Floor.NONE));
                } else {
                    runs.add(new Run(Integer.parseInt(t), false, sorted, Floor.NONE));
                }
            }
            return runs;
        }

        String[] simulatorArgs() {
            List<String> args = new ArrayList<>(List.of("--api-keys", SimulatorConfig.DEV_API_KEY));
            if (fullMarket) {
                // One connection carries the whole rate; 100 events per frame as in bin/bench FullMarket.
                args.addAll(List.of("--rate", rate == 0 ? "max" : String.valueOf(rate), "--batch", "100",
                        "--full-market", String.valueOf(SimulatorConfig.FULL_MARKET)));
            } else {
                args.addAll(List.of("--rate", String.valueOf(rate / 3), "--batch", "10"));
            }
            return args.toArray(new String[0]);
        }

        Map<String, String> consoleKeys() {
            if (!fullMarket) {
                return Map.of("MASSIVE_EVENT_TYPES", "T,Q");
            }
            return Map.of("WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "", "WEBSOCKET_CONNECTION_1_SYMBOLS", "*",
                    "WEBSOCKET_CONNECTION_2_ENABLED", "false", "WEBSOCKET_CONNECTION_3_ENABLED", "false");
        }

        String describe() {
            return describeRate() + (sorted ? ", tables sorted by Chg %" : "");
        }

        private String describeRate() {
            if (floor == Floor.CHANGING) {
                return String.format(Locale.ROOT, "floor: empty window, one label changed %.0f times a second", FLOOR_HZ);
            } else if (floor == Floor.STILL) {
                return "floor: empty window, nothing changed";
            }
            if (fullMarket) {
                return String.format(Locale.ROOT, "window, full market (%,d tickers on one '*' connection) at %s",
                        SimulatorConfig.FULL_MARKET, rate == 0 ? "max rate" : String.format(Locale.ROOT, "%,d ticks/s", rate));
            }
            return isIdle(rate) ? String.format(Locale.ROOT, "window idle (%d ticks/s)", rate)
                    : String.format(Locale.ROOT, "window at %,d ticks/s", rate);
        }
    }

    /** Not a floor run, or the floor's window with its label changing at {@link #FLOOR_HZ}, or left still. */
    enum Floor { NONE, CHANGING, STILL }

    private static final java.util.regex.Pattern COMMA = java.util.regex.Pattern.compile(",");

    /** One rate: its own simulator, runtime and window, so that one rate's backlog cannot spill into the next. */
    private static void runRate(Run run, int seconds) throws Exception {
        if (run.floor() != Floor.NONE) {
            runFloor(run, seconds);
            return;
        }
        try (SimulatorProcess sim = SimulatorProcess.start(run.simulatorArgs())) {
            ConsoleRuntime runtime = ConsoleRuntime.create(BenchConsole.config(sim.url(), SimulatorConfig.DEV_API_KEY,
                    null, TICKERS_PER_CONNECTION, run.consoleKeys()));
            LongAdder ticks = new LongAdder();
            Registration counter = runtime.manager().addConsumer("bench-count", batch -> ticks.add(batch.events().size()),
                    TickConsumer.Delivery.DIRECT);
            ConsoleWindow window = null;
            try {
                runtime.manager().connect();
                Map<String, ConnectionState> states = runtime.manager().awaitSettled(Duration.ofSeconds(60));
                if (!states.values().stream().allMatch(s -> s == ConnectionState.STREAMING)) {
                    throw new IllegalStateException("not all connections streaming: " + states);
                }
                window = onFx(() -> ConsoleWindow.open(new Stage(), runtime.manager(), runtime.source()));
                ConsoleWindow shown = window;
                Pulses pulses = new Pulses(shown::pulses);
                onFx(() -> {
                    shown.stage().getScene().addPreLayoutPulseListener(pulses::begin);
                    shown.stage().getScene().addPostLayoutPulseListener(pulses::end);
                    if (run.sorted()) {
                        for (javafx.scene.Node node : shown.stage().getScene().getRoot().lookupAll(".ticker-table")) {
                            javafx.scene.control.TableView<?> table = (javafx.scene.control.TableView<?>) node;
                            for (javafx.scene.control.TableColumn<?, ?> column : table.getColumns()) {
                                if (column.getText().equals("Chg %")) {
                                    column.setSortType(javafx.scene.control.TableColumn.SortType.DESCENDING);
                                    addSortColumn(table, column);
                                }
                            }
                        }
                    }
                    return null;
                });
                // Warm-up: JIT, every row seen once, the first layout; then measure.
                // On a loaded machine C2 is still compiling after 8 s; a window that has been open for minutes is not.
                Shown measured = new Shown(shown::pulses, shown::rowsShown);
                measure(measured, ticks, pulses, run, Math.max(15, seconds / 2), false);
                measure(measured, ticks, pulses, run, seconds, true);
            } finally {
                if (window != null) {
                    ConsoleWindow open = window;
                    onFx(() -> {
                        open.close();
                        open.stage().close();
                        return null;
                    });
                }
                counter.close();
                runtime.close();
            }
        }
    }

    /** What a measurement reads of the window on the FX thread: refreshes so far, and rows in its tables. */
    record Shown(java.util.concurrent.Callable<Long> refreshes, java.util.concurrent.Callable<Integer> rows) {
    }

    /**
     * The floor: a stage of the console window's size holding one label, changed at {@link #FLOOR_HZ} from a timer
     * thread through {@code runLater} as the console's refresh timer hands the FX thread its refreshes (or never), no
     * feed. Measured like a console run, after the same warm-up.
     */
    private static void runFloor(Run run, int seconds) throws Exception {
        java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
        javafx.scene.control.Label label = new javafx.scene.control.Label("0");
        Stage stage = onFx(() -> {
            Stage s = new Stage();
            s.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(label), 1920, 1080));
            s.setX(0);
            s.setY(0);
            s.show();
            return s;
        });
        Pulses pulses = new Pulses(changes::get);
        onFx(() -> {
            stage.getScene().addPreLayoutPulseListener(pulses::begin);
            stage.getScene().addPostLayoutPulseListener(pulses::end);
            return null;
        });
        java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            if (run.floor() == Floor.CHANGING) {
                long period = Math.round(1e9 / FLOOR_HZ);
                Runnable change = () -> label.setText(Long.toString(changes.incrementAndGet()));
                timer.scheduleAtFixedRate(() -> Platform.runLater(change), period, period, TimeUnit.NANOSECONDS);
            }
            Shown shown = new Shown(changes::get, () -> 0);
            LongAdder none = new LongAdder();
            measure(shown, none, pulses, run, Math.max(15, seconds / 2), false);
            measure(shown, none, pulses, run, seconds, true);
        } finally {
            timer.shutdownNow();
            onFx(() -> {
                stage.close();
                return null;
            });
        }
    }

    /**
     * The scene's pulses: how many, and how long the FX thread spent in each from the pre-layout to the post-layout
     * listener (animations, CSS and layout; the render thread then paints). FX thread only; read through onFx.
     *
     * <p>Each is also counted as a refresh's pulse (a display refresh ran since the previous pulse) or a follow-up
     * (none did). JavaFX itself follows every pulse that painted with one more: the painting pulse marks the scene
     * dirty for the paint collector ({@code GlassScene.markDirty} → {@code PaintCollector.addDirtyScene}), which
     * requests the next pulse, found on a JDI breakpoint on {@code QuantumToolkit.requestNextPulse}. That follow-up
     * paints nothing; its CSS and layout time shows what it costs.
     */
    private static final class Pulses {
        private final java.util.function.LongSupplier refreshes;
        private long count;
        private long followUps;
        private long followUpMicros;
        private long refreshMicros;
        private long lastRefresh = -1;
        private boolean followUp;
        private long began;
        private final List<Long> micros = new ArrayList<>();

        Pulses(java.util.function.LongSupplier refreshes) {
            this.refreshes = refreshes;
        }

        void begin() {
            began = System.nanoTime();
            long refresh = refreshes.getAsLong();
            followUp = refresh == lastRefresh;
            lastRefresh = refresh;
        }

        void end() {
            count++;
            if (followUp) {
                followUps++;
            }
            if (began != 0) {
                long took = (System.nanoTime() - began) / 1000;
                micros.add(took);
                if (followUp) {
                    followUpMicros += took;
                } else {
                    refreshMicros += took;
                }
            }
        }

        long count() {
            return count;
        }

        /** Follow-up pulses, their CSS + layout µs and the refresh pulses' CSS + layout µs, since the start. */
        long[] split() {
            return new long[] {followUps, followUpMicros, refreshMicros};
        }

        /** The durations since the last call, sorted. */
        long[] drain() {
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            micros.clear();
            return sorted;
        }
    }

    /**
     * How often the responsiveness probe posts a {@code runLater}. Every 50 ms under load, where the target is the
     * FX thread's delay; at idle once a second: twenty probes a second woke the FX thread, GTK's main loop, glass's
     * invoke-later dispatcher and this benchmark's thread five times as often as the window's own 4 Hz refresh, and
     * so measured the benchmark into the idle window's CPU (0.3 % of a core on the benchmark's and the dispatcher's
     * threads alone).
     */
    static long probeIntervalMillis(int rate) {
        return isIdle(rate) ? 1_000 : 50;
    }

    /** Below 100 ticks/s a run stands for an idle desk (30 ticks/s in the issue). */
    static boolean isIdle(int rate) {
        return rate < 100;
    }

    private static void measure(Shown window, LongAdder ticks, Pulses pulses, Run run, int seconds,
                                boolean report) throws Exception {
        int rate = run.rate();
        Map<String, ProcStats.ThreadTime> threads0 = ProcStats.threadTimes();
        long process0 = ProcStats.selfCpuMillis();
        long ticks0 = ticks.sum();
        long pulses0 = onFx(pulses::count);
        long[] split0 = onFx(pulses::split);
        onFx(pulses::drain);
        long refreshes0 = onFx(window.refreshes());
        String loadBefore = ProcStats.loadAverage();
        long t0 = System.nanoTime();
        long endAt = t0 + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> probeMicros = new ArrayList<>();
        while (System.nanoTime() < endAt) {
            long sent = System.nanoTime();
            CompletableFuture<Long> probe = new CompletableFuture<>();
            Platform.runLater(() -> probe.complete(System.nanoTime() - sent));
            probeMicros.add(probe.get(60, TimeUnit.SECONDS) / 1000);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(probeIntervalMillis(rate)));
        }
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        long processMillis = ProcStats.selfCpuMillis() - process0;
        Map<String, Long> groups = groups(threads0, ProcStats.threadTimes());
        long received = ticks.sum() - ticks0;
        long pulseCount = onFx(pulses::count) - pulses0;
        long[] split = onFx(pulses::split);
        long[] pulseMicros = onFx(pulses::drain);
        long refreshes = onFx(window.refreshes()) - refreshes0;
        if (!report) {
            return;
        }
        String load = loadBefore + " -> " + ProcStats.loadAverage();
        double ticksPerSecond = received / wallSeconds;
        double share = processMillis / 10.0 / wallSeconds;
        long[] probes = probeMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        double p99 = percentile(probes, 0.99) / 1000.0;
        String at = run.describe();
        System.out.printf(Locale.ROOT, "%n%s: received %,.0f ticks/s | display refreshes %.1f/s | JavaFX pulses %.1f/s"
                        + " | load average %s%n", at, ticksPerSecond, refreshes / wallSeconds, pulseCount / wallSeconds, load);
        System.out.printf(Locale.ROOT, "  window process CPU %5.1f %% of a core%s%n", share,
                received == 0 ? "" : String.format(Locale.ROOT, " = %.1f us per tick", processMillis * 1000.0 / received));
        long jit = groups.get(JIT);
        System.out.printf(Locale.ROOT, "  without the JIT compiler (it settles in a window open for long) %.1f %% of a core%n",
                (processMillis - jit) / 10.0 / wallSeconds);
        groups.forEach((group, millis) -> System.out.printf(Locale.ROOT, "    %-42s %5.1f %%%s%n", group,
                millis / 10.0 / wallSeconds,
                received == 0 ? "" : String.format(Locale.ROOT, "  %6.2f us per tick", millis * 1000.0 / received)));
        System.out.printf(Locale.ROOT, "  runLater delay p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(probes, 0.50) / 1000.0, p99, probes.length == 0 ? 0 : probes[probes.length - 1] / 1000.0);
        double pulseP99 = percentile(pulseMicros, 0.99) / 1000.0;
        System.out.printf(Locale.ROOT, "  pulse on the FX thread (CSS + layout) p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(pulseMicros, 0.50) / 1000.0, pulseP99,
                pulseMicros.length == 0 ? 0 : pulseMicros[pulseMicros.length - 1] / 1000.0);
        long followUps = split[0] - split0[0];
        System.out.printf(Locale.ROOT, "  of the pulses: after a refresh %.1f/s, CSS + layout %.2f ms/s; follow-ups (no refresh"
                        + " since the pulse before) %.1f/s, CSS + layout %.2f ms/s%n", (pulseCount - followUps) / wallSeconds,
                (split[2] - split0[2]) / 1000.0 / wallSeconds, followUps / wallSeconds,
                (split[1] - split0[1]) / 1000.0 / wallSeconds);
        int rows = onFx(window.rows());
        System.out.printf(Locale.ROOT, "  rows in the tables %,d%n", rows);

        String loadNote = " (load " + load + ")";
        double target = run.fullMarket() || run.floor() != Floor.NONE ? Double.NaN : isIdle(rate) ? 2 : rate <= 9_000 ? 15 : Double.NaN;
        String value = String.format(Locale.ROOT, "%.1f %% of a core", share)
                + (received == 0 ? "" : String.format(Locale.ROOT, ", %.1f us/tick", processMillis * 1000.0 / received));
        if (Double.isNaN(target)) {
            BenchReport.info(at + ": window process CPU" + loadNote, value);
        } else {
            BenchReport.result(at + ": window process CPU" + loadNote, value,
                    String.format(Locale.ROOT, "<= %.0f %%", target), BenchReport.atMost(share, target));
        }
        BenchReport.info(at + ": FX thread / render thread / feed threads", String.format(Locale.ROOT,
                "%.1f %% / %.1f %% / %.1f %%", groups.get(FX) / 10.0 / wallSeconds, groups.get(RENDER) / 10.0 / wallSeconds,
                groups.get(FEED) / 10.0 / wallSeconds));
        BenchReport.info(at + ": JavaFX pulses/s (display refreshes/s)", String.format(Locale.ROOT, "%.1f (%.1f)",
                pulseCount / wallSeconds, refreshes / wallSeconds));
        BenchReport.info(at + ": FX thread busy (share of wall time) / pulse p99", String.format(Locale.ROOT,
                "%.1f %% / %.1f ms", groups.get(FX) / 10.0 / wallSeconds, pulseP99));
        if (run.fullMarket()) {
            BenchReport.info(at + ": rows in the table (tickers seen)", BenchReport.count(rows));
            // Heap after a full GC, with the window and 11,000 rows live (the heap target: 200 MB).
            double liveMb = MemoryProbe.mb(MemoryProbe.liveHeapBytes());
            System.out.printf(Locale.ROOT, "  live heap after a full GC %.1f MB%n", liveMb);
            BenchReport.result(at + ": live heap after GC", String.format(Locale.ROOT, "%.1f MB", liveMb), "<= 200 MB",
                    BenchReport.atMost(liveMb, 200));
        }
        if (rate >= 100 || run.fullMarket()) {
            if (rate > 0) {
                BenchReport.result(at + ": ticks/s received", BenchReport.count(ticksPerSecond),
                        String.format(Locale.ROOT, ">= %,d", rate * 9 / 10), BenchReport.atLeast(ticksPerSecond, rate * 0.9));
            } else {
                BenchReport.info(at + ": ticks/s received", BenchReport.count(ticksPerSecond));
            }
            BenchReport.result(at + ": runLater delay p99 (responsiveness)", String.format(Locale.ROOT, "%.1f ms", p99),
                    "<= 100 ms", BenchReport.atMost(p99, 100.0));
        }
    }

    private static final String FX = "FX thread (JavaFX Application Thread)";
    private static final String RENDER = "render thread (QuantumRenderer)";
    private static final String FEED = "feed (sockets, decode, dispatch)";
    private static final String JIT = "JIT compiler";
    private static final String GC = "GC and VM";
    private static final String OTHER = "other";

    /** CPU milliseconds per thread group between two readings; "other" names its busiest threads. */
    private static Map<String, Long> groups(Map<String, ProcStats.ThreadTime> start, Map<String, ProcStats.ThreadTime> end) {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String g : List.of(FX, RENDER, FEED, JIT, GC, OTHER)) {
            groups.put(g, 0L);
        }
        Map<String, Long> others = new LinkedHashMap<>();
        end.forEach((tid, now) -> {
            ProcStats.ThreadTime before = start.get(tid);
            long millis = now.millis() - (before == null ? 0 : before.millis());
            String group = group(now.name());
            groups.merge(group, millis, Long::sum);
            if (group.equals(OTHER) && millis > 0) {
                others.merge(now.name().replaceAll("[0-9]+", "#"), millis, Long::sum);
            }
        });
        String busiest = others.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                .map(e -> e.getKey() + " " + e.getValue() + " ms").reduce((a, b) -> a + ", " + b).orElse("");
        if (!busiest.isEmpty()) {
            groups.put(OTHER + " (" + busiest + ")", groups.remove(OTHER));
        }
        return groups;
    }

    /** Thread names as /proc shows them: the first 15 characters. */
    private static String group(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.startsWith("JavaFX Applicat")) {
            return FX;
        } else if (name.startsWith("QuantumRenderer")) {
            return RENDER;
        } else if (lower.startsWith("feed-") || lower.startsWith("consumer-") || lower.contains("tyrus")
                || lower.contains("grizzly") || lower.contains("selector")) {
            return FEED;
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT;
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM ")) {
            return GC;
        }
        return OTHER;
    }

    @SuppressWarnings("unchecked")
    private static <S> void addSortColumn(javafx.scene.control.TableView<S> table, javafx.scene.control.TableColumn<?, ?> column) {
        table.getSortOrder().add((javafx.scene.control.TableColumn<S, ?>) column);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(read.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
