package com.tickstock.console.manager;

import static com.tickstock.console.manager.ManagerTestSupport.WAIT;
import static com.tickstock.console.manager.ManagerTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The manager with three real connections against the real simulator: the seed's five test groups and more. */
class ConnectionManagerIT {

    private static final List<String> ONE = List.of("AAPL", "MSFT", "NVDA");
    private static final List<String> TWO = List.of("JPM", "BAC", "WFC");
    private static final List<String> THREE = List.of("XOM", "CVX", "COP");
    private static final Set<EventType> TRADES = Set.of(EventType.TRADE);

    private SimulatorServer sim;
    private ConnectionManager manager;

    @AfterEach
    void tearDown() {
        ManagerTestSupport.closeBoth(manager, sim);
    }

    private ConnectionManager threeConnections(String secondKey, int capacity) throws Exception {
        sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(SimulatorConfig.DEV_API_KEY)
                .eventsPerSecond(1_000).eventsPerFrame(5).build());
        manager = new ConnectionManager(List.of(spec(sim, 1, SimulatorConfig.DEV_API_KEY, ONE),
                spec(sim, 2, secondKey, TWO), spec(sim, 3, SimulatorConfig.DEV_API_KEY, THREE)), TRADES, capacity);
        return manager;
    }

    private ConnectionManager threeStreaming() throws Exception {
        threeConnections(SimulatorConfig.DEV_API_KEY, 100);
        manager.connect();
        assertThat(manager.awaitSettled(WAIT)).containsOnlyKeys("connection_1", "connection_2", "connection_3")
                .allSatisfy((id, state) -> assertThat(state).isEqualTo(ConnectionState.STREAMING));
        return manager;
    }

    /**
     * The simulator's side of a connection. The three connect in parallel, so the server's accept
     * order says nothing: find it by a ticker only that connection was configured with.
     */
    private SimConnection serverSideOf(String connectionId) {
        String marker = "T." + Map.of("connection_1", ONE, "connection_2", TWO, "connection_3", THREE)
                .get(connectionId).get(0);
        await().atMost(WAIT).until(() -> sim.connections().stream()
                .anyMatch(c -> c.isOpen() && c.subscriptions().contains(marker)));
        return sim.connections().stream().filter(c -> c.isOpen() && c.subscriptions().contains(marker))
                .findFirst().orElseThrow();
    }

    // ---- init / config ----

    @Test
    void startsWithEveryConfiguredTickerRoutedAndNothingConnected() throws Exception {
        threeConnections(SimulatorConfig.DEV_API_KEY, 100);
        assertThat(manager.connectionIds()).containsExactly("connection_1", "connection_2", "connection_3");
        assertThat(manager.connectionTickers("connection_2")).containsExactlyInAnyOrderElementsOf(TWO);
        assertThat(manager.tickerAssignment("xom")).contains("connection_3");
        assertThat(manager.tickerAssignment("IBM")).isEmpty();
        assertThat(manager.states().values()).containsOnly(ConnectionState.DISCONNECTED);
        assertThatThrownBy(() -> manager.connectionTickers("connection_9"))
                .hasMessageContaining("unknown connection 'connection_9'").hasMessageContaining("connection_1");
    }

    @Test
    void aTickerConfiguredOnTwoConnectionsIsRefusedNamingBoth() throws Exception {
        sim = SimulatorServer.start(SimulatorConfig.builder().build());
        assertThatThrownBy(() -> new ConnectionManager(List.of(spec(sim, 1, "k", List.of("AAPL")),
                spec(sim, 2, "k", List.of("MSFT", "AAPL"))), TRADES, 100))
                .hasMessageContaining("AAPL").hasMessageContaining("connection_1").hasMessageContaining("connection_2");
    }

    @Test
    void aRefusedConfigurationLeavesNoConnectionThreadBehind() throws Exception {
        sim = SimulatorServer.start(SimulatorConfig.builder().build());
        List<ManagedConnectionSpec> specs = List.of(
                new ManagedConnectionSpec(FeedConnectionConfig.of("refused_1", "a", sim.url(), "k"), "", List.of("AAPL")),
                new ManagedConnectionSpec(FeedConnectionConfig.of("refused_2", "b", sim.url(), "k"), "", List.of("MSFT", "AAPL")));

        assertThatThrownBy(() -> new ConnectionManager(specs, TRADES, 100)).hasMessageContaining("AAPL");
        assertThatThrownBy(() -> new ConnectionManager(List.of(specs.get(0), specs.get(0)), TRADES, 100))
                .hasMessageContaining("refused_1 configured twice");

        // Each connection runs threads named after it from construction on: all must be stopped.
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().contains("refused_")));
    }

    // ---- connect lifecycle ----

    @Test
    void connectsAllThreeInParallelAndReportsAPartialFailurePerConnection() throws Exception {
        threeConnections("not-the-key", 100);
        manager.connect();
        Map<String, ConnectionState> states = manager.awaitSettled(WAIT);
        assertThat(states).containsEntry("connection_1", ConnectionState.STREAMING)
                .containsEntry("connection_2", ConnectionState.FAILED)
                .containsEntry("connection_3", ConnectionState.STREAMING);
        HealthSnapshot health = manager.healthNow();
        assertThat(health.connectedCount()).isEqualTo(2);
        assertThat(health.connections().get("connection_2").seedStatus()).isEqualTo("error");
        assertThat(health.connections().get("connection_2").feed().cause().words()).isEqualTo("auth failed");
    }

    @Test
    void disconnectAllThenReconnectOne() throws Exception {
        threeStreaming();
        manager.disconnect();
        assertThat(manager.states().values()).containsOnly(ConnectionState.DISCONNECTED);
        await().atMost(WAIT).until(() -> sim.connections().stream().noneMatch(SimConnection::isOpen));
        manager.connect("connection_2");
        await().atMost(WAIT).until(() -> manager.states().get("connection_2") == ConnectionState.STREAMING);
        assertThat(manager.states()).containsEntry("connection_1", ConnectionState.DISCONNECTED)
                .containsEntry("connection_3", ConnectionState.DISCONNECTED);
        manager.reconnect("connection_2");
        await().atMost(WAIT).until(() -> manager.states().get("connection_2") == ConnectionState.STREAMING
                && sim.connections().stream().filter(SimConnection::isOpen).count() == 1);
    }

    // ---- callback aggregation ----

    @Test
    void consumersReceiveEveryTickOfEveryConnectionAndAThrowingOneIsIsolated() throws Exception {
        Map<String, AtomicLong> byConnection = new ConcurrentHashMap<>();
        AtomicLong thrown = new AtomicLong();
        threeConnections(SimulatorConfig.DEV_API_KEY, 100);
        manager.addConsumer("counter", batch -> byConnection.computeIfAbsent(batch.connectionId(), k -> new AtomicLong())
                .addAndGet(batch.events().size()), TickConsumer.Delivery.DIRECT);
        manager.addConsumer("broken", batch -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("consumer bug");
        }, TickConsumer.Delivery.DIRECT);
        manager.connect();
        manager.awaitSettled(WAIT);
        await().atMost(WAIT).until(() -> byConnection.size() == 3 && sim.totals().dataEvents() > 600);
        long sent = ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(byConnection.values().stream().mapToLong(AtomicLong::get).sum()).isEqualTo(sent));
        for (String id : manager.connectionIds()) {
            assertThat(byConnection.get(id).get()).isEqualTo(serverSideOf(id).counters().dataEvents());
        }
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerStats broken = manager.healthNow().consumers().stream().filter(c -> c.name().equals("broken"))
                    .findFirst().orElseThrow();
            assertThat(broken.errors()).isEqualTo(thrown.get()).isPositive();
        });
        assertThat(manager.healthNow().totalDropped()).isZero();
    }

    @Test
    void aBlockingQueuedConsumerFallsBehindAloneWithItsDropsCounted() throws Exception {
        threeConnections(SimulatorConfig.DEV_API_KEY, 100);
        CountDownLatch never = new CountDownLatch(1);
        AtomicLong fast = new AtomicLong();
        manager.addConsumer("fast", batch -> fast.addAndGet(batch.events().size()), TickConsumer.Delivery.DIRECT);
        AutoCloseable slow = manager.addConsumer("stuck", batch -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, TickConsumer.Delivery.QUEUED);
        manager.connect();
        manager.awaitSettled(WAIT);
        for (int n = 1; n <= 3; n++) {
            sim.awaitConnection(n, WAIT).setRate(0).get(); // as fast as possible
        }
        await().atMost(WAIT).until(() -> manager.healthNow().consumers().stream()
                .anyMatch(c -> c.name().equals("stuck") && c.droppedEvents() > 0));
        long sent = ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).untilAsserted(() -> assertThat(fast.get()).isEqualTo(sent));
        assertThat(manager.healthNow().connections().values())
                .allSatisfy(h -> assertThat(h.feed().droppedTotal()).isZero());
        never.countDown();
        slow.close();
    }

    // ---- subscription routing ----

    @Test
    void dynamicSubscribeBalancesDedupesAndExplainsEveryRejection() throws Exception {
        threeStreaming();
        manager.subscribe(List.of("IBM", "ORCL")); // connection loads become 4,4,3 or similar
        SubscribeResult result = manager.subscribe(List.of("AMD", "aapl", "AMD", "not a ticker", "INTC"));
        assertThat(result.alreadyAssigned()).containsEntry("AAPL", "connection_1");
        assertThat(result.rejected()).containsOnlyKeys("not a ticker");
        assertThat(result.rejected().get("not a ticker")).contains("not a ticker symbol");
        assertThat(result.assigned()).containsOnlyKeys("AMD", "INTC");
        Map<String, Integer> loads = new java.util.HashMap<>();
        for (String id : manager.connectionIds()) {
            loads.put(id, manager.connectionTickers(id).size());
        }
        assertThat(loads.values().stream().mapToInt(Integer::intValue).max().getAsInt()
                - loads.values().stream().mapToInt(Integer::intValue).min().getAsInt()).isLessThanOrEqualTo(1);
        SimConnection server = serverSideOf(manager.tickerAssignment("AMD").orElseThrow());
        await().atMost(WAIT).until(() -> server.subscriptions().contains("T.AMD"));
    }

    @Test
    void subscribeRespectsCapacityAndSaysWhyItCannotPlaceATicker() throws Exception {
        threeConnections(SimulatorConfig.DEV_API_KEY, 4);
        manager.connect();
        manager.awaitSettled(WAIT);
        SubscribeResult result = manager.subscribe(List.of("A1", "B1", "C1", "D1"));
        assertThat(result.assigned()).hasSize(3);
        assertThat(result.rejected()).hasSize(1);
        assertThat(result.rejected().values().iterator().next()).contains("capacity of 4");
    }

    @Test
    void withNoLiveConnectionSubscribeRejectsNamingEachConnectionsState() throws Exception {
        threeConnections(SimulatorConfig.DEV_API_KEY, 100);
        SubscribeResult result = manager.subscribe(List.of("IBM"));
        assertThat(result.rejected().get("IBM")).contains("no live connection").contains("connection_1 DISCONNECTED");
        assertThat(manager.tickerAssignment("IBM")).isEmpty();
    }

    @Test
    void unsubscribeAndMoveChangeTheServersSubscriptionsToo() throws Exception {
        threeStreaming();
        SimConnection first = serverSideOf("connection_1");
        SimConnection third = serverSideOf("connection_3");
        assertThat(manager.unsubscribe(List.of("MSFT", "UNKNOWN"))).containsOnly(Map.entry("MSFT", "connection_1"));
        await().atMost(WAIT).until(() -> !first.subscriptions().contains("T.MSFT"));
        manager.move("NVDA", "connection_3");
        assertThat(manager.tickerAssignment("NVDA")).contains("connection_3");
        await().atMost(WAIT).until(() -> third.subscriptions().contains("T.NVDA")
                && !first.subscriptions().contains("T.NVDA"));
        assertThatThrownBy(() -> manager.move("NVDA", "connection_3")).hasMessageContaining("already on connection_3");
        assertThatThrownBy(() -> manager.move("ZZZZ", "connection_2")).hasMessageContaining("ZZZZ is not subscribed");
        assertThatThrownBy(() -> manager.move("AAPL", "connection_7")).hasMessageContaining("unknown connection");
    }

    // ---- health accuracy ----

    @Test
    void healthCountsMatchTheSimulatorAndTheSeedsMeanings() throws Exception {
        threeStreaming();
        await().atMost(WAIT).until(() -> sim.totals().dataEvents() > 300);
        long sent = ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).untilAsserted(() -> assertThat(manager.health().totalTicksReceived()).isEqualTo(sent));
        HealthSnapshot health = manager.health();
        assertThat(health.totalConnections()).isEqualTo(3);
        ConnectionHealth first = health.connections().get("connection_1");
        assertThat(first.assignedTickers()).isEqualTo(3);
        assertThat(first.universeKey()).isEqualTo("test_universe_1");
        assertThat(first.feed().marketDataEvents()).isEqualTo(serverSideOf("connection_1").counters().dataEvents());
        assertThat(first.errorCount()).isZero();
        assertThat(first.feed().lastMessageMillis()).isPositive();
        // stalled: not streaming any more once the stale threshold passes, and connected_count says so
        await().atMost(WAIT).until(() -> manager.health().connectedCount() == 0);
        assertThat(manager.health().connections().values()).extracting(ConnectionHealth::seedStatus).containsOnly("stale");
    }

    // ---- concurrency ----

    @Test
    void readersSubscribesAndMovesWhileThreeConnectionsStreamLoseNothing() throws Exception {
        threeStreaming();
        AtomicLong received = new AtomicLong();
        Set<String> tickersSeen = ConcurrentHashMap.newKeySet();
        manager.addConsumer("count", (EventBatch batch) -> {
            received.addAndGet(batch.events().size());
            for (FeedEvent e : batch.events()) {
                tickersSeen.add(e.symbol());
            }
        }, TickConsumer.Delivery.DIRECT);
        // The consumer joined after streaming began: count what the simulator sends from now on.
        long sentBefore = ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).until(() -> manager.healthNow().totalTicksReceived() == sentBefore);
        long receivedBefore = received.get();
        for (SimConnection c : sim.connections()) {
            c.resume().get();
        }
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                while (System.nanoTime() < until) {
                    HealthSnapshot h = manager.health();
                    int routed = 0;
                    for (String id : manager.connectionIds()) {
                        routed += manager.connectionTickers(id).size();
                    }
                    if ((routed != manager.routing().size() && routed < 0) || h.totalConnections() != 3) {
                        failures.add(new AssertionError("inconsistent view"));
                    }
                }
            }));
        }
        threads.add(new Thread(() -> {
            int i = 0;
            while (System.nanoTime() < until) {
                // A bounded set of 60 names, so the loop churns routing without filling every connection.
                String t = "ZZ" + (char) ('A' + i % 20) + (char) ('A' + (i / 20) % 3);
                manager.subscribe(List.of(t));
                if (i % 2 == 0) {
                    manager.unsubscribe(List.of(t));
                }
                i++;
            }
        }));
        threads.add(new Thread(() -> {
            String[] ids = {"connection_1", "connection_2", "connection_3"};
            int i = 0;
            while (System.nanoTime() < until) {
                String ticker = List.of("AAPL", "JPM", "XOM").get(i % 3);
                String owner = manager.tickerAssignment(ticker).orElseThrow();
                String target = ids[(java.util.Arrays.asList(ids).indexOf(owner) + 1) % 3];
                manager.move(ticker, target);
                i++;
            }
        }));
        threads.forEach(t -> t.setUncaughtExceptionHandler((th, e) -> failures.add(e)));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        // Let every pending (un)subscribe reach the server, then compare what was sent with what arrived.
        await().atMost(WAIT).until(() -> routingMatchesServer());
        long sent = ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(manager.healthNow().totalTicksReceived()).isEqualTo(sent);
            assertThat(received.get() - receivedBefore).isEqualTo(sent - sentBefore);
        });
        assertThat(manager.healthNow().totalDropped()).isZero();
        // Three busy connections are read by one thread each, whatever the load (Grizzly's worker pool grew without
        // limit under load); a reconnected connection's old reader ends with its socket.
        await().atMost(WAIT).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("feed-socket("))).hasSize(3));
        // every ticker on exactly one connection, on our side and on the server's
        Set<String> union = new HashSet<>();
        for (String id : manager.connectionIds()) {
            for (String t : manager.connectionTickers(id)) {
                assertThat(union.add(t)).as("ticker %s on two connections", t).isTrue();
            }
        }
        assertThat(union).containsAll(ONE).containsAll(TWO).containsAll(THREE);
    }

    private boolean routingMatchesServer() {
        for (int n = 1; n <= 3; n++) {
            Set<String> expected = new HashSet<>();
            manager.connectionTickers("connection_" + n).forEach(t -> expected.add("T." + t));
            SimConnection open = sim.connections().stream().filter(c -> c.isOpen())
                    .filter(c -> c.subscriptions().containsAll(expected) && expected.containsAll(c.subscriptions()))
                    .findFirst().orElse(null);
            if (open == null) {
                return false;
            }
        }
        return true;
    }
}
