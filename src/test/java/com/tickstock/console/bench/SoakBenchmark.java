package com.tickstock.console.bench;

import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.ReconnectPolicy;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.ManagedConnectionSpec;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.RepublisherConfig;
import com.tickstock.console.republish.RepublisherStatus;
import com.tickstock.console.republish.TickSubscriber;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The soak: three connections at 50,000 ticks/s in total for {@code -Dsoak.minutes} (default 10; or the
 * first argument), republished to a real redis-server with a subscriber draining, with an abrupt drop of one
 * connection every {@code -Dsoak.dropSeconds} (default 60) and one Redis kill + restart half-way
 * ({@code -Dsoak.redisOutageSeconds}, default 5: 250,000 ticks, a quarter of the buffer).
 *
 * <p>The simulator runs in this process, so drops are injected server-side (TCP FIN after everything written:
 * nothing may be lost) and what it sent is known exactly. Prints heap used after GC, live threads and open file
 * descriptors at the start, every minute and at the end, then the final accounting and two verdict lines.
 * Run: {@code bin/bench Soak} (10 minutes), {@code SOAK_MINUTES=2 bin/bench Soak}, or
 * {@code java -Dsoak.minutes=2 -cp ... com.tickstock.console.bench.SoakBenchmark}.
 */
public final class SoakBenchmark {

    private static final int TOTAL_RATE = 50_000;
    private static final int TICKERS_PER_CONNECTION = 100;
    private static final String CHANNEL = "tickstock:soak";

