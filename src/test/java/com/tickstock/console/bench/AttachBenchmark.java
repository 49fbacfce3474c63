package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.manager.TickerLast;
import com.tickstock.console.plant.AttachedConsoleFeed;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue #16: a console that attaches while the feeder streams 100,000 ticks/s shows complete tables within 2 s.
 * The feeder is a console runtime in this JVM republishing every tick to a real redis-server and publishing its
 * state as a plant feeder; the simulator runs in a process of its own. After the warm-up every subscribed ticker
 * has traded, so a complete table holds every ticker of the feeder's routing. Each attach is timed from the
 * moment the attaching console is made until the tickers it was given (its seed from the {@code last} hash, then
 * live ticks from the tick channel) include every one of them; three attaches, one after the other.
 *
 * <p>The attaching console shares this JVM and the two cores with the feeder, redis-server and the simulator,
 * so the figure is an upper bound of what a console on its own host would see.
 */
public final class AttachBenchmark {

    private static final int TICKERS_PER_CONNECTION = 500;
    private static final double TICKS_PER_SECOND = 100_000;
    private static final long WARMUP_MS = 10_000;
    private static final int ATTACHES = 3;
    /**
     * Events per frame, as issue 25 measures 120,000/s: at 10 per frame the simulator's and the feeder's per-frame
     * work on a 2-core machine held the feeder to about 69,000 ticks/s published, not the 100,000 the target names.
     */
    private static final int BATCH = 100;
    private static final long TARGET_MS = 2_000;
    /** An attach that has not completed by then is reported as such, not waited for. */
    private static final long GIVE_UP_MS = 30_000;

    private AttachBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        String perConnection = String.valueOf((long) (TICKS_PER_SECOND / 3));
        try (RedisServerProcess redis = RedisServerProcess.start("--client-output-buffer-limit", "pubsub 0 0 0");
             SimulatorProcess sim = SimulatorProcess.start("--rate", perConnection, "--batch", Integer.toString(BATCH),
                     "--api-keys", SimulatorConfig.DEV_API_KEY)) {
            ConsoleRuntime runtime = ConsoleRuntime.create(BenchConsole.config(sim.url(), SimulatorConfig.DEV_API_KEY,
                    redis.url(), TICKERS_PER_CONNECTION, Map.of()));
            try {
                runtime.manager().connect();
                Map<String, ConnectionState> states = runtime.manager().awaitSettled(Duration.ofSeconds(30));
                if (!states.values().stream().allMatch(s -> s == ConnectionState.STREAMING)) {
                    throw new IllegalStateException("not all connections streaming: " + states);
                }
                runtime.startFeeder();
                Thread.sleep(WARMUP_MS); // the warm-up window, not a synchronisation
                Set<String> expected = runtime.manager().routing().assignments().keySet();
                RedisRepublisher republisher = runtime.republisher().orElseThrow();
                long published0 = republisher.status().published();
                long started = System.nanoTime();
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < ATTACHES; i++) {
                    millis.add(attach(redis.url(), runtime.config().feeder().group(), expected));
                }
                double rate = (republisher.status().published() - published0) * 1e9 / (System.nanoTime() - started);
                long worst = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
                System.out.printf(Locale.ROOT, "attach at %,.0f ticks/s published, %d tickers: tables complete after %s ms%n",
                        rate, expected.size(), millis);
                BenchReport.info("Attach, ticks/s the feeder published meanwhile", BenchReport.count(rate));
                BenchReport.result(String.format(Locale.ROOT, "Attach at 100k ticks/s, %d tickers: tables complete after"
                                + " (worst of %d)", expected.size(), ATTACHES), millis.toString().replace(",", " /")
                                + " ms", "<= 2,000 ms", BenchReport.atMost(worst, TARGET_MS));
            } finally {
                runtime.close();
            }
        }
    }

    /** Milliseconds from making an attaching console until it was given every expected ticker (GIVE_UP_MS if never). */
    private static long attach(String redisUrl, String group, Set<String> expected) throws InterruptedException {
        // Written by the attaching console's Lettuce threads, read here.
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();
        try (AttachedConsoleFeed feed = new AttachedConsoleFeed(RedisUrl.parse(redisUrl), group, "bench", "bench-host")) {
            feed.addConsumer("tables", new TickConsumer() {
                @Override
                public void onTicks(EventBatch batch) {
                    for (FeedEvent event : batch.events()) {
                        seen.add(event.symbol());
                    }
                }

                @Override
                public void onLastValues(Collection<TickerLast> values) {
                    for (TickerLast last : values) {
                        seen.add(last.symbol());
                    }
                }
            }, TickConsumer.Delivery.DIRECT);
            feed.start();
            long deadline = started + Duration.ofMillis(GIVE_UP_MS).toNanos();
            while (!seen.containsAll(expected) && System.nanoTime() - deadline < 0) {
                Thread.sleep(5); // the resolution of the measurement, not a synchronisation
            }
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (!seen.containsAll(expected)) {
                Set<String> missing = new java.util.TreeSet<>(expected);
                missing.removeAll(seen);
                System.out.printf(Locale.ROOT, "attach incomplete after %d ms: %d of %d tickers, missing e.g. %s; feeder %s%n",
                        elapsed, expected.size() - missing.size(), expected.size(),
                        missing.stream().limit(5).toList(), "attached=" + feed.view().state().attached());
            }
            return Math.min(elapsed, GIVE_UP_MS);
        }
    }
}
