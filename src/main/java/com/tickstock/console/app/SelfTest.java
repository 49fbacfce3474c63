package com.tickstock.console.app;

import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.config.RedisSettings;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.recording.CompressionCheck;
import com.tickstock.console.republish.RedisProbe;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RepublisherStatus;
import com.tickstock.console.config.Secret;
import com.tickstock.console.supervision.PartFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --self-test}: runs the configured connections against the embedded simulator, whatever
 * the API key, and checks that every one of them streams market data. Prints one line per check
 * and a verdict, and exits 0 or 1 within about ten seconds. With Redis configured it also
 * subscribes to the channel on a connection of its own and checks that ticks arrive there.
 */
final class SelfTest {

    static final String PREFIX = "SELF-TEST ";
    /** Leaves time for startup and shutdown inside the ten seconds an operator waits. */
    private static final Duration STREAM_BUDGET = Duration.ofSeconds(7);
    /**
     * The least time the Redis check waits for the subscriber to connect and a tick to reach it.
     * Lettuce's first connection (the republisher's and the subscriber's) can take seconds on a
     * busy machine; failing a healthy Redis for that would make the verdict depend on load. A
     * working setup still answers as soon as the first tick arrives.
     */
    private static final Duration REDIS_GRACE = Duration.ofSeconds(8);
    private static final Duration REDIS_CLOSE = Duration.ofMillis(200);

    private SelfTest() {
    }

