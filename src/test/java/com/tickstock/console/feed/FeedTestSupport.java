package com.tickstock.console.feed;

import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Shared set-up for tests that run real feed connections against the real simulator over loopback. */
final class FeedTestSupport {

    /** Generous: the tests must hold on a loaded 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(30);

    static final ReconnectPolicy FAST_RETRIES = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200),
            true, 5, 3, Duration.ofSeconds(3));

    private FeedTestSupport() {
    }

    static SimulatorServer simulator(SimulatorConfig.Builder builder) {
        try {
            return SimulatorServer.start(builder.apiKeys(SimulatorConfig.DEV_API_KEY).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes what a test opened, the connection before the simulator it talks to; either may be null. */
    static void closeBoth(FeedConnection connection, SimulatorServer sim) {
        if (connection != null) {
            connection.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** Quick timings so stale and silent peers show within a second or two. */
    static FeedConnectionConfig config(String id, URI url, String key) {
        return FeedConnectionConfig.of(id, id, url, key)
                .withReconnect(FAST_RETRIES)
                .withTimings(Duration.ofMillis(1500), Duration.ofMillis(300), Duration.ofMillis(1500),
                        Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    static List<Topic> trades(String... tickers) {
        List<Topic> topics = new ArrayList<>();
        for (String ticker : tickers) {
            topics.add(Topic.of(EventType.TRADE, ticker));
        }
        return topics;
    }

    /** Records every state change and counts delivered events. */
    static final class Recorder implements ConnectionListener {
        final List<StateChange> changes = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void onEvents(EventBatch batch) {
            events.addAndGet(batch.events().size());
        }

        @Override
        public void onStateChange(StateChange change) {
            changes.add(change);
        }

        List<ConnectionState> states() {
            return changes.stream().map(StateChange::state).collect(Collectors.toList());
        }

        boolean saw(ConnectionState state, Cause cause) {
            return changes.stream().anyMatch(c -> c.state() == state && c.cause() == cause);
        }
    }
}
