package com.tickstock.console.recording;

import com.tickstock.console.config.RecordSettings.Compression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ManagedConnectionSpec;
import com.tickstock.console.manager.ManagerTestSupport;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of record and replay: a console records a session against the simulator with a dropped socket and
 * malformed frames; the recording is replayed to a fresh console, whose counts — market-data events per
 * connection, decode errors, sequence gaps — equal the recording console's.
 */
class RecordReplayRoundTripIT {

    private static final String KEY = "round-trip-key-5b8e0c7d21";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> TICKERS_1 = List.of("AAPL", "MSFT", "AMZN");
    private static final List<String> TICKERS_2 = List.of("NVDA", "TSLA", "META");

    @TempDir
    Path dir;

    private SimulatorServer sim;
    private ConnectionManager recorded;
    private ConnectionManager replayed;
    private ReplayServer replay;

    @AfterEach
    void tearDown() {
        if (replayed != null) {
            replayed.close();
        }
        if (replay != null) {
            replay.close();
        }
        ManagerTestSupport.closeBoth(recorded, sim);
    }

    private static ConnectionManager manager(URI url, String key) {
        return new ConnectionManager(List.of(spec(url, key, 1, TICKERS_1), spec(url, key, 2, TICKERS_2)),
                EnumSet.of(EventType.TRADE, EventType.QUOTE), 1000);
    }

    private static ManagedConnectionSpec spec(URI url, String key, int n, List<String> tickers) {
        FeedConnectionConfig feed = FeedConnectionConfig.of("connection_" + n, n == 1 ? "primary" : "secondary", url, key)
                .withReconnect(ManagerTestSupport.FAST)
                .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), Duration.ofSeconds(10));
        return new ManagedConnectionSpec(feed, "test_universe_" + n, tickers);
    }

    /** Market-data events, decode errors and sequence gaps per connection. */
    private static Map<String, List<Long>> counts(ConnectionManager manager) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (String id : manager.connectionIds()) {
            ConnectionSnapshot s = manager.connection(id).snapshot();
            out.put(id, List.of(s.marketDataEvents(), s.decodeErrors(), s.sequenceGaps()));
        }
        return out;
    }

    private static long frames(ConnectionManager manager) {
        return manager.connectionIds().stream().mapToLong(id -> manager.connection(id).snapshot().frames()).sum();
    }

    private SimConnection carrying(String ticker) {
        return sim.connections().stream().filter(SimConnection::isOpen)
                .filter(c -> c.subscriptions().contains("T." + ticker)).findFirst().orElseThrow();
    }

    @Test
    void aReplayedRecordingGivesTheConsoleTheSameCounts() throws Exception {
        // ---- record a session with faults ----
        sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(KEY).eventsPerSecond(3_000).build());
        recorded = manager(sim.url(), KEY);
        ManagedRecording recording = new ManagedRecording(recorded, 1024 * 1024, Compression.ZSTD, List.of(KEY));
        recording.start(dir);
        recorded.connect();
        sim.awaitSubscribed(2, ManagerTestSupport.WAIT);
        await().atMost(WAIT).until(() -> counts(recorded).values().stream().allMatch(c -> c.get(0) > 300));

        SimConnection first = carrying("AAPL");
        first.sendMalformedFrame().get(10, TimeUnit.SECONDS);
        first.sendRawFrame("[{\"ev\":\"T\",\"sym\":\"AAPL\",\"p\":\"not a number\"}]").get(10, TimeUnit.SECONDS);
        SimConnection second = carrying("NVDA");
        second.dropAbruptly().get(10, TimeUnit.SECONDS);
        // The console reconnects; events the simulator numbered meanwhile are sequence gaps.
        await().atMost(WAIT).until(() -> recorded.connection("connection_2").snapshot().reconnects() >= 1
                && recorded.connection("connection_2").state() == ConnectionState.STREAMING);
        long afterReconnect = counts(recorded).get("connection_2").get(0);
        await().atMost(WAIT).until(() -> counts(recorded).get("connection_2").get(0) > afterReconnect + 300);
        carrying("AAPL").sendMalformedFrame().get(10, TimeUnit.SECONDS);
        ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).until(() -> recording.status().orElseThrow().frames() == frames(recorded));
        // The snapshot is rebuilt every 250 ms: wait until it shows the last frame's decode error.
        await().atMost(WAIT).until(() -> counts(recorded).get("connection_1").get(1) >= 3);
        Map<String, List<Long>> original = counts(recorded);
        recorded.close();
        recording.close();
        assertThat(recording.status().orElseThrow().dropped()).isZero();
        assertThat(original.get("connection_1").get(1)).isEqualTo(3);

        // ---- replay it to a fresh console ----
        replay = ReplayServer.start(ReplayConfig.asFastAsPossible(dir));
        replayed = manager(replay.url(), "any-key-will-do");
        replayed.connect();
        try {
            await().atMost(WAIT).until(() -> counts(replayed).equals(original));
        } finally {
            System.out.println("recorded " + original + ", replayed " + counts(replayed));
        }
        assertThat(counts(replayed)).isEqualTo(original);
    }
}
