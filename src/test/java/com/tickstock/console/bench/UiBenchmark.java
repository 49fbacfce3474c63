package com.tickstock.console.bench;

import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.manager.ManagedConnectionSpec;
import com.tickstock.console.ui.ConsoleWindow;
import com.tickstock.console.ui.TickerBoard;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * How much the console window costs the workstation: 150 tickers over three panes, synthetic
 * trades and quotes pushed into the window's {@link TickerBoard} by three threads (one per
 * connection, as the dispatch threads would) at idle (nothing), a desk's 9,000 and a burst's
 * 120,000 events/s, while the real window (FXML, tables, sparklines, 4 Hz refresh) runs. A
 * command, not a test.
 *
 * <p>Prints per rate: events/s achieved, refreshes/s, the whole process's CPU share (of one
 * core), FX-thread busy % (its CPU time over wall time), render-thread busy %, and the FX
 * thread's responsiveness as the delay of a {@code runLater} probe sent every 50 ms (p50/p99/max).
 *
 * <p>Without a {@code DISPLAY} it runs under Monocle headless (software rendering); with one
 * (e.g. Xvfb) on the real glass toolkit. {@code bin/bench Ui}; optional argument: seconds per rate.
 */
public final class UiBenchmark {

    /** The issue-26 desk: three connections of 50 tickers. */
    private static final int TICKERS_PER_CONNECTION = 50;
    private static final int EVENTS_PER_FRAME = 10;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean headless = System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isEmpty();
        if (headless) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        System.setProperty("tickstock.ui.prefs", Files.createTempFile("ui-bench", ".properties").toString());
        // The manager is real but never connected: the feed is synthetic, the window is real.
        URI nowhere = URI.create("ws://127.0.0.1:9/stocks");
        List<ManagedConnectionSpec> specs = new ArrayList<>();
        List<List<String>> tickers = new ArrayList<>();
        for (int c = 1; c <= 3; c++) {
            List<String> list = new ArrayList<>();
            for (int t = 0; t < TICKERS_PER_CONNECTION; t++) {
                list.add(String.format(Locale.ROOT, "S%d%03d", c, t));
            }
            tickers.add(list);
            specs.add(new ManagedConnectionSpec(FeedConnectionConfig.of("connection_" + c, "bench" + c, nowhere, "k"),
                    "bench", list));
        }
        ConnectionManager manager = new ConnectionManager(specs, Set.of(EventType.TRADE, EventType.QUOTE), 1000);

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        CompletableFuture<ConsoleWindow> opened = new CompletableFuture<>();
        AtomicLong fxThreadId = new AtomicLong();
        Platform.runLater(() -> {
            fxThreadId.set(Thread.currentThread().getId());
            opened.complete(ConsoleWindow.open(new Stage(), manager,
                    new FeedSource(true, nowhere.toString(), "(bench)")));
        });
        ConsoleWindow window = opened.get(60, TimeUnit.SECONDS);
        TickerBoard board = window.board();
        System.out.printf(Locale.ROOT, "toolkit: %s, 3 panes x %d tickers, %d s per rate%n",
                headless ? "Monocle headless (software rendering)" : "glass on DISPLAY " + System.getenv("DISPLAY"),
                TICKERS_PER_CONNECTION, seconds);

