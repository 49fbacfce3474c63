package com.tickstock.console.app;

import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.ConsoleConfig;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.Secret;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code --self-test}: runs the configured connections against the embedded simulator, whatever
 * the API key, and checks that every one of them streams market data. Prints one line per check
 * and a verdict, and exits 0 or 1 within about ten seconds.
 */
final class SelfTest {

    static final String PREFIX = "SELF-TEST ";
    /** Leaves time for startup and shutdown inside the ten seconds an operator waits. */
    private static final Duration STREAM_BUDGET = Duration.ofSeconds(7);

    private SelfTest() {
    }

    static int run(ConsoleConfig configured, PrintStream out) {
        long start = System.nanoTime();
        ConsoleConfig config = withoutApiKey(configured);
        boolean ok;
        try (ConsoleRuntime runtime = ConsoleRuntime.create(config)) {
            out.println(PREFIX + "feed: " + runtime.source().describe() + ", events "
                    + config.feed().eventTypes().stream().map(t -> t.wireName()).sorted().toList());
            // Health is published on the manager-health thread every 250 ms; the main thread waits on the latch.
            CountDownLatch allStreaming = new CountDownLatch(1);
            runtime.manager().addHealthListener(health -> {
                if (allStreaming(health)) {
                    allStreaming.countDown();
                }
            });
            runtime.manager().connect();
            allStreaming.await(STREAM_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            HealthSnapshot health = runtime.manager().healthNow();
            ok = true;
            for (ConnectionHealth h : health.connections().values()) {
                ok &= report(h, out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        } catch (RuntimeException e) {
            out.println(PREFIX + "could not start: " + e.getMessage());
            ok = false;
        }
        out.println(PREFIX + (ok ? "PASSED" : "FAILED") + String.format(Locale.ROOT, " in %.1f s",
                (System.nanoTime() - start) / 1e9));
        out.flush();
        return ok ? 0 : 1;
    }

    /** The configuration as given, but with no API key: the runtime then starts the embedded simulator. */
    static ConsoleConfig withoutApiKey(ConsoleConfig c) {
        return new ConsoleConfig(c.useMultiConnection(), c.connectionsMax(), Secret.absent(), c.feed(), c.connections(),
                c.redis(), c.status(), c.warnings());
    }

    private static boolean allStreaming(HealthSnapshot health) {
        return health.connections().values().stream().allMatch(h -> passes(h.feed()));
    }

    private static boolean passes(ConnectionSnapshot feed) {
        return feed.state() == ConnectionState.STREAMING && feed.marketDataEvents() > 0;
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
