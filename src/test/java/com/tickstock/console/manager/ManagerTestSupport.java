package com.tickstock.console.manager;

import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.ReconnectPolicy;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds managers against the real simulator for tests (public for the cross-package reliability tests). */
public final class ManagerTestSupport {

    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), true, 5, 3,
            Duration.ofSeconds(3));

    private ManagerTestSupport() {
    }

    /** Closes what a test opened, the manager before the simulator its connections talk to; either may be null. */
    public static void closeBoth(ConnectionManager manager, SimulatorServer sim) {
        if (manager != null) {
            manager.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    public static ManagedConnectionSpec spec(SimulatorServer sim, int n, String key, List<String> tickers) {
        String id = "connection_" + n;
        FeedConnectionConfig feed = FeedConnectionConfig.of(id, List.of("primary", "secondary", "tertiary").get(n - 1), sim.url(), key)
                .withReconnect(FAST)
                .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(10));
        return new ManagedConnectionSpec(feed, "test_universe_" + n, tickers);
    }

    /** Stops every open simulator connection sending, so counts can be compared exactly. */
    public static long stallAllAndCountSent(SimulatorServer sim) throws Exception {
        for (SimConnection connection : sim.connections()) {
            if (connection.isOpen()) {
                connection.stall().get(10, TimeUnit.SECONDS);
            }
        }
        return sim.totals().dataEvents();
    }
}
