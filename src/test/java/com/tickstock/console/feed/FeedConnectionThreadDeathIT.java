package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static com.tickstock.console.feed.FeedTestSupport.config;
import static com.tickstock.console.feed.FeedTestSupport.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import com.tickstock.console.supervision.PartFailures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection whose control or dispatch thread died says FAILED with the cause, against the real
 * simulator. The error is thrown by a listener: an {@link Error} there is what an out-of-memory
 * consumer looks like to the connection.
 */
class FeedConnectionThreadDeathIT {

    private SimulatorServer sim;
    private FeedConnection connection;

    @BeforeEach
    void startSimulator() {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().eventsPerSecond(2_000).eventsPerFrame(5));
        connection = new FeedConnection(config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY));
        connection.subscribe(trades("AAPL", "MSFT"));
    }

    @AfterEach
    void tearDown() {
        connection.close();
        sim.close();
    }

    @Test
    void aDispatchThreadThatDiesMarksTheConnectionFailedWithTheCause() {
        long before = PartFailures.process().sequence();
        connection.addListener(new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
                throw new InternalError("injected");
            }
        });
        connection.connect();

        await().atMost(WAIT).untilAsserted(() -> assertThat(connection.state()).isEqualTo(ConnectionState.FAILED));
        ConnectionSnapshot snapshot = connection.snapshot();
        assertThat(snapshot.state()).isEqualTo(ConnectionState.FAILED);
        assertThat(snapshot.cause()).isEqualTo(Cause.INTERNAL_ERROR);
        assertThat(snapshot.detail()).isEqualTo("connection_1-dispatch: InternalError: injected");
        assertThat(PartFailures.process().since(before)).singleElement()
                .satisfies(f -> assertThat(f.thread()).isEqualTo("feed-connection_1-dispatch"));
    }

    @Test
    void aControlTaskThatDiesMarksTheConnectionFailedInsteadOfVanishingIntoAFuture() {
        long before = PartFailures.process().sequence();
        connection.addListener(new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
            }

            @Override
            public void onStateChange(StateChange change) {
                if (change.state() == ConnectionState.STREAMING) {
                    throw new StackOverflowError();
                }
            }
        });
        connection.connect();

        await().atMost(WAIT).untilAsserted(() -> assertThat(connection.state()).isEqualTo(ConnectionState.FAILED));
        assertThat(connection.snapshot().cause()).isEqualTo(Cause.INTERNAL_ERROR);
        assertThat(connection.snapshot().detail()).isEqualTo("connection_1-control: StackOverflowError");
        assertThat(PartFailures.process().since(before)).extracting(f -> f.thread())
                .containsExactly("feed-connection_1-control");
    }

    @Test
    void aFailureOfAnotherConnectionOrFromBeforeThisOneExistedIsNotItsOwn() {
        PartFailures.process().report("connection_2-dispatch", new OutOfMemoryError("not ours"));
        FeedConnection later = new FeedConnection(config("connection_2", sim.url(), SimulatorConfig.DEV_API_KEY));
        try {
            PartFailures.process().report("connection_3-dispatch", new OutOfMemoryError("not ours either"));
            assertThat(later.state()).isEqualTo(ConnectionState.DISCONNECTED);
            assertThat(later.snapshot().cause()).isNotEqualTo(Cause.INTERNAL_ERROR);
        } finally {
            later.close();
        }
    }
}
