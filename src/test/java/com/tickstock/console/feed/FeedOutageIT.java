package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static com.tickstock.console.feed.FeedTestSupport.config;
import static com.tickstock.console.feed.FeedTestSupport.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.FeedTestSupport.Recorder;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed server goes away for longer than the quick retries last and comes back on the same port: the
 * connection must still be trying, say so, and stream again on its own. Failures no retry can cure stay terminal.
 */
class FeedOutageIT {

    /** Two quick retries, then one every 300 ms: the whole fast phase is over in well under a second. */
    private static final ReconnectPolicy SHORT = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(300),
            true, 2, 3, Duration.ofSeconds(3));

    private SimulatorServer sim;
    private FeedConnection connection;
    private final Recorder recorder = new Recorder();

    @AfterEach
    void tearDown() {
        FeedTestSupport.closeBoth(connection, sim);
    }

    private long reconnectingPastTheFastPhase() {
        return recorder.changes.stream()
                .filter(c -> c.state() == ConnectionState.RECONNECTING && c.attempt() > SHORT.maxRetries())
                .count();
    }

    @Test
    void aFeedThatIsGoneLongerThanTheQuickRetriesIsRetriedAtTheCapUntilItReturns() throws Exception {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().eventsPerSecond(500));
        int port = sim.port();
        connection = new FeedConnection(config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY)
                .withReconnect(SHORT));
        connection.addListener(recorder);
        connection.subscribe(trades("AAPL", "MSFT"));
        connection.connect();
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);

        sim.close();
        sim = null;
        // Several tries past the fast phase, each refused: a transient failure never ends in FAILED.
        await().atMost(WAIT).until(() -> reconnectingPastTheFastPhase() >= 4);
        assertThat(recorder.states()).doesNotContain(ConnectionState.FAILED);
        assertThat(connection.state()).isIn(ConnectionState.RECONNECTING, ConnectionState.CONNECTING);
        StateChange slow = recorder.changes.stream()
                .filter(c -> c.state() == ConnectionState.RECONNECTING && c.attempt() > SHORT.maxRetries())
                .reduce((first, second) -> second).orElseThrow();
        assertThat(slow.nextDelay()).isEqualTo(SHORT.maxDelay());
        assertThat(slow.detail()).contains("still retrying every 0.3 s");
        assertThat(slow.describe()).contains("RECONNECTING").contains("attempt " + slow.attempt())
                .contains("next try in 0.3 s");
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot snap = connection.snapshot();
            assertThat(snap.state()).isEqualTo(ConnectionState.RECONNECTING);
            assertThat(snap.attempt()).isGreaterThan(SHORT.maxRetries());
            assertThat(snap.nextRetryAt()).isNotNull();
            assertThat(snap.cause()).isIn(Cause.CONNECT_FAILED, Cause.DROPPED, Cause.SERVER_CLOSED);
            assertThat(snap.detail()).contains("still retrying");
        });

        sim = FeedTestSupport.simulator(SimulatorConfig.builder().port(port).eventsPerSecond(500));
        SimConnection back = sim.awaitSubscribed(1, WAIT).get(0);
        back.awaitSubscriptions(2, WAIT);
        assertThat(back.subscriptions()).containsExactlyInAnyOrder("T.AAPL", "T.MSFT");
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);
        long before = connection.snapshot().marketDataEvents();
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() > before + 20);
        assertThat(recorder.states()).doesNotContain(ConnectionState.FAILED);
    }

    @Test
    void everyFailedStateChangeIsLoggedOnce() {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder());
        try (LogCapture log = new LogCapture()) {
            connection = new FeedConnection(config("connection_1", sim.url(), "wrong-key").withReconnect(SHORT));
            connection.addListener(recorder);
            connection.subscribe(trades("AAPL"));
            connection.connect();
            await().atMost(WAIT).until(() -> connection.state() == ConnectionState.FAILED);
            connection.close();
            assertThat(recorder.changes).filteredOn(c -> c.state() == ConnectionState.FAILED).hasSize(1);
            assertThat(log.linesContaining("FAILED")).hasSize(1).allSatisfy(line ->
                    assertThat(line).contains("connection_1").contains("auth failed").contains("WARNING"));
        }
    }
}
