package com.tickstock.console.bench;

import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnection;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.Topic;
import com.tickstock.console.simulator.SimulatorConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One feed connection receiving from the simulator running in another process as fast as it can
 * send: events/s decoded, counted and handed to a consumer, feed lag p50/p99, and this process's
 * CPU. Target: at least 500,000 events/s for one connection on a 2-core machine.
 */
public final class ConnectionBenchmark {

    private static final int TICKERS = 500;
    private static final long WARMUP_MS = 5_000;
    private static final long MEASURE_MS = 10_000;

    public static void main(String[] args) throws Exception {
        System.out.println("one connection, simulator in another process, " + TICKERS + " tickers (T), as fast as possible");
        System.out.printf(Locale.ROOT, "%-22s %14s %10s %10s %8s%n", "frames", "events/s", "lag p50", "lag p99", "CPU");
        for (int batch : new int[] {10, 100}) {
            run(batch);
        }
    }

    private static void run(int eventsPerFrame) throws Exception {
        try (SimulatorProcess sim = SimulatorProcess.start("--rate", "max", "--batch", String.valueOf(eventsPerFrame),
                "--api-keys", SimulatorConfig.DEV_API_KEY)) {
            FeedConnection connection = new FeedConnection(FeedConnectionConfig.of("connection_1", "bench", sim.url(),
                    SimulatorConfig.DEV_API_KEY));
            AtomicLong consumed = new AtomicLong();
            connection.addListener(new ConnectionListener() {
                @Override
                public void onEvents(EventBatch batch) {
                    consumed.addAndGet(batch.events().size());
                }
            });
            List<Topic> topics = new ArrayList<>();
            for (String ticker : Tickers.first(TICKERS)) {
                topics.add(Topic.of(EventType.TRADE, ticker));
            }
            connection.subscribe(topics);
            connection.connect();
            long deadline = System.currentTimeMillis() + 30_000;
            while (connection.state() != ConnectionState.STREAMING && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // a benchmark waiting for its subject; not a test
            }
            Thread.sleep(WARMUP_MS);
            long events0 = connection.snapshot().marketDataEvents();
            long consumed0 = consumed.get();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(MEASURE_MS);
            long elapsed = System.nanoTime() - t0;
            ConnectionSnapshot end = connection.snapshot();
            long cpu = processCpuNanos() - cpu0;
            double rate = (end.marketDataEvents() - events0) * 1e9 / elapsed;
            double consumedRate = (consumed.get() - consumed0) * 1e9 / elapsed;
            System.out.printf(Locale.ROOT, "%-22s %,14.0f %8d ms %8d ms %7.0f%%%n", eventsPerFrame + " events/frame", rate,
                    end.lagMsP50(), end.lagMsP99(), 100.0 * cpu / elapsed);
            System.out.printf(Locale.ROOT, "%-22s %,14.0f   (dropped %d, decode errors %d, gaps %d)%n",
                    "  delivered to consumer", consumedRate, end.droppedTotal(), end.decodeErrors(), end.sequenceGaps());
            connection.close();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