    static int run(ConsoleConfig configured, PrintStream out) {
        long start = System.nanoTime();
        ConsoleConfig config = withoutApiKey(configured);
        boolean ok;
        CompletableFuture<RedisProbe> probe = null;
        try (ConsoleRuntime runtime = ConsoleRuntime.create(config)) {
            out.println(PREFIX + "feed: " + runtime.source().describe() + ", events "
                    + config.feed().eventTypes().stream().map(t -> t.wireName()).sorted().toList());
            if (config.redis().enabled()) {
                // Subscribes while the connections start, as a downstream consumer would; ticks keep flowing after.
                probe = listen(config.redis());
            }
            // Health is published on the manager-health thread every 250 ms; the main thread waits on the latch.
            CountDownLatch allStreaming = new CountDownLatch(1);
            try (Registration listening = runtime.manager().addHealthListener(health -> {
                if (allStreaming(health)) {
                    allStreaming.countDown();
                }
            })) {
                runtime.manager().connect();
                allStreaming.await(STREAM_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            }
            HealthSnapshot health = runtime.manager().healthNow();
            ok = true;
            for (ConnectionHealth h : health.connections().values()) {
                ok &= report(h, out);
            }
            if (config.redis().enabled()) {
                long left = STREAM_BUDGET.toNanos() - (System.nanoTime() - start);
                ok &= reportRedis(config.redis(), runtime, probe,
                        Duration.ofNanos(Math.max(left, REDIS_GRACE.toNanos())), out);
            }
            ok &= reportRecordingCompression(configured, out);
            ok &= reportDeadParts(runtime, out);
            // Nothing of a self-test needs flushing: do not spend the default flush time (runtime.close() then finds it closed).
            runtime.republisher().ifPresent(r -> r.close(REDIS_CLOSE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        } catch (RuntimeException e) {
            out.println(PREFIX + "could not start: " + e.getMessage());
            ok = false;
        } finally {
            if (probe != null) {
                // A probe still connecting closes itself once it has connected.
                // Not awaited: close logs its own failures ('unused' tells Error Prone this is deliberate).
                var unused = probe.thenAccept(RedisProbe::close);
            }
        }
        out.println(PREFIX + (ok ? "PASSED" : "FAILED") + String.format(Locale.ROOT, " in %.1f s",
                (System.nanoTime() - start) / 1e9));
        out.flush();
        return ok ? 0 : 1;
    }

    /** The configuration as given, but with no API key: the runtime then starts the embedded simulator. */
    static ConsoleConfig withoutApiKey(ConsoleConfig c) {
        return new ConsoleConfig(c.useMultiConnection(), c.connectionsMax(), Secret.absent(), c.feed(), c.connections(),
                c.redis(), c.status(), c.feeder(), c.warnings());
    }

    private static boolean allStreaming(HealthSnapshot health) {
        return health.connections().values().stream().allMatch(h -> passes(h.feed()));
    }

    private static boolean passes(ConnectionSnapshot feed) {
        return feed.state() == ConnectionState.STREAMING && feed.marketDataEvents() > 0;
    }

    /** Connects a subscriber of our own on a thread of its own; the future fails with a message fit to print. */
    private static CompletableFuture<RedisProbe> listen(RedisSettings redis) {
        CompletableFuture<RedisProbe> probe = new CompletableFuture<>();
        Thread connecting = new Thread(() -> {
            try {
                probe.complete(RedisProbe.listen(redis.url(), redis.channel(), redis.mode() == RedisSettings.Mode.STREAM,
                        REDIS_GRACE));
            } catch (IOException | RuntimeException e) {
                probe.completeExceptionally(e);
            }
        }, "self-test-redis-probe");
        connecting.setDaemon(true);
        connecting.start();
        return probe;
    }

    /**
     * Whether a subscriber of our own received what the republisher sent; waits up to {@code left}
     * for it to connect and the first tick to arrive.
     */
    private static boolean reportRedis(RedisSettings redis, ConsoleRuntime runtime, CompletableFuture<RedisProbe> connecting,
                                       Duration left, PrintStream out) throws InterruptedException {
        String label = "redis " + redis.redactedUrl() + " " + redis.mode().name().toLowerCase(Locale.ROOT) + " "
                + redis.channel();
        long deadline = System.nanoTime() + left.toNanos();
        RedisProbe probe;
        try {
            probe = connecting.get(left.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException ? "no connection within " + left.toSeconds() + " s"
                    : e.getCause().getMessage();
            out.println(PREFIX + label + " FAILED: a subscriber could not connect (" + why + "); " + describe(runtime));
            return false;
        }
        boolean received = probe.awaitFirst(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        out.println(PREFIX + label + (received ? " OK: a subscriber received " + probe.received() + " messages; "
                : " FAILED: a subscriber received nothing; ") + describe(runtime));
        return received;
    }

    /** The republisher's side, read after the wait so it matches what the subscriber saw. */
    private static String describe(ConsoleRuntime runtime) {
        RepublisherStatus status = runtime.republisher().map(RedisRepublisher::status).orElse(null);
        return status == null ? "no republisher"
                : "republisher " + status.state().key() + ", " + status.published() + " ticks published"
                        + (status.lastError() == null ? "" : ", last error: " + status.lastError());
    }

    /** The recordings' compression works here (zstd is native code: a packaged runtime could lack it). */
    private static boolean reportRecordingCompression(ConsoleConfig config, PrintStream out) {
        String label = "recording compression " + config.record().compression().name().toLowerCase(Locale.ROOT);
        Optional<String> problem = CompressionCheck.problem(config.record().compression());
        out.println(PREFIX + label + (problem.isEmpty() ? " OK" : " FAILED: " + problem.get()));
        return problem.isEmpty();
    }

    /** A part whose thread died fails the self-test even when what it checks still looked fine. */
    private static boolean reportDeadParts(ConsoleRuntime runtime, PrintStream out) {
        List<PartFailure> dead = runtime.deadParts();
        for (PartFailure failure : dead) {
            out.println(PREFIX + failure.part() + " FAILED: thread " + failure.thread() + " died of " + failure.cause());
        }
        return dead.isEmpty();
    }

    private static boolean report(ConnectionHealth h, PrintStream out) {
        ConnectionSnapshot feed = h.feed();
        boolean pass = passes(feed);
        String label = feed.id() + " (" + feed.name() + ")";
        if (pass) {
            out.println(PREFIX + label + " OK: streaming " + h.assignedTickers() + " tickers, "
                    + feed.marketDataEvents() + " events received");
        } else {
            out.println(PREFIX + label + " FAILED: " + feed.state() + ", " + feed.cause().words()
                    + (feed.detail().isEmpty() ? "" : " (" + feed.detail() + ")") + ", "
                    + feed.marketDataEvents() + " events received");
        }
        return pass;
    }
}
