package com.tickstock.console.bench;

import com.tickstock.console.feed.Trade;
import com.tickstock.console.republish.LatencySummary;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.RepublisherConfig;
import com.tickstock.console.republish.RepublisherStatus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The republisher's benchmark: ticks/s republished with a subscriber draining, per-tick and batched; p99 tick-to-PUBLISH
 * latency at 50,000 ticks/s; and redis-benchmark's own PUBLISH ceiling on the same server for comparison.
 *
 * <p>Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt} then
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) com.tickstock.console.bench.RedisRepublishBenchmark [ticks]}.
 * Everything runs on this machine's loopback against a redis-server the benchmark starts itself.
 */
public final class RedisRepublishBenchmark {

    private static final String CHANNEL = "tickstock:market:ticks";
    private static final int DISTINCT_TICKS = 4_096;
    private static final int LATENCY_RATE = 50_000;
    private static final int LATENCY_SECONDS = 10;
    private static final int LATENCY_WARMUP_SECONDS = 2;

    private RedisRepublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING); // one line per run is enough
        Trade[] events = events();
        // No output-buffer limit for subscribers: a subscriber that falls behind must slow the run, not be cut off.
        try (RedisServerProcess redis = RedisServerProcess.start("--client-output-buffer-limit", "pubsub 0 0 0");
             RespSubscriber subscriber = new RespSubscriber(redis.url(), CHANNEL)) {
            System.out.printf(Locale.ROOT, "redis-server %s on 127.0.0.1:%d, %d cores, load average %s, %,d ticks per run%n",
                    version(RedisServerProcess.binary()), redis.port(), Runtime.getRuntime().availableProcessors(),
                    ProcStats.loadAverage(), ticks);

            // Warm-up: JIT the whole path in both formats before anything is measured.
            throughput(redis, subscriber, events, 500_000, RepublisherConfig.Format.PER_TICK);
            throughput(redis, subscriber, events, 500_000, RepublisherConfig.Format.BATCH);

            // -Dbench.only=per_tick|batch|latency narrows a run, e.g. under a profiler.
            String only = System.getProperty("bench.only", "");
            if (!only.isEmpty()) {
                if (only.equals("latency")) {
                    latency(redis, events);
                } else {
                    for (int run = 0; run < 3; run++) {
                        throughput(redis, subscriber, events, ticks, RepublisherConfig.Format.parse(only));
                    }
                }
                return; // through the try, so that the redis-server is stopped
            }
            List<Double> perTick = new ArrayList<>();
            List<Double> batched = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                perTick.add(throughput(redis, subscriber, events, ticks, RepublisherConfig.Format.PER_TICK));
                batched.add(throughput(redis, subscriber, events, ticks * 2, RepublisherConfig.Format.BATCH));
            }
            // The throughput runs leave rings of millions of ticks behind as garbage; collect it now so that the
            // latency run measures the republisher, not the clean-up after another benchmark.
            System.gc();
            LatencySummary latency = latency(redis, events);
            String ceiling = redisBenchmarkCeiling(redis.port(), messageSize(events[0]));

            System.out.println();
            System.out.println("| measure (subscriber draining)                     | result                       | target        |");
            System.out.println("|---------------------------------------------------|------------------------------|---------------|");
            row("per-tick PUBLISH, ticks/s (best of 3)", format(perTick), ">= 400,000");
            row("batched, 1,000-tick arrays, ticks/s (best of 3)", format(batched), ">= 2,000,000");
            row(String.format(Locale.ROOT, "p99 offer->PUBLISH ack at %,d ticks/s, ms", LATENCY_RATE),
                    String.format(Locale.ROOT, "%.2f (p50 %.2f, max %.2f)", latency.p99Millis(), latency.p50Millis(),
                            latency.maxMillis()), "<= 2");
            row("redis-benchmark PUBLISH ceiling, msg/s", ceiling, "(reference)");

            double bestPerTick = perTick.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double bestBatched = batched.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            BenchReport.result("republisher alone, per-tick PUBLISH, ticks/s (best of 3)", BenchReport.count(bestPerTick),
                    ">= 400,000", BenchReport.atLeast(bestPerTick, 400_000));
            BenchReport.result("republisher alone, batched 1,000-tick arrays, ticks/s (best of 3)",
                    BenchReport.count(bestBatched), ">= 2,000,000", BenchReport.atLeast(bestBatched, 2_000_000));
            BenchReport.result(String.format(Locale.ROOT, "republisher alone, offer->PUBLISH ack at %,d ticks/s, p50 / p99",
                            LATENCY_RATE), BenchReport.millis(latency.p50Millis()) + " / "
                            + BenchReport.millis(latency.p99Millis()) + " ms", "p99 <= 2 ms",
                    BenchReport.atMost(latency.p99Millis(), 2));
            BenchReport.info("redis-benchmark's own PUBLISH ceiling, same server and subscriber", ceiling);
        }
    }

    /** Offers {@code ticks} as fast as one feed thread can and returns republished ticks/s (offer to last ack). */
    private static double throughput(RedisServerProcess redis, RespSubscriber subscriber, Trade[] events, int ticks,
                                     RepublisherConfig.Format format) throws InterruptedException {
        RepublisherConfig config = RepublisherConfig.fromUrl(redis.url()).withFormat(format)
                .withBufferSize(ticks).withBatchSize(1_000);
        RedisRepublisher republisher = new RedisRepublisher(config).start();
        awaitConnected(republisher);
        long messagesBefore = subscriber.count();
        long jvmCpuBefore = ProcStats.selfCpuMillis();
        java.util.Map<String, Long> threadsBefore = ProcStats.threadCpuMillis();
        long redisCpuBefore = ProcStats.cpuMillis(redis.pid());
        long start = System.nanoTime();
        Thread feed = new Thread(() -> {
            for (int i = 0; i < ticks; i++) {
                republisher.offer(events[i & (DISTINCT_TICKS - 1)], "connection_1");
            }
        }, "bench-feed");
        feed.start();
        while (republisher.status().published() < ticks) {
            LockSupport.parkNanos(1_000_000);
        }
        long elapsed = System.nanoTime() - start;
        long jvmCpu = ProcStats.selfCpuMillis() - jvmCpuBefore;
        java.util.Map<String, Long> threads = ProcStats.threadCpuMillis();
        threads.replaceAll((name, millis) -> millis - threadsBefore.getOrDefault(name, 0L));
        long redisCpu = ProcStats.cpuMillis(redis.pid()) - redisCpuBefore;
        feed.join();
        RepublisherStatus status = republisher.close(java.time.Duration.ofSeconds(10));
        if (status.received() != ticks || status.droppedTotal() != 0) {
            throw new IllegalStateException("lost ticks: " + status);
        }
        long expectedMessages = format == RepublisherConfig.Format.PER_TICK ? ticks : 1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (subscriber.count() - messagesBefore < expectedMessages && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        double rate = ticks * 1e9 / elapsed;
        // CPU per tick does not depend on what else the machine is doing, unlike ticks/s.
        System.out.printf(Locale.ROOT, "  %-8s %,10d ticks in %6.3f s = %,10.0f ticks/s; CPU per tick: JVM %.2f us"
                        + " (publisher thread %.2f, Lettuce I/O %.2f), redis-server %.2f us; subscriber got %,d messages%n",
                format, ticks, elapsed / 1e9, rate, jvmCpu * 1000.0 / ticks,
                threads.getOrDefault("redis-republish", 0L) * 1000.0 / ticks,
                threads.getOrDefault("lettuce-nioEven", 0L) * 1000.0 / ticks, redisCpu * 1000.0 / ticks,
                subscriber.count() - messagesBefore);
        if (Boolean.getBoolean("bench.threads")) {
            threads.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> System.out.printf(Locale.ROOT, "      %-16s %.3f us/tick%n", e.getKey(),
                            e.getValue() * 1000.0 / ticks));
        }
        return rate;
    }

    /**
     * Paced feed at 50k ticks/s: offer to PUBLISH acknowledgement over the whole window after the warm-up
     * ({@link LatencySummary}), and the per-second p99 the health snapshot shows, to see whether it is steady.
     */
    private static LatencySummary latency(RedisServerProcess redis, Trade[] events) {
        RedisRepublisher republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url())).start();
        awaitConnected(republisher);
        long intervalNanos = 1_000_000_000L / LATENCY_RATE;
        long start = System.nanoTime();
        long total = (long) LATENCY_RATE * (LATENCY_WARMUP_SECONDS + LATENCY_SECONDS);
        List<Double> p99s = new ArrayList<>();
        long warmEnd = start + TimeUnit.SECONDS.toNanos(LATENCY_WARMUP_SECONDS);
        boolean warm = false;
        long nextSample = warmEnd + TimeUnit.MILLISECONDS.toNanos(1_100);
        long i = 0;
        while (i < total) {
            // Offer every tick that is due, then sleep ~0.2 ms: the feed delivers ticks in frames, and a paced
            // busy-wait would take a whole core from Redis and the publisher on a two-core machine.
            long now = System.nanoTime();
            while (i < total && start + i * intervalNanos <= now) {
                republisher.offer(events[(int) (i & (DISTINCT_TICKS - 1))], "connection_1");
                i++;
            }
            if (!warm && now >= warmEnd) {
                republisher.resetLatencySummary();
                warm = true;
            }
            if (now >= nextSample) {
                p99s.add(republisher.status().p99LatencyMillis());
                nextSample += TimeUnit.SECONDS.toNanos(1);
            }
            LockSupport.parkNanos(200_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The summary takes whole seconds: let the last one close before reading it.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1_200));
        LatencySummary summary = republisher.latencySummary();
        RepublisherStatus status = republisher.close(java.time.Duration.ofSeconds(10));
        System.out.printf(Locale.ROOT, "  latency: %,d ticks in %.1f s (%,.0f/s), published %,d; after %d s warm-up: %,d"
                        + " measured, p50 %.3f ms, p99 %.3f ms, max %.3f ms; p99 per second (ms): %s%n",
                status.received(), seconds, status.received() / seconds, status.published(), LATENCY_WARMUP_SECONDS,
                summary.count(), summary.p50Millis(), summary.p99Millis(), summary.maxMillis(), p99s);
        return summary;
    }

    /** redis-benchmark PUBLISH of one of our messages, pipelined 64 deep on 50 connections, same subscriber. */
    private static String redisBenchmarkCeiling(int port, int payloadBytes) throws IOException, InterruptedException {
        Path tool = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-benchmark"))) {
                tool = Path.of(dir, "redis-benchmark");
                break;
            }
        }
        if (tool == null) {
            return "n/a (no redis-benchmark on PATH)";
        }
        String payload = "x".repeat(payloadBytes);
        Process process = new ProcessBuilder(tool.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-P", "64", "-c", "50", "-n", "2000000", "-q", "PUBLISH", CHANNEL, payload)
                .redirectErrorStream(true).start();
        String output;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = reader.lines().reduce("", (a, b) -> a + "\n" + b);
        }
        process.waitFor();
        // -q prints progress lines separated by \r; the final figure is the last "N requests per second".
        Matcher m = Pattern.compile("([0-9.]+) requests per second").matcher(output);
        String rps = null;
        while (m.find()) {
            rps = m.group(1);
        }
        return rps == null ? "n/a (" + output.trim() + ")"
                : String.format(Locale.ROOT, "%,.0f (-P 64 -c 50, %d B)", Double.parseDouble(rps), payloadBytes);
    }

    private static void awaitConnected(RedisRepublisher republisher) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (republisher.status().state() != RepublisherStatus.State.CONNECTED) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not connected: " + republisher.status());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Distinct realistic trades, so the encoder is not fed one cached value. */
    private static Trade[] events() {
        String[] symbols = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "BRK.B", "JPM", "V", "SPY", "QQQ"};
        Trade[] events = new Trade[DISTINCT_TICKS];
        long t = 1_705_853_696_123L;
        for (int i = 0; i < DISTINCT_TICKS; i++) {
            double price = Math.round((50 + (i * 7919 % 45_000) / 100.0) * 100) / 100.0;
            events[i] = new Trade(symbols[i % symbols.length], 4, Integer.toString(i), 3, price, 1 + i % 500,
                    List.of(12, 37), t + i, i, 0, 0);
        }
        return events;
    }

    private static int messageSize(Trade trade) {
        // Same shape as TickEncoder's output for a trade; only its length matters here.
        return String.format(Locale.ROOT, "{\"type\":\"market_tick\",\"symbol\":\"%s\",\"price\":%s,\"volume\":%d,"
                        + "\"timestamp\":%d.%03d,\"source\":\"massive\",\"event_type\":\"T\",\"connection_id\":\"connection_1\"}",
                trade.symbol(), trade.price(), trade.size(), trade.sipTimestamp() / 1000, trade.sipTimestamp() % 1000)
                .length();
    }

    private static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("v=([0-9.]+)").matcher(text);
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    private static String format(List<Double> rates) {
        return String.format(Locale.ROOT, "%,.0f", Collections.max(rates));
    }

    private static void row(String measure, String result, String target) {
        System.out.printf(Locale.ROOT, "| %-49s | %-28s | %-13s |%n", measure, result, target);
    }
}
