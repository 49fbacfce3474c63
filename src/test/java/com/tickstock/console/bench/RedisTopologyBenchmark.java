package com.tickstock.console.bench;

import com.tickstock.console.feed.Trade;
import com.tickstock.console.republish.ClusterTopology;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.RepublisherConfig;
import com.tickstock.console.republish.RepublisherStatus;
import com.tickstock.console.republish.SentinelTopology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The republisher against each Redis topology in one run: a single redis-server, the same behind Sentinel (a master,
 * two replicas, three sentinels), and a 3-master Redis Cluster, all on this machine's loopback. Stream mode, per-tick
 * XADD, 12 shards, one feed thread offering as fast as it can: ticks/s (offer to the last acknowledgement) and the
 * console's CPU per tick (the whole JVM, so Lettuce's I/O threads count), with the servers' CPU per tick beside it.
 * On two cores the servers and the console share the CPU: the scaling is reported, not promised.
 *
 * <p>Run: {@code bin/bench RedisTopology} (optional argument: ticks per run, default 1,000,000).
 */
public final class RedisTopologyBenchmark {

    private static final int SHARDS = 12;
    private static final int DISTINCT_SYMBOLS = 500;

    private RedisTopologyBenchmark() {
    }

    private record Result(String topology, double ticksPerSecond, double consoleMicros, double serversMicros) {
    }

    public static void main(String[] args) throws Exception {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Trade[] events = new Trade[DISTINCT_SYMBOLS];
        for (int i = 0; i < events.length; i++) {
            events[i] = new Trade("SYM" + i, 4, "trade-1", 3, 100.25 + i, 100 + i, List.of(12, 37),
                    1_705_853_696_123L + i, 1, 0, 0);
        }
        System.out.printf(Locale.ROOT, "%d cores, load average %s at start, %,d ticks per run, %d shards%n",
                Runtime.getRuntime().availableProcessors(), ProcStats.loadAverage(), ticks, SHARDS);
        List<Result> results = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            results.add(best("standalone", redis.url(), List.of(redis), events, ticks));
        }
        try (SentinelTopology sentinel = SentinelTopology.start()) {
            List<RedisServerProcess> servers = new ArrayList<>(List.of(sentinel.master()));
            servers.addAll(sentinel.replicas());
            servers.addAll(sentinel.sentinels());
            results.add(best("sentinel (1 master, 2 replicas)", sentinel.url(), servers, events, ticks));
        }
        try (ClusterTopology cluster = ClusterTopology.start(3)) {
            results.add(best("cluster (3 masters)", cluster.url(), cluster.masters(), events, ticks));
        }
        double standalone = results.get(0).consoleMicros();
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            BenchReport.info(String.format(Locale.ROOT, "%s, stream per-tick XADD, %d shards: ticks/s (best of 3)",
                    r.topology(), SHARDS), BenchReport.count(r.ticksPerSecond()));
            String cost = String.format(Locale.ROOT, "%.2f us console (%+.0f %% vs standalone), %.2f us servers"
                            + " (lowest of 3)",
                    r.consoleMicros(), (r.consoleMicros() / standalone - 1) * 100, r.serversMicros());
            if (i == 0) {
                BenchReport.info(r.topology() + ": CPU per tick", cost);
            } else {
                BenchReport.result(r.topology() + ": CPU per tick", cost, "console <= standalone + 20 %",
                        BenchReport.atMost(r.consoleMicros(), standalone * 1.2));
            }
        }
        BenchReport.info("load average at the end (1/5/15 min)", ProcStats.loadAverage());
    }

    /**
     * Warm-up, then 3 runs: the best ticks/s, and the lowest CPU per tick of the three (on a loaded machine the CPU
     * a run takes per tick rises with the scheduling it suffers, so the lowest is the closest to the path's own).
     */
    private static Result best(String topology, String url, List<RedisServerProcess> servers, Trade[] events,
                               int ticks) throws InterruptedException {
        run(topology, url, servers, events, Math.min(ticks, 300_000));
        double rate = 0;
        double console = Double.MAX_VALUE;
        double serversCpu = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            Result r = run(topology, url, servers, events, ticks);
            rate = Math.max(rate, r.ticksPerSecond());
            console = Math.min(console, r.consoleMicros());
            serversCpu = Math.min(serversCpu, r.serversMicros());
        }
        return new Result(topology, rate, console, serversCpu);
    }

    private static Result run(String topology, String url, List<RedisServerProcess> servers, Trade[] events,
                              int ticks) throws InterruptedException {
        RepublisherConfig config = RepublisherConfig.fromUrl(url).withMode(RepublisherConfig.Mode.STREAM)
                .withChannel("bench:ticks").withShards(SHARDS).withBufferSize(ticks).withStreamMaxLen(10_000);
        RedisRepublisher republisher = new RedisRepublisher(config).start();
        while (republisher.status().state() != RepublisherStatus.State.CONNECTED) {
            LockSupport.parkNanos(1_000_000);
        }
        long jvmBefore = ProcStats.selfCpuMillis();
        long serversBefore = serversCpu(servers);
        long start = System.nanoTime();
        Thread feed = new Thread(() -> {
            for (int i = 0; i < ticks; i++) {
                republisher.offer(events[i % DISTINCT_SYMBOLS], "connection_1");
            }
        }, "bench-feed");
        feed.start();
        while (republisher.status().published() < ticks) {
            LockSupport.parkNanos(1_000_000);
        }
        long elapsed = System.nanoTime() - start;
        long jvm = ProcStats.selfCpuMillis() - jvmBefore;
        long serversCpu = serversCpu(servers) - serversBefore;
        feed.join();
        RepublisherStatus status = republisher.close(Duration.ofSeconds(10));
        if (status.received() != ticks || status.droppedTotal() != 0) {
            throw new IllegalStateException("lost ticks: " + status);
        }
        Result r = new Result(topology, ticks * 1e9 / elapsed, jvm * 1000.0 / ticks, serversCpu * 1000.0 / ticks);
        System.out.printf(Locale.ROOT, "  %-32s %,10d ticks in %6.3f s = %,10.0f ticks/s; CPU per tick: console JVM"
                        + " %.2f us, servers %.2f us; load %s%n", topology, ticks, elapsed / 1e9, r.ticksPerSecond(),
                r.consoleMicros(), r.serversMicros(), ProcStats.loadAverage());
        return r;
    }

    private static long serversCpu(List<RedisServerProcess> servers) {
        long sum = 0;
        for (RedisServerProcess s : servers) {
            sum += ProcStats.cpuMillis(s.pid());
        }
        return sum;
    }
}
