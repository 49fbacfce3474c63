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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One real feed connection against the real simulator over loopback WebSockets. */
class FeedConnectionIT {

    private SimulatorServer sim;
    private FeedConnection connection;
    private final Recorder recorder = new Recorder();

    @AfterEach
    void tearDown() {
        FeedTestSupport.closeBoth(connection, sim);
    }

    private FeedConnection start(SimulatorConfig.Builder simConfig, FeedConnectionConfig clientConfig) {
        if (sim == null) {
            sim = FeedTestSupport.simulator(simConfig);
        }
        connection = new FeedConnection(clientConfig);
        connection.addListener(recorder);
        return connection;
    }

    private FeedConnection startDefault() {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().eventsPerSecond(2_000).eventsPerFrame(5));
        return start(null, config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY));
    }

    private void awaitState(ConnectionState state) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(connection.state()).isEqualTo(state));
    }

    @Test
    void walksConnectingAuthenticatingSubscribingToStreaming() {
        startDefault();
        connection.subscribe(trades("AAPL", "MSFT"));
        connection.connect();
        awaitState(ConnectionState.STREAMING);
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() > 50);
        assertThat(recorder.states()).startsWith(ConnectionState.CONNECTING, ConnectionState.AUTHENTICATING,
                ConnectionState.SUBSCRIBING);
        assertThat(recorder.states()).contains(ConnectionState.STREAMING);
        assertThat(connection.subscriptions().values()).extracting(TopicStatus::state)
                .containsOnly(TopicState.CONFIRMED);
        assertThat(connection.snapshot().connectedSince()).isNotNull();
    }

    @Test
    void aClosedGateKeepsTheConnectionFromOpeningASocketUntilItOpens() {
        startDefault();
        java.util.concurrent.atomic.AtomicBoolean leaseHeld = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        connection.gateConnects(() -> {
            asked.incrementAndGet();
            return leaseHeld.get();
        });
        connection.subscribe(trades("AAPL"));
        connection.connect();
        // Refused and retried: the gate was asked again, and the simulator never saw a socket.
        await().atMost(WAIT).until(() -> asked.get() >= 2 && recorder.states().contains(ConnectionState.RECONNECTING));
        assertThat(sim.connections()).isEmpty();

        leaseHeld.set(true);
        awaitState(ConnectionState.STREAMING);
        assertThat(sim.connections()).hasSize(1);
    }

    @Test
    void subscriptionsMadeWhileDisconnectedAreSentOnConnect() {
        startDefault();
        connection.subscribe(trades("NVDA")).join();
        assertThat(connection.subscriptions()).hasSize(1);
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        assertThat(server.subscriptions()).containsExactly("T.NVDA");
    }

    @Test
    void acksOfADynamicSubscribeNeverOverwriteTheStreamingState() {
        startDefault();
        connection.subscribe(trades("AAPL"));
        connection.connect();
        awaitState(ConnectionState.STREAMING);
        int changesBefore = recorder.changes.size();
        connection.subscribe(trades("MSFT", "AMZN", "GOOGL"));
        await().atMost(WAIT).until(() -> connection.subscriptions().values().stream()
                .allMatch(s -> s.state() == TopicState.CONFIRMED) && connection.subscriptions().size() == 4);
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
        assertThat(recorder.changes.subList(changesBefore, recorder.changes.size())).isEmpty();
        connection.unsubscribe(trades("MSFT"));
        SimConnection server = sim.connection(1);
        await().atMost(WAIT).until(() -> !server.subscriptions().contains("T.MSFT"));
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
    }

    @Test
    void everyEventTheSimulatorSentIsReceivedAndDelivered() throws Exception {
        startDefault();
        connection.subscribe(trades("AAPL", "MSFT", "JPM"));
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        await().atMost(WAIT).until(() -> server.counters().dataEvents() > 500);
        server.stall().get(10, TimeUnit.SECONDS);
        long sent = server.counters().dataEvents();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(connection.snapshot().marketDataEvents()).isEqualTo(sent);
            assertThat(recorder.events.get()).isEqualTo(sent);
        });
        assertThat(connection.snapshot().events(EventType.TRADE)).isEqualTo(server.counters().events(EventType.TRADE));
        assertThat(connection.snapshot().sequenceGaps()).isZero();
        assertThat(connection.snapshot().droppedTotal()).isZero();
        assertThat(connection.snapshot().lagMsP99()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void resubscribesAfterAnAbruptDropAndCountsReconcileWithTheSimulator() throws Exception {
        startDefault();
        List<Topic> topics = trades("AAPL", "MSFT", "TSLA");
        connection.subscribe(topics);
        connection.connect();
        SimConnection first = sim.awaitSubscribed(1, WAIT).get(0);
        await().atMost(WAIT).until(() -> first.counters().dataEvents() > 200);
        // Stall first so every frame already written is known to have arrived: then the drop loses nothing.
        first.stall().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() == first.counters().dataEvents());
        first.dropAbruptly().get(10, TimeUnit.SECONDS);

        SimConnection second = sim.awaitConnection(2, WAIT);
        second.awaitSubscriptions(3, WAIT);
        assertThat(second.subscriptions()).containsExactlyInAnyOrder("T.AAPL", "T.MSFT", "T.TSLA");
        awaitState(ConnectionState.STREAMING);
        await().atMost(WAIT).until(() -> second.counters().dataEvents() > 200);
        second.stall().get(10, TimeUnit.SECONDS);
        long sent = first.counters().dataEvents() + second.counters().dataEvents();
        await().atMost(WAIT).untilAsserted(() -> assertThat(connection.snapshot().marketDataEvents()).isEqualTo(sent));
        await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.events.get()).isEqualTo(sent));
        assertThat(recorder.saw(ConnectionState.RECONNECTING, Cause.DROPPED)).isTrue();
        assertThat(connection.snapshot().reconnects()).isEqualTo(1);
        assertThat(sim.connections()).hasSize(2); // exactly one reconnect loop for one failure
    }

    @Test
    void aCleanServerCloseReconnects() throws Exception {
        startDefault();
        connection.subscribe(trades("AAPL"));
        connection.connect();
        sim.awaitSubscribed(1, WAIT).get(0).closeCleanly().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorder.saw(ConnectionState.RECONNECTING, Cause.SERVER_CLOSED));
        sim.awaitConnection(2, WAIT).awaitSubscriptions(1, WAIT);
        awaitState(ConnectionState.STREAMING);
    }

    @Test
    void authFailureGoesFailedAtOnceWithoutRetrying() {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder());
        start(null, config("connection_1", sim.url(), "wrong-key"));
        connection.subscribe(trades("AAPL"));
        connection.connect();
        awaitState(ConnectionState.FAILED);
        assertThat(connection.snapshot().cause()).isEqualTo(Cause.AUTH_FAILED);
        assertThat(connection.snapshot().cause().words()).isEqualTo("auth failed");
        assertThat(connection.snapshot().detail()).contains("authentication failed");
        assertThat(sim.connections()).hasSize(1);
        assertThat(recorder.states()).doesNotContain(ConnectionState.RECONNECTING);
        assertThat(connection.snapshot().toString()).doesNotContain("wrong-key");
    }

    @Test
    void connectingToNothingKeepsRetryingAtTheCapAfterTheConfiguredQuickRetries() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        FeedConnectionConfig cfg = config("connection_1", java.net.URI.create("ws://127.0.0.1:" + port + "/stocks"), "k")
                .withReconnect(FeedTestSupport.FAST_RETRIES.withMaxRetries(2));
        connection = new FeedConnection(cfg);
        connection.addListener(recorder);
        connection.connect();
        await().atMost(WAIT).until(() -> recorder.changes.stream()
                .filter(c -> c.state() == ConnectionState.RECONNECTING).count() >= 5);
        assertThat(recorder.states()).doesNotContain(ConnectionState.FAILED);
        assertThat(recorder.changes.stream().filter(c -> c.state() == ConnectionState.RECONNECTING))
                .extracting(StateChange::attempt).startsWith(1, 2, 3, 4, 5);
        assertThat(recorder.changes.stream().filter(c -> c.state() == ConnectionState.RECONNECTING))
                .allSatisfy(c -> assertThat(c.cause()).isEqualTo(Cause.CONNECT_FAILED))
                .filteredOn(c -> c.attempt() > 2)
                .allSatisfy(c -> {
                    assertThat(c.nextDelay()).isEqualTo(FeedTestSupport.FAST_RETRIES.maxDelay());
                    assertThat(c.detail()).contains("still retrying every 0.2 s after 2 quick retries");
                });
    }

    @Test
    void aStalledFeedGoesStaleAndRecoversWhenDataResumes() throws Exception {
        startDefault();
        connection.subscribe(trades("AAPL", "MSFT"));
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        awaitState(ConnectionState.STREAMING);
        server.stall().get(10, TimeUnit.SECONDS);
        awaitState(ConnectionState.STALE);
        assertThat(connection.snapshot().cause()).isEqualTo(Cause.NO_DATA);
        server.resume().get(10, TimeUnit.SECONDS);
        awaitState(ConnectionState.STREAMING);
        assertThat(recorder.saw(ConnectionState.STREAMING, Cause.DATA_RESUMED)).isTrue();
        assertThat(sim.connections()).hasSize(1); // pings were answered: no reconnect for a quiet feed
    }

    @Test
    void aSilentPeerIsDetectedByKeepaliveAndReplaced() throws Exception {
        startDefault();
        connection.subscribe(trades("AAPL"));
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        server.silence().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorder.saw(ConnectionState.RECONNECTING, Cause.KEEPALIVE_TIMEOUT));
        sim.awaitConnection(2, WAIT).awaitSubscriptions(1, WAIT);
        awaitState(ConnectionState.STREAMING);
    }

    @Test
    void serverDisconnectStatusesAreShownAsTheCause() throws Exception {
        startDefault();
        connection.subscribe(trades("AAPL"));
        connection.connect();
        sim.awaitSubscribed(1, WAIT).get(0).slowConsumer().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorder.saw(ConnectionState.RECONNECTING, Cause.SLOW_CONSUMER));
        sim.awaitConnection(2, WAIT).awaitSubscriptions(1, WAIT);
        sim.connection(2).forceDisconnect().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorder.saw(ConnectionState.RECONNECTING, Cause.SERVER_DISCONNECT));
        sim.awaitConnection(3, WAIT).awaitSubscriptions(1, WAIT);
        awaitState(ConnectionState.STREAMING);
    }

    @Test
    void malformedFramesUnknownEventsAndErrorStatusesAreCountedWithoutDisturbingTheStream() throws Exception {
        startDefault();
        connection.subscribe(trades("AAPL"));
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        awaitState(ConnectionState.STREAMING);
        server.sendMalformedFrame().get(10, TimeUnit.SECONDS);
        server.sendUnknownEvent("XYZ").get(10, TimeUnit.SECONDS);
        server.sendStatusError("not authorized").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot snap = connection.snapshot();
            assertThat(snap.decodeErrors()).isEqualTo(1);
            assertThat(snap.lastDecodeError()).isNotEmpty();
            assertThat(snap.unknownEvents()).isEqualTo(1);
            assertThat(snap.statusErrors()).isEqualTo(1);
            assertThat(snap.lastStatusError()).isEqualTo("not authorized");
        });
        long before = connection.snapshot().marketDataEvents();
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() > before + 50);
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
        assertThat(sim.connections()).hasSize(1);
    }

    @Test
    void aTopicTheServerRefusesIsMarkedRejectedWithItsMessage() {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().notAuthorizedTopics("T.SECRET"));
        start(null, config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY));
        connection.subscribe(trades("AAPL", "SECRET"));
        connection.connect();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
            assertThat(connection.snapshot().statusErrors()).isEqualTo(1);
        });
        assertThat(connection.subscriptions().get(Topic.parse("T.AAPL")).state()).isEqualTo(TopicState.CONFIRMED);
        TopicStatus refused = connection.subscriptions().get(Topic.parse("T.SECRET"));
        assertThat(refused.state()).isEqualTo(TopicState.REJECTED);
        assertThat(refused.serverMessage()).isEqualTo("not authorized");
        assertThat(connection.snapshot().subscriptionsRejected()).isEqualTo(1);
    }

    @Test
    void aConsumerThatFallsBehindCostsCountedDropsNeverTheSocket() throws Exception {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().unlimitedRate().eventsPerFrame(10));
        start(null, config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY).withHandoffCapacity(16));
        CountDownLatch release = new CountDownLatch(1);
        connection.addListener(new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        connection.subscribe(trades("AAPL", "MSFT", "NVDA"));
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        await().atMost(WAIT).until(() -> connection.snapshot().dropped().getOrDefault(DropReason.CONSUMER_BEHIND, 0L) > 1_000);
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
        release.countDown();
        server.stall().get(10, TimeUnit.SECONDS);
        long sent = server.counters().dataEvents();
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot snap = connection.snapshot();
            assertThat(snap.marketDataEvents()).isEqualTo(sent);
            assertThat(connection.deliveredEvents() + snap.droppedTotal()).isEqualTo(sent);
        });
    }

    @Test
    void connectIsIdempotentAndManualReconnectOpensExactlyOneNewSocket() throws Exception {
        startDefault();
        connection.subscribe(trades("AAPL"));
        connection.connect().get(10, TimeUnit.SECONDS);
        connection.connect().get(10, TimeUnit.SECONDS);
        awaitState(ConnectionState.STREAMING);
        connection.connect().get(10, TimeUnit.SECONDS);
        assertThat(sim.connections()).hasSize(1);
        connection.reconnect().get(10, TimeUnit.SECONDS);
        sim.awaitConnection(2, WAIT).awaitSubscriptions(1, WAIT);
        awaitState(ConnectionState.STREAMING);
        sim.connection(1).awaitClosed(WAIT);
        assertThat(sim.connections()).hasSize(2);
        connection.disconnect().get(10, TimeUnit.SECONDS);
        assertThat(connection.state()).isEqualTo(ConnectionState.DISCONNECTED);
        sim.connection(2).awaitClosed(WAIT);
        assertThat(connection.snapshot().cause()).isEqualTo(Cause.OPERATOR);
    }

    @Test
    void aHundredConnectDisconnectCyclesLeakNoThreadOrSocket() throws Exception {
        final int warmUpCycles = 12;
        startDefault();
        connection.subscribe(trades("AAPL"));
        // Warm up: the shared client transport starts its threads on first use, and Tyrus's scheduled executor
        // adds a thread per task it is given until it holds its ten; a few cycles give it those.
        for (int i = 1; i <= warmUpCycles; i++) {
            connection.connect().get(10, TimeUnit.SECONDS);
            awaitState(ConnectionState.STREAMING);
            connection.disconnect().get(10, TimeUnit.SECONDS);
            sim.connection(i).awaitClosed(WAIT);
        }
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 100; i++) {
            connection.connect().get(10, TimeUnit.SECONDS);
            awaitState(ConnectionState.STREAMING);
            connection.disconnect().get(10, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> sim.connections().stream().noneMatch(SimConnection::isOpen));
        // One socket per connect, each authenticated once on the server.
        assertThat(recorder.changes.stream().filter(c -> c.state() == ConnectionState.CONNECTING))
                .hasSize(100 + warmUpCycles);
        assertThat(sim.connections().stream().filter(c -> c.apiKey().isPresent())).hasSize(100 + warmUpCycles);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 4));
    }
}
