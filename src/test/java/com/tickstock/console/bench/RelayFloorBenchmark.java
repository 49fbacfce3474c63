package com.tickstock.console.bench;

import com.tickstock.console.republish.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import com.tickstock.console.republish.RepublisherConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under issue #25's desk and idle targets on this machine: what {@link MinimalRelay} (one thread per
 * connection, one blocking socket each way, one wake-up per frame) costs per tick against the same simulator process
 * and a real redis-server, at the rates {@code bin/bench-headless} measures the console at. Its relay threads' CPU
 * is read from the scheduler's nanosecond count ({@code /proc/self/task/<tid>/schedstat}) and set beside the
 * console's "all other threads" (the console's figure without its JIT and GC), as are the wake-ups per frame. The
 * relay's own JIT is printed apart. Each rate runs twice: PUBLISH on the relay's own socket, and through Lettuce's
 * public API (its event loop's threads counted with the relay's): the floor for a republisher that keeps Lettuce. A subscriber in this JVM counts what Redis delivered: nothing may be lost.
 *
 * <p>{@code bin/bench RelayFloor [seconds] [rate x batch,...]} (default 30 s measured after 60 s of warm-up, at
 * {@code 3000x20,10x1,40000x100}: a desk's 9,000 trades/s, idle, and 120,000/s over three connections).
 */
public final class RelayFloorBenchmark {

    private static final String KEY = "relay-floor-key-0123";
    private static final long WARMUP_SECONDS = 60;
    private static final int CONNECTIONS = 3;
    private static final int TICKERS_PER_CONNECTION = 50;

    private record Rate(int perConnection, int batch) {
        static Rate parse(String text) {
            String[] parts = text.trim().split("x", -1);
            return new Rate(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        String label() {
            return String.format(Locale.ROOT, "%,d trades/s (%d x %,d, %d per frame)", perConnection * CONNECTIONS,
                    CONNECTIONS, perConnection, batch);
        }
    }

    /** One reading of this JVM's threads whose name matches: scheduler nanoseconds and voluntary switches. */
    private record Threads(long cpuNanos, long wakeups) {
        static Threads read(java.util.function.Predicate<String> name) throws IOException {
            long cpu = 0;
            long wakeups = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        if (!name.test(Files.readString(task.resolve("comm")).trim())) {
                            continue;
                        }
                        cpu += RunQueueWait.parse(Files.readString(task.resolve("schedstat")))[0];
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:")) {
                                wakeups += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new Threads(cpu, wakeups);
        }
    }

    private RelayFloorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        String rates = args.length > 1 ? args[1] : "3000x20,10x1,40000x100";
        for (String rate : rates.split(",", -1)) {
            run(Rate.parse(rate), seconds, false);
            run(Rate.parse(rate), seconds, true);
        }
    }

    private static void run(Rate rate, long seconds, boolean viaLettuce) throws Exception {
        ClientResources resources = viaLettuce ? ClientResources.builder().ioThreadPoolSize(2)
                .computationThreadPoolSize(2).commandLatencyRecorder(CommandLatencyRecorder.disabled()).build() : null;
        try {
            run(rate, seconds, resources);
        } finally {
            if (resources != null) {
                resources.shutdown(0, 2, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(Rate rate, long seconds, ClientResources lettuce) throws Exception {
        String via = lettuce == null ? "its own socket" : "Lettuce";
        try (RedisServerProcess redis = RedisServerProcess.start("--client-output-buffer-limit", "pubsub 0 0 0");
             SimulatorProcess sim = SimulatorProcess.start("--port", "0", "--api-keys", KEY, "--rate",
                     Integer.toString(rate.perConnection()), "--batch", Integer.toString(rate.batch()));
             RespSubscriber subscriber = new RespSubscriber(redis.url(), RepublisherConfig.DEFAULT_CHANNEL)) {
            RedisClient client = lettuce == null ? null : RedisClient.create(lettuce, redis.url());
            List<String> tickers = Tickers.first(TICKERS_PER_CONNECTION * CONNECTIONS);
            List<MinimalRelay> relays = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                MinimalRelay relay = new MinimalRelay(sim.url(), KEY, tickers.subList(i * TICKERS_PER_CONNECTION,
                        (i + 1) * TICKERS_PER_CONNECTION), redis.url(), RepublisherConfig.DEFAULT_CHANNEL,
                        "connection_" + (i + 1), client);
                Thread thread = new Thread(relay, "relay-" + (i + 1));
                relays.add(relay);
                threads.add(thread);
                thread.start();
            }
            System.out.printf(Locale.ROOT, "%s: minimal relay, PUBLISH through %s, warm-up %d s, window %d s; load %s%n", rate.label(), via,
                    WARMUP_SECONDS, seconds, ProcStats.loadAverage());
            TimeUnit.SECONDS.sleep(WARMUP_SECONDS); // the warm-up window, not a synchronisation
            long ticks0 = sum(relays, MinimalRelay::ticks);
            long frames0 = sum(relays, MinimalRelay::frames);
            Threads relay0 = Threads.read(RelayFloorBenchmark::relayThread);
            Threads jit0 = Threads.read(n -> n.contains("CompilerThre"));
            long sim0 = ProcStats.cpuMillis(sim.pid());
            long redis0 = ProcStats.cpuMillis(redis.pid());
            long t0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds); // the measurement window
            double window = (System.nanoTime() - t0) / 1e9;
            long ticks = sum(relays, MinimalRelay::ticks) - ticks0;
            long frames = sum(relays, MinimalRelay::frames) - frames0;
            Threads relay1 = Threads.read(RelayFloorBenchmark::relayThread);
            Threads jit1 = Threads.read(n -> n.contains("CompilerThre"));
            long simMillis = ProcStats.cpuMillis(sim.pid()) - sim0;
            long redisMillis = ProcStats.cpuMillis(redis.pid()) - redis0;
            for (MinimalRelay relay : relays) {
                relay.stop();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (client != null) {
                // Bounded: Lettuce's shutdown waits for its connections, which the relay threads have closed.
                client.shutdownAsync(0, 2, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            }
            long published = sum(relays, MinimalRelay::ticks);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (subscriber.count() < published && System.nanoTime() < deadline) {
                // Awaiting the last frames' messages on their way to the subscriber, bounded by the deadline.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            long delivered = subscriber.count();
            long acknowledged = sum(relays, MinimalRelay::replies);
            double relayNanos = relay1.cpuNanos() - relay0.cpuNanos();
            double perTick = relayNanos / 1e3 / Math.max(1, ticks);
            double share = relayNanos / 1e9 / window * 100;
            double wakeupsPerFrame = (relay1.wakeups() - relay0.wakeups()) / (double) Math.max(1, frames);
            double jitShare = (jit1.cpuNanos() - jit0.cpuNanos()) / 1e9 / window * 100;
            System.out.printf(Locale.ROOT, "  %,.0f ticks/s in %,.0f frames/s; relay threads %.2f us/tick, %.2f %% of a"
                            + " core, %.0f us per frame, %.2f wake-ups per frame; its JIT %.2f %% of a core; simulator"
                            + " %.2f us/tick, redis-server %.2f us/tick; published %,d, acknowledged (replies the relay read) %,d, delivered to the"
                            + " subscriber %,d%n",
                    ticks / window, frames / window, perTick, share, relayNanos / 1e3 / Math.max(1, frames),
                    wakeupsPerFrame, jitShare, simMillis * 1e3 / Math.max(1, ticks), redisMillis * 1e3 / Math.max(1, ticks),
                    published, acknowledged, delivered);
            String label = "minimal relay (PUBLISH through " + via + ") at " + rate.label();
            BenchReport.info(label + ": relay threads' CPU (the floor under the console's 'all other threads')",
                    String.format(Locale.ROOT, "%.2f us/tick, %.2f %% of a core, %.2f wake-ups per frame (load %s)",
                            perTick, share, wakeupsPerFrame, ProcStats.loadAverage()));
            BenchReport.result(label + ": lost (published - delivered)", Long.toString(published - delivered),
                    "0", BenchReport.atMost(published - delivered, 0L));
        }
    }

    /** The relay's own threads, and Lettuce's event loop when it sends through Lettuce. */
    private static boolean relayThread(String name) {
        return name.startsWith("relay-") || name.startsWith("lettuce-");
    }

    private static long sum(List<MinimalRelay> relays, java.util.function.ToLongFunction<MinimalRelay> count) {
        return relays.stream().mapToLong(count).sum();
    }
}