    public static void main(String[] args) throws Exception {
        // bin/bench passes neither arguments nor -D options: SOAK_MINUTES=2 bin/bench Soak
        String fromEnv = System.getenv().getOrDefault("SOAK_MINUTES", "10");
        double minutes = Double.parseDouble(args.length > 0 ? args[0] : System.getProperty("soak.minutes", fromEnv));
        long dropEvery = Long.getLong("soak.dropSeconds", 60);
        long outageSeconds = Long.getLong("soak.redisOutageSeconds", 5);
        long runNanos = (long) (minutes * 60e9);
        System.out.printf(Locale.ROOT, "soak: %.1f min, %,d ticks/s over 3 connections (simulator in-process), a drop every"
                + " %d s, Redis killed for %d s half-way%n", minutes, TOTAL_RATE, dropEvery, outageSeconds);

        // A subscriber that falls behind must not be cut off by the output-buffer limit: it is our witness.
        try (RedisServerProcess redis = RedisServerProcess.start("--client-output-buffer-limit", "pubsub 0 0 0");
             SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(SimulatorConfig.DEV_API_KEY)
                     .eventsPerSecond(TOTAL_RATE / 3.0).eventsPerFrame(10).build())) {
            TickSubscriber subscriber = TickSubscriber.counting(redis.url(), CHANNEL);
            RedisRepublisher republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url())
                    .withChannel(CHANNEL)).start();
            List<String> tickers = Tickers.first(3 * TICKERS_PER_CONNECTION);
            List<ManagedConnectionSpec> specs = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                String id = "connection_" + n;
                FeedConnectionConfig feed = FeedConnectionConfig.of(id, id, sim.url(), SimulatorConfig.DEV_API_KEY)
                        .withReconnect(new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), true, 1_000, 3,
                                Duration.ofSeconds(5)));
                specs.add(new ManagedConnectionSpec(feed, "soak_" + n,
                        tickers.subList((n - 1) * TICKERS_PER_CONNECTION, n * TICKERS_PER_CONNECTION)));
            }
            // Trades and quotes: the simulator's rate counts both, and both are ticks for Redis.
            ConnectionManager manager = new ConnectionManager(specs, Set.of(EventType.TRADE, EventType.QUOTE), 1_000);
            AtomicLong handed = new AtomicLong();
            AutoCloseable consumer = manager.addConsumer("redis", batch -> {
                for (FeedEvent event : batch.events()) {
                    republisher.offer(event, batch.connectionId());
                }
                handed.addAndGet(batch.events().size());
            }, TickConsumer.Delivery.DIRECT);
            manager.connect();
            manager.awaitSettled(Duration.ofSeconds(60));
            printHeader();
            Sample start = Sample.take();
            print("start", 0, start, sim, manager, republisher);
            // The growth baseline: the first minute's sample after the Redis restart (Lettuce's bounded pools have
            // then started every thread they will), else the last one taken.
            Sample baseline = null;
            Sample lastMinute = null;

            long t0 = System.nanoTime();
            long nextDrop = t0 + TimeUnit.SECONDS.toNanos(dropEvery);
            long nextPrint = t0 + TimeUnit.MINUTES.toNanos(1);
            long outageAt = t0 + runNanos / 2;
            boolean outageDone = false;
            int drops = 0;
            while (System.nanoTime() - t0 < runNanos) {
                long now = System.nanoTime();
                if (now - nextDrop >= 0) {
                    SimConnection victim = openConnections(sim).get(drops % 3);
                    victim.dropAbruptly().get(30, TimeUnit.SECONDS);
                    drops++;
                    nextDrop += TimeUnit.SECONDS.toNanos(dropEvery);
                }
                if (!outageDone && now - outageAt >= 0) {
                    redis.kill();
                    Thread.sleep(TimeUnit.SECONDS.toMillis(outageSeconds)); // the outage itself, not a synchronisation
                    System.out.printf(Locale.ROOT, "  redis down %d s: %,d ticks buffered, state %s%n", outageSeconds,
                            republisher.status().buffered(), republisher.status().state().key());
                    redis.startProcess();
                    outageDone = true;
                }
                if (now - nextPrint >= 0) {
                    Sample s = Sample.take();
                    lastMinute = s;
                    if (baseline == null && outageDone) {
                        baseline = s;
                    }
                    print(String.format(Locale.ROOT, "%.0f min", (now - t0) / 60e9), (now - t0) / 1e9, s, sim,
                            manager, republisher);
                    nextPrint += TimeUnit.MINUTES.toNanos(1);
                }
                Thread.sleep(100); // the soak's clock
            }
            double seconds = (System.nanoTime() - t0) / 1e9;

            // Final accounting: stop the simulator, let everything drain, compare exactly.
            awaitTrue("every connection streaming", Duration.ofSeconds(60), () -> manager.states().values().stream()
                    .allMatch(st -> st == ConnectionState.STREAMING));
            for (SimConnection c : openConnections(sim)) {
                c.stall().get(30, TimeUnit.SECONDS);
            }
            long sent = sim.totals().dataEvents();
            awaitTrue("received = sent", Duration.ofSeconds(60), () -> manager.healthNow().totalTicksReceived() == sent
                    && handed.get() == sent);
            awaitTrue("republisher drained", Duration.ofSeconds(120), () -> republisher.status().buffered() == 0);
            awaitTrue("subscriber caught up", Duration.ofSeconds(60),
                    () -> subscriber.count() >= republisher.status().published() - 1_000_000 && quiet(subscriber));
            Sample end = Sample.take();
            print("end", seconds, end, sim, manager, republisher);

            HealthSnapshot health = manager.healthNow();
            RepublisherStatus status = republisher.status();
            long received = health.totalTicksReceived();
            long reconnects = health.connections().values().stream().mapToLong(h -> h.feed().reconnects()).sum();
            System.out.println();
            System.out.printf(Locale.ROOT, "ran %.0f s at %,.0f ticks/s; %d drops injected, %d reconnects; Redis outage %s%n",
                    seconds, sent / seconds, drops, reconnects, outageDone ? "done" : "not reached");
            System.out.printf(Locale.ROOT, "simulator sent      %,d%n", sent);
            System.out.printf(Locale.ROOT, "connections received %,d  (dropped on the feed %,d, decode errors %d, gaps %d)%n",
                    received, health.totalDropped(), health.connections().values().stream()
                            .mapToLong(h -> h.feed().decodeErrors()).sum(),
                    health.connections().values().stream().mapToLong(h -> h.feed().sequenceGaps()).sum());
            System.out.printf(Locale.ROOT, "republisher received %,d = published %,d + buffered %,d + dropped %,d %s%n",
                    status.received(), status.published(), status.buffered(), status.droppedTotal(), status.dropped());
            System.out.printf(Locale.ROOT, "subscriber read      %,d (pub/sub: what was published while it was"
                    + " reconnecting is not redelivered)%n", subscriber.count());

            Sample base = baseline != null ? baseline : lastMinute != null ? lastMinute : start;
            System.out.println("threads by name now (digits folded), + = more than at the baseline:");
            java.util.Map<String, Long> nowByName = end.threadNames();
            nowByName.forEach((name, n) -> {
                long before = base.threadNames().getOrDefault(name, 0L);
                if (n != before) {
                    System.out.printf(Locale.ROOT, "  %+d %s (%d)%n", n - before, name, n);
                }
            });
            boolean heapOk = end.heapMb <= base.heapMb * 1.5 + 32;
            boolean threadsOk = end.threads <= base.threads + 4;
            boolean fdsOk = end.fds <= base.fds + 8;
            boolean noLoss = sent == received && health.totalDropped() == 0 && status.received() == received
                    && status.isReconciled() && status.droppedTotal() == 0 && status.published() == received;
            @SuppressWarnings("ReferenceEquality") // which of the samples the baseline is, not whether two are alike
            String baseName = base == start ? "start" : base == baseline
                    ? "first minute after the Redis restart" : "last minute";
            System.out.printf(Locale.ROOT, "%s: heap %.1f -> %.1f MB, threads %d -> %d, fds %d -> %d (baseline %s)%n",
                    heapOk && threadsOk && fdsOk ? "no growth" : "GROWTH", base.heapMb, end.heapMb, base.threads,
                    end.threads, base.fds, end.fds, baseName);
            System.out.printf(Locale.ROOT, "%s: sent = received = republisher received = published, nothing dropped%n",
                    noLoss ? "no loss" : "LOSS");

            manager.close();
            consumer.close();
            republisher.close();
            subscriber.close();
            if (!(noLoss && heapOk && threadsOk && fdsOk)) {
                System.exit(1);
            }
        }
    }

    private static long lastCount = -1;

    /** The subscriber's count did not move since the last call. */
    private static boolean quiet(TickSubscriber subscriber) {
        long now = subscriber.count();
        boolean quiet = now == lastCount;
        lastCount = now;
        return quiet;
    }

    private static List<SimConnection> openConnections(SimulatorServer sim) {
        return sim.connections().stream().filter(SimConnection::isOpen).toList();
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("  timed out waiting for: " + what);
                return;
            }
            Thread.sleep(200); // a benchmark polling its subject; not a test
        }
    }

    private static void printHeader() {
        System.out.printf(Locale.ROOT, "%-7s %7s %9s %8s %5s %14s %14s %12s %10s %10s %8s%n", "at", "secs", "heap MB",
                "threads", "fds", "sim sent", "received", "published", "buffered", "ticks/s", "redis");
    }

    private static void print(String label, double secs, Sample s, SimulatorServer sim, ConnectionManager manager,
                              RedisRepublisher republisher) {
        HealthSnapshot h = manager.healthNow();
        double rate = h.connections().values().stream().mapToDouble(c -> c.feed().msgsPerSecond()).sum();
        RepublisherStatus st = republisher.status();
        System.out.printf(Locale.ROOT, "%-7s %7.0f %9.1f %8d %5d %,14d %,14d %,12d %,10d %,10.0f %8s%n", label, secs,
                s.heapMb, s.threads, s.fds, sim.totals().dataEvents(), h.totalTicksReceived(), st.published(),
                st.buffered(), rate, st.state().key());
    }

    /** Heap used after a full GC, live threads, open file descriptors. */
    private record Sample(double heapMb, int threads, int fds, java.util.Map<String, Long> threadNames) {
        static Sample take() {
            for (int i = 0; i < 2; i++) {
                System.gc();
            }
            double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            String[] fds = new File("/proc/self/fd").list();
            java.util.Map<String, Long> names = new java.util.TreeMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                names.merge(t.getName().replaceAll("\\d+", "#"), 1L, Long::sum);
            }
            return new Sample(heap, threads, fds == null ? -1 : fds.length, names);
        }
    }

    private SoakBenchmark() {
    }
}
