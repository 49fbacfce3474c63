package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static com.tickstock.console.feed.FeedTestSupport.config;
import static com.tickstock.console.feed.FeedTestSupport.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.FeedTestSupport.Recorder;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two clients sharing one key against a connection limit of one, in both eviction modes. */
class ConnectionLimitIT {

    private SimulatorServer sim;
    private FeedConnection first;
    private FeedConnection second;
    private final Recorder firstLog = new Recorder();
    private final Recorder secondLog = new Recorder();

    @AfterEach
    void tearDown() {
        for (FeedConnection c : new FeedConnection[] {first, second}) {
            if (c != null) {
                c.close();
            }
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void start(SimulatorConfig.Eviction eviction) {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().maxConnections(1).eviction(eviction)
                .eventsPerSecond(1_000));
        first = new FeedConnection(config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY));
        second = new FeedConnection(config("connection_2", sim.url(), SimulatorConfig.DEV_API_KEY));
        first.addListener(firstLog);
        second.addListener(secondLog);
        first.subscribe(trades("AAPL"));
        second.subscribe(trades("MSFT"));
        first.connect();
        await().atMost(WAIT).until(() -> first.state() == ConnectionState.STREAMING);
        second.connect();
    }

    private static List<Integer> kickAttempts(Recorder log) {
        return log.changes.stream()
                .filter(c -> c.state() == ConnectionState.RECONNECTING && c.cause() == Cause.CONNECTION_LIMIT)
                .map(StateChange::attempt).collect(Collectors.toList());
    }

    @Test
    void theNewcomerIsKickedUntilItGivesUpWhileTheIncumbentStreamsOn() {
        start(SimulatorConfig.Eviction.NEWEST);
        await().atMost(WAIT).until(() -> second.state() == ConnectionState.FAILED);
        ConnectionSnapshot failed = second.snapshot();
        assertThat(failed.cause()).isEqualTo(Cause.CONNECTION_LIMIT);
        assertThat(failed.cause().words()).isEqualTo("connection limit reached");
        assertThat(failed.detail()).contains("3 times in a row");
        // auth_success came before every kick, yet the backoff kept growing instead of resetting.
        assertThat(kickAttempts(secondLog)).containsExactly(1, 2);
        assertThat(secondLog.saw(ConnectionState.AUTHENTICATING, Cause.NONE)).isTrue();
        assertThat(first.state()).isEqualTo(ConnectionState.STREAMING);
        assertThat(firstLog.states()).doesNotContain(ConnectionState.RECONNECTING);
        assertThat(sim.connections()).hasSize(4); // the incumbent and exactly three tries of the newcomer
    }

    @Test
    void whenTheOldestIsEvictedTheTwoStopFightingAfterTheConfiguredKicks() {
        start(SimulatorConfig.Eviction.OLDEST);
        await().atMost(WAIT).until(() -> first.state() == ConnectionState.FAILED
                || second.state() == ConnectionState.FAILED);
        FeedConnection loser = first.state() == ConnectionState.FAILED ? first : second;
        FeedConnection winner = loser == first ? second : first;
        assertThat(loser.snapshot().cause()).isEqualTo(Cause.CONNECTION_LIMIT);
        await().atMost(WAIT).until(() -> winner.state() == ConnectionState.STREAMING);
        long connectionsWhenSettled = sim.connections().size();
        assertThat(connectionsWhenSettled).isLessThanOrEqualTo(2 + 2 * 3);
        assertThat(kickAttempts(firstLog)).isNotEmpty();
        assertThat(kickAttempts(loser == first ? firstLog : secondLog)).containsExactly(1, 2);
        // Settled means settled: the winner keeps its socket, nobody reconnects any more.
        long winnerEvents = winner.snapshot().marketDataEvents();
        await().atMost(WAIT).until(() -> winner.snapshot().marketDataEvents() > winnerEvents + 200);
        assertThat(sim.connections()).hasSize((int) connectionsWhenSettled);
        assertThat(winner.state()).isEqualTo(ConnectionState.STREAMING);
    }
}
