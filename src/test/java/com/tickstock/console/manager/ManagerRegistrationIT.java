package com.tickstock.console.manager;

import static com.tickstock.console.manager.ManagerTestSupport.WAIT;
import static com.tickstock.console.manager.ManagerTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every registration with the manager comes back as a handle, and closing it stops the callbacks. */
class ManagerRegistrationIT {

    private SimulatorServer sim;
    private ConnectionManager manager;

    @BeforeEach
    void setUp() throws Exception {
        sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(SimulatorConfig.DEV_API_KEY)
                .eventsPerSecond(200).eventsPerFrame(5).build());
        manager = new ConnectionManager(List.of(
                spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("AAPL")),
                spec(sim, 2, SimulatorConfig.DEV_API_KEY, List.of("JPM"))), Set.of(EventType.TRADE), 10);
    }

    @AfterEach
    void tearDown() {
        manager.close();
        sim.close();
    }

    @Test
    void aClosedStateListenerHearsNoMoreChangesOfAnyConnection() throws Exception {
        Queue<StateChange> closedOnes = new ConcurrentLinkedQueue<>();
        Queue<StateChange> openOnes = new ConcurrentLinkedQueue<>();
        Registration registration = manager.addStateListener(recorder(closedOnes));
        manager.addStateListener(recorder(openOnes));
        manager.connect();
        assertThat(manager.awaitSettled(WAIT)).allSatisfy((id, s) -> assertThat(s).isEqualTo(ConnectionState.STREAMING));
        assertThat(closedOnes).isNotEmpty();

        registration.close();
        int heardBeforeClose = closedOnes.size();
        openOnes.clear();
        manager.disconnect();
        manager.connect();

        // The listener still registered hears both connections go down and come back...
        await().atMost(WAIT).until(() -> streamedAgain(openOnes, "connection_1") && streamedAgain(openOnes, "connection_2"));
        // ...the closed one nothing of it; closing twice is harmless.
        assertThat(closedOnes).hasSize(heardBeforeClose);
        registration.close();
    }

    @Test
    void aClosedHealthListenerIsCalledNoMore() {
        AtomicInteger closedCalls = new AtomicInteger();
        AtomicInteger openCalls = new AtomicInteger();
        Registration registration = manager.addHealthListener(h -> closedCalls.incrementAndGet());
        manager.addHealthListener(h -> openCalls.incrementAndGet());
        await().atMost(WAIT).until(() -> closedCalls.get() > 0);

        registration.close();
        int callsAtClose = closedCalls.get();
        int publishedAtClose = openCalls.get();

        // Three more publications (every 250 ms) reach the other listener, none the closed one.
        await().atMost(WAIT).until(() -> openCalls.get() >= publishedAtClose + 3);
        assertThat(closedCalls.get()).isEqualTo(callsAtClose);
    }

    @Test
    void aClosedHealthSectionLeavesTheSnapshot() {
        Registration redis = manager.addHealthSection("redis", () -> Map.of("state", "connected"));
        Registration extra = manager.addHealthSection("extra", () -> Map.of("n", 1));
        await().atMost(WAIT).until(() -> manager.health().sections().containsKey("redis"));

        redis.close();

        assertThat(manager.healthNow().sections()).containsOnlyKeys("extra");
        await().atMost(WAIT).until(() -> !manager.health().sections().containsKey("redis"));
        extra.close();
        assertThat(manager.healthNow().sections()).isEmpty();
    }

    private static ConnectionListener recorder(Queue<StateChange> into) {
        return new ConnectionListener() {
            @Override
            public void onStateChange(StateChange change) {
                into.add(change);
            }
        };
    }

    private static boolean streamedAgain(Queue<StateChange> changes, String connectionId) {
        boolean down = false;
        for (StateChange change : changes) {
            if (!change.connectionId().equals(connectionId)) {
                continue;
            }
            if (change.state() == ConnectionState.DISCONNECTED) {
                down = true;
            } else if (down && change.state() == ConnectionState.STREAMING) {
                return true;
            }
        }
        return false;
    }
}
