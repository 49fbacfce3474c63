package com.tickstock.console.manager;

import static com.tickstock.console.manager.ManagerTestSupport.WAIT;
import static com.tickstock.console.manager.ManagerTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnection;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing the manager closes its connections at once, on threads of its own, never the common ForkJoinPool's. */
class ManagerCloseIT {

    /** How long a connection's disconnect is held up waiting for the others to be closing too. */
    private static final long HOLD_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private SimulatorServer sim;
    private ConnectionManager manager;

    @AfterEach
    void tearDown() {
        ManagerTestSupport.closeBoth(manager, sim);
    }

    @Test
    void theConnectionsCloseTogetherEachOnItsOwnThreadOutsideTheCommonPool() throws Exception {
        sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(SimulatorConfig.DEV_API_KEY)
                .eventsPerSecond(100).eventsPerFrame(5).build());
        manager = new ConnectionManager(List.of(
                spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("AAPL")),
                spec(sim, 2, SimulatorConfig.DEV_API_KEY, List.of("JPM")),
                spec(sim, 3, SimulatorConfig.DEV_API_KEY, List.of("XOM"))), Set.of(EventType.TRADE), 10);
        manager.connect();
        assertThat(manager.awaitSettled(WAIT)).allSatisfy((id, s) -> assertThat(s).isEqualTo(ConnectionState.STREAMING));

        // A close first disconnects, and waits for that on the connection's control thread. Hold each
        // disconnect (on its control thread, in the state listener) until all three connections are
        // disconnecting (or a few seconds passed), note which threads are closing connections, and
        // hold on until every listener has looked: while any is held, its connection's closer waits.
        CountDownLatch allDisconnecting = new CountDownLatch(3);
        CountDownLatch allLooked = new CountDownLatch(3);
        Map<String, Set<Thread>> closingSeenBy = new ConcurrentHashMap<>();
        manager.addStateListener(new ConnectionListener() {
            @Override
            public void onStateChange(StateChange change) {
                if (change.state() == ConnectionState.DISCONNECTED && change.cause() == Cause.OPERATOR) {
                    meet(allDisconnecting);
                    closingSeenBy.put(change.connectionId(), closingThreads());
                    meet(allLooked);
                }
            }
        });

        manager.close();

        assertThat(closingSeenBy).containsOnlyKeys("connection_1", "connection_2", "connection_3");
        closingSeenBy.forEach((id, closing) -> {
            List<String> names = closing.stream().map(Thread::getName).sorted().toList();
            assertThat(closing).as("threads closing connections while " + id + " disconnected: " + names)
                    .noneMatch(t -> t instanceof ForkJoinWorkerThread)
                    .hasSize(3);
        });
    }

    private static void meet(CountDownLatch others) {
        others.countDown();
        try {
            others.await(HOLD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The threads inside {@link FeedConnection#close()} now. */
    private static Set<Thread> closingThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(frame ->
                        frame.getClassName().equals(FeedConnection.class.getName()) && frame.getMethodName().equals("close")))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
