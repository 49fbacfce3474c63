package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.ConnectionAction.Announce;
import com.tickstock.console.feed.ConnectionAction.AwaitData;
import com.tickstock.console.feed.ConnectionAction.CloseSocket;
import com.tickstock.console.feed.ConnectionAction.OpenSocket;
import com.tickstock.console.feed.ConnectionEvent.AuthSucceeded;
import com.tickstock.console.feed.ConnectionEvent.Connect;
import com.tickstock.console.feed.ConnectionEvent.DataArrived;
import com.tickstock.console.feed.ConnectionEvent.SocketOpened;
import com.tickstock.console.feed.ConnectionEvent.SubscriptionsAnswered;
import com.tickstock.console.feed.ConnectionEvent.Tick;
import com.tickstock.console.feed.ConnectionStateMachine.State;
import com.tickstock.console.feed.ConnectionStateMachine.Step;
import com.tickstock.console.feed.SilenceRule.Silence;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staleness that follows the market's session: the rule of the moment is set by hand (what the session would say),
 * time is passed in, so nothing here waits.
 */
class SessionStalenessTest {

    private static final long S = 1_000_000_000L;
    private static final String QUIET = "quiet expected";
    private static final Silence REGULAR = Silence.staleAfter(Duration.ofSeconds(5));
    private static final Silence PRE = Silence.staleAfter(Duration.ofSeconds(120));
    private static final Silence CLOSED = Silence.expected(QUIET);

    private final AtomicReference<Silence> session = new AtomicReference<>(REGULAR);
    private final ConnectionStateMachine machine = new ConnectionStateMachine(
            FeedConnectionConfig.of("connection_1", "c1", URI.create("ws://feed.test/stocks"), "key")
                    .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30),
                            Duration.ofSeconds(3), Duration.ofSeconds(5))
                    .withSilenceRule(session::get),
            new SplittableRandom(1));

    private State state;
    private long now;
    private List<ConnectionAction> actions;

    @BeforeEach
    void streaming() {
        now = 1_000 * S;
        state = State.initial(now);
        apply(new Connect());
        apply(new SocketOpened(1));
        apply(new AuthSucceeded(1, 2));
        apply(new SubscriptionsAnswered(1));
        assertThat(state.phase()).isEqualTo(ConnectionState.STREAMING);
    }

    private void apply(ConnectionEvent event) {
        Step step = machine.apply(state, event, now);
        state = step.state();
        actions = step.actions();
    }

    /** A tick {@code seconds} later, the last data and the last inbound frame (pongs) at {@code lastData}. */
    private void quietTick(long seconds, long lastData) {
        now += seconds * S;
        apply(new Tick(now, lastData, true));
    }

    @Test
    void staleInRegularHours() {
        long lastData = now;
        quietTick(6, lastData);
        assertThat(state.phase()).isEqualTo(ConnectionState.STALE);
        assertThat(state.detail()).isEqualTo("no data for 5.0 s");
    }

    @Test
    void neverStaleWhileClosedAndNoReconnect() {
        session.set(CLOSED);
        long lastData = now;
        quietTick(6, lastData);
        assertThat(state.phase()).isEqualTo(ConnectionState.STREAMING);
        assertThat(state.cause()).isEqualTo(Cause.QUIET_EXPECTED);
        assertThat(state.detail()).isEqualTo(QUIET);
        assertThat(actions).hasAtLeastOneElementOfType(AwaitData.class);
        for (int i = 0; i < 100; i++) {
            quietTick(600, lastData);
            assertThat(state.phase()).isEqualTo(ConnectionState.STREAMING);
            assertThat(actions).noneMatch(a -> a instanceof CloseSocket || a instanceof OpenSocket
                    || a instanceof Announce);
        }
    }

    @Test
    void aStaleConnectionIsNoLongerStaleOnceTheMarketCloses() {
        long lastData = now;
        quietTick(6, lastData);
        assertThat(state.phase()).isEqualTo(ConnectionState.STALE);
        session.set(CLOSED);
        quietTick(1, lastData);
        assertThat(state.phase()).isEqualTo(ConnectionState.STREAMING);
        assertThat(state.detail()).isEqualTo(QUIET);
        apply(new DataArrived(1));
        assertThat(state.cause()).isEqualTo(Cause.DATA_RESUMED);
    }

    @Test
    void whenTheSessionStartsSilenceCountsFromThenWithThatSessionsThreshold() {
        session.set(CLOSED);
        long lastData = now;
        quietTick(3_600, lastData);
        assertThat(state.cause()).isEqualTo(Cause.QUIET_EXPECTED);
        session.set(PRE);
        quietTick(1, lastData);
        assertThat(state.phase()).isEqualTo(ConnectionState.STREAMING);
        assertThat(state.cause()).isEqualTo(Cause.SESSION_STARTED);
        quietTick(100, lastData);
        assertThat(state.phase()).as("within the pre-market's 120 s").isEqualTo(ConnectionState.STREAMING);
        quietTick(21, lastData);
        assertThat(state.phase()).isEqualTo(ConnectionState.STALE);
        assertThat(state.detail()).isEqualTo("no data for 120.0 s");
    }

    @Test
    void dataWhileQuietExpectedSaysItResumed() {
        session.set(CLOSED);
        quietTick(6, now);
        apply(new DataArrived(1));
        assertThat(state.phase()).isEqualTo(ConnectionState.STREAMING);
        assertThat(state.cause()).isEqualTo(Cause.DATA_RESUMED);
    }
}