        for (int rate : new int[] {0, 9_000, 120_000}) {
            // Warm up at this rate (JIT, every row seen once), then measure.
            run(board, tickers, rate, Math.max(8, seconds / 2), window, fxThreadId.get(), false);
            run(board, tickers, rate, seconds, window, fxThreadId.get(), true);
        }
        // Close the window and let the toolkit finish exiting before the JVM does: exiting while the FX thread
        // still tears down makes Monocle fail in a shutdown hook.
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Platform.runLater(() -> {
            window.close();
            Platform.exit();
            closed.complete(null);
        });
        closed.get(30, TimeUnit.SECONDS);
        manager.close();
        System.exit(0);
    }

    private static void run(TickerBoard board, List<List<String>> tickers, int rate, int seconds, ConsoleWindow window,
                            long fxThread, boolean report) throws Exception {
        ThreadCpu threads = new ThreadCpu();
        long renderThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("QuantumRenderer")).mapToLong(Thread::getId).findFirst().orElse(-1);
        AtomicLong events = new AtomicLong();
        long endAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> feeders = new ArrayList<>();
        for (int c = 0; c < 3 && rate > 0; c++) {
            String connection = "connection_" + (c + 1);
            List<String> mine = tickers.get(c);
            double framesPerSecond = rate / 3.0 / EVENTS_PER_FRAME;
            Thread feeder = new Thread(() -> feed(board, connection, mine, framesPerSecond, endAt, events), "feed-" + c);
            feeders.add(feeder);
        }
        long fxCpu0 = threads.getThreadCpuTime(fxThread);
        long processCpu0 = threads.processCpuTime();
        java.util.Map<Thread, Long> perThread0 = threads.allThreads();
        long renderCpu0 = renderThread < 0 ? 0 : threads.getThreadCpuTime(renderThread);
        long pulses0 = onFx(window::pulses);
        long t0 = System.nanoTime();
        feeders.forEach(Thread::start);
        List<Long> probeMicros = new ArrayList<>();
        while (System.nanoTime() < endAt) {
            long sent = System.nanoTime();
            CompletableFuture<Long> probe = new CompletableFuture<>();
            Platform.runLater(() -> probe.complete(System.nanoTime() - sent));
            probeMicros.add(probe.get(30, TimeUnit.SECONDS) / 1000);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        for (Thread feeder : feeders) {
            feeder.join();
        }
        long wall = System.nanoTime() - t0;
        long fxCpu = threads.getThreadCpuTime(fxThread) - fxCpu0;
        long processCpu = threads.processCpuTime() - processCpu0;
        java.util.Map<Thread, Long> perThread = threads.allThreads();
        long renderCpu = renderThread < 0 ? 0 : threads.getThreadCpuTime(renderThread) - renderCpu0;
        long pulses = onFx(window::pulses) - pulses0;
        if (!report) {
            return;
        }
        long[] probes = probeMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        double processShare = 100.0 * processCpu / wall;
        System.out.printf(Locale.ROOT,
                "target %,7d ev/s: achieved %,9.0f ev/s | refreshes %.1f/s | process CPU %5.1f %% of a core"
                        + " | FX thread busy %5.1f %% | render thread busy %5.1f %%"
                        + " | runLater delay p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                rate, events.get() * 1e9 / wall, pulses * 1e9 / wall, processShare, 100.0 * fxCpu / wall,
                100.0 * renderCpu / wall, percentile(probes, 0.50) / 1000.0, percentile(probes, 0.99) / 1000.0,
                probes.length == 0 ? 0 : probes[probes.length - 1] / 1000.0);
        String at = rate == 0 ? "window idle, 150 tickers" : String.format(Locale.US, "window at %,d ticks/s, 150 tickers", rate);
        // The process includes the synthetic feed threads (cheap: a board write per event), not a socket.
        double cpuTarget = rate == 0 ? 2 : rate <= 9_000 ? 15 : Double.NaN;
        if (Double.isNaN(cpuTarget)) {
            BenchReport.info(at + ": window process CPU", String.format(Locale.ROOT, "%.1f %% of a core", processShare));
        } else {
            BenchReport.result(at + ": window process CPU", String.format(Locale.ROOT, "%.1f %% of a core", processShare),
                    String.format(Locale.ROOT, "<= %.0f %%", cpuTarget), BenchReport.atMost(processShare, cpuTarget));
        }
        // Where the process's CPU went besides the FX and render threads (JIT, GC, the synthetic feed, the probe).
        StringBuilder top = new StringBuilder();
        perThread.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey().getName(), e.getValue() - perThread0.getOrDefault(e.getKey(), 0L)))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
                .forEach(e -> top.append(top.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f %%", 100.0 * e.getValue() / wall)));
        System.out.println("  busiest Java threads: " + top);
        BenchReport.info(at + ": FX thread busy / render thread busy", String.format(Locale.ROOT, "%.1f %% / %.1f %%",
                100.0 * fxCpu / wall, 100.0 * renderCpu / wall));
        if (rate > 0) {
            double refreshesPerSecond = pulses * 1e9 / wall;
            // The default refresh is 4 Hz: fewer means the FX thread could not keep up.
            BenchReport.result(at + ": display refreshes/s", String.format(Locale.ROOT, "%.1f", refreshesPerSecond),
                    ">= 3.8 (4 Hz default)", BenchReport.atLeast(refreshesPerSecond, 3.8));
            double p99 = percentile(probes, 0.99) / 1000.0;
            BenchReport.result(at + ": runLater delay p99 (responsiveness)", String.format(Locale.ROOT, "%.1f ms", p99),
                    "<= 100 ms", BenchReport.atMost(p99, 100.0));
        }
    }

    /** One connection's dispatch thread: frames of trades and quotes over its tickers, paced to the rate. */
    private static void feed(TickerBoard board, String connection, List<String> tickers, double framesPerSecond,
                             long endAt, AtomicLong events) {
        Random random = new Random(connection.hashCode());
        double[] prices = new double[tickers.size()];
        Arrays.setAll(prices, i -> 20 + random.nextInt(400));
        long seq = 0;
        long interval = (long) (1e9 / framesPerSecond);
        long next = System.nanoTime();
        int cursor = 0;
        long sent = 0;
        while (System.nanoTime() < endAt) {
            List<FeedEvent> frame = new ArrayList<>(EVENTS_PER_FRAME);
            for (int i = 0; i < EVENTS_PER_FRAME; i++) {
                int t = cursor++ % tickers.size();
                String symbol = tickers.get(t);
                prices[t] = Math.max(1, prices[t] + (random.nextInt(21) - 10) * 0.01);
                seq++;
                if ((i & 1) == 0) {
                    frame.add(new Trade(symbol, 4, "", 3, prices[t], 100, List.of(), System.currentTimeMillis(), seq, 0, 0));
                } else {
                    frame.add(new Quote(symbol, 4, prices[t] - 0.01, 1, 7, prices[t] + 0.01, 1, 0, List.of(),
                            System.currentTimeMillis(), seq, 3));
                }
            }
            board.onTicks(new EventBatch(connection, frame, System.currentTimeMillis()));
            sent += EVENTS_PER_FRAME;
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        events.addAndGet(sent);
    }

    /**
     * Per-thread CPU time through java.management, reached reflectively: test sources are compiled
     * into the application module, which does not (and should not) read java.management.
     */
    private static final class ThreadCpu {
        private final Object bean;
        private final java.lang.reflect.Method cpuTime;

        ThreadCpu() throws ReflectiveOperationException {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            cpuTime = Class.forName("java.lang.management.ThreadMXBean").getMethod("getThreadCpuTime", long.class);
        }

        long getThreadCpuTime(long threadId) throws ReflectiveOperationException {
            return (long) cpuTime.invoke(bean, threadId);
        }

        /** CPU time so far of every live Java thread (JIT and GC threads are not Java threads: not here). */
        java.util.Map<Thread, Long> allThreads() throws ReflectiveOperationException {
            java.util.Map<Thread, Long> times = new java.util.HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                long ns = getThreadCpuTime(t.getId());
                if (ns > 0) {
                    times.put(t, ns);
                }
            }
            return times;
        }

        /** CPU time of the whole process (every thread, the JVM's own too), nanoseconds. */
        long processCpuTime() throws ReflectiveOperationException {
            Object os = Class.forName("java.lang.management.ManagementFactory").getMethod("getOperatingSystemMXBean")
                    .invoke(null);
            return (long) Class.forName("com.sun.management.OperatingSystemMXBean").getMethod("getProcessCpuTime")
                    .invoke(os);
        }
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
        return result.get(30, TimeUnit.SECONDS);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
