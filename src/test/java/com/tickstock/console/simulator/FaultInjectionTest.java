package com.tickstock.console.simulator;

import com.tickstock.console.feed.EventType;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static com.tickstock.console.simulator.StatusTexts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FaultInjectionTest extends SimulatorTestSupport {

    private static final int ABNORMAL_CLOSURE = 1006;

    private SimulatorServer sim;

    private TestClient streamingClient() throws Exception {
        if (sim == null) {
            sim = start(SimulatorConfig.builder().eventsPerSecond(2_000));
        }
        TestClient client = authenticated(sim);
        client.subscribe("T.AAPL,Q.AAPL");
        await().atMost(WAIT).until(() -> client.dataCount() >= 20);
        return client;
    }

    private static void done(CompletableFuture<Void> fault) throws Exception {
        fault.get(30, TimeUnit.SECONDS);
    }

    @Test
    void abruptDropClosesTheSocketWithoutACloseFrame() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);

        done(server.dropAbruptly());

        CloseReason reason = client.awaitClosed();
        assertThat(reason.getCloseCode().getCode()).isEqualTo(ABNORMAL_CLOSURE);
        assertThat(server.disconnectCause()).contains(SimConnection.DisconnectCause.DROPPED);
        // A FIN comes after all data: nothing written was lost.
        assertThat(client.dataCount()).isEqualTo(server.counters().dataEvents());
        assertThat((long) client.frames().size()).isEqualTo(server.counters().frames());
    }

    @Test
    void resetDropsTheSocketWithoutACloseFrame() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);

        done(server.resetAbruptly());

        assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(ABNORMAL_CLOSURE);
        assertThat(server.disconnectCause()).contains(SimConnection.DisconnectCause.RESET);
    }

    @Test
    void cleanCloseSendsACloseFrameWithTheGivenCode() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);

        done(server.closeCleanly());

        assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_NORMAL);
        assertThat(server.disconnectCause()).contains(SimConnection.DisconnectCause.CLEAN_CLOSE);
    }

    @Test
    void cleanCloseCanCarryAnyCodeAndReason() throws Exception {
        TestClient client = streamingClient();

        done(sim.connection(1).closeCleanly(CLOSE_GOING_AWAY, "maintenance"));

        CloseReason reason = client.awaitClosed();
        assertThat(reason.getCloseCode().getCode()).isEqualTo(CLOSE_GOING_AWAY);
        assertThat(reason.getReasonPhrase()).isEqualTo("maintenance");
    }

    @Test
    void malformedFrameIsSentAndTheStreamGoesOn() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);

        done(server.sendMalformedFrame());

        await().atMost(WAIT).until(() -> client.malformedFrames() == 1);
        long after = client.dataCount();
        await().atMost(WAIT).until(() -> client.dataCount() > after + 10);
        assertThat(server.counters().malformedFrames()).isEqualTo(1);
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void unknownEventTypeArrivesAlongsideData() throws Exception {
        sim = start(SimulatorConfig.builder().unlimitedRate()); // data is always ready to share the frame
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);

        done(server.sendUnknownEvent());

        await().atMost(WAIT).until(() -> client.count("XYZ") == 1);
        String frame = client.frames().stream().filter(f -> f.contains("\"ev\":\"XYZ\"")).findFirst().orElseThrow();
        assertThat(frame).startsWith("[{\"ev\":\"XYZ\"");
        assertThat(WireEvents.parseFrame(frame)).hasSizeGreaterThan(1);
        assertThat(server.counters().unknownEvents()).isEqualTo(1);
    }

    @Test
    void statusErrorSharesAFrameWithDataWhileStreaming() throws Exception {
        sim = start(SimulatorConfig.builder().unlimitedRate()); // data is always ready to share the frame
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);

        done(server.sendStatusError("internal hiccup"));

        client.awaitStatus(ERROR, "internal hiccup");
        String frame = client.frames().stream().filter(f -> f.contains("internal hiccup")).findFirst().orElseThrow();
        List<Map<String, Object>> events = WireEvents.parseFrame(frame);
        assertThat(events.get(0)).containsEntry("ev", "status").containsEntry("status", ERROR);
        assertThat(events.subList(1, events.size())).isNotEmpty().allMatch(e -> !"status".equals(e.get("ev")));
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void stallStopsAllFramesButPingsAreStillAnswered() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);

        done(server.stall());

        SentCounters sent = server.counters();
        await().atMost(WAIT).until(() -> client.frames().size() == sent.frames());
        long frozen = sent.frames();
        int pongs = client.pongs();
        client.ping();
        await().atMost(WAIT).until(() -> client.pongs() > pongs);
        assertThat(sent.frames()).isEqualTo(frozen);
        assertThat(server.isStalled()).isTrue();
        assertThat(client.isOpen()).isTrue();

        done(server.resume());

        await().atMost(WAIT).until(() -> client.frames().size() > frozen + 5);
    }

    @Test
    void silenceStopsFramesAndPongsUntilResumed() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);

        done(server.silence());

        int pongs = client.pongs();
        client.ping();
        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> client.pongs() == pongs);
        assertThat((long) client.frames().size()).isEqualTo(server.counters().frames());

        done(server.resume());

        await().atMost(WAIT).until(() -> client.pongs() > pongs);
        long frames = client.frames().size();
        await().atMost(WAIT).until(() -> client.frames().size() > frames + 5);
    }

    @Test
    void aSilencedConnectionCanStillBeDroppedOrClosed() throws Exception {
        TestClient dropped = streamingClient();
        TestClient closed = streamingClient();
        done(sim.connection(1).silence());
        done(sim.connection(2).silence());
        dropped.ping();
        closed.ping();

        done(sim.connection(1).dropAbruptly());
        done(sim.connection(2).closeCleanly());

        assertThat(dropped.awaitClosed().getCloseCode().getCode()).isEqualTo(ABNORMAL_CLOSURE);
        assertThat(closed.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_NORMAL);
    }

    @Test
    void theRateOfOneConnectionCanBeChangedWhileItStreams() throws Exception {
        TestClient slow = streamingClient();
        TestClient fast = streamingClient();

        done(sim.connection(1).setRate(20));
        done(sim.connection(2).setRate(0));

        long slowStart = slow.dataCount();
        long fastStart = fast.dataCount();
        await().atMost(WAIT).until(() -> fast.dataCount() >= fastStart + 20_000);
        assertThat(slow.dataCount() - slowStart).isLessThan(fast.dataCount() - fastStart);
        assertThat(slow.isOpen()).isTrue();
    }

    @Test
    void actionsSentDuringAStallAreAnsweredInOrderAfterResume() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);
        done(server.stall());

        client.subscribe("T.MSFT");
        client.unsubscribe("Q.AAPL");
        await().atMost(WAIT).until(() -> server.clientMessagesReceived() >= 4);
        assertThat(client.statusCount(SUCCESS)).isEqualTo(2);

        done(server.resume());

        client.awaitStatus(SUCCESS, "unsubscribed to: Q.AAPL");
        List<String> acks = client.statuses().stream().map(e -> (String) e.get("message"))
                .filter(m -> m.contains("subscribed to")).toList();
        assertThat(acks).containsExactly("subscribed to: T.AAPL", "subscribed to: Q.AAPL",
                "subscribed to: T.MSFT", "unsubscribed to: Q.AAPL");
    }

    @Test
    void slowConsumerSendsItsStatusThenClosesWithPolicyViolation() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);

        done(server.slowConsumer());

        client.awaitStatus(SLOW_CONSUMER, SLOW_CONSUMER_MESSAGE);
        assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_POLICY_VIOLATION);
        assertThat(server.disconnectCause()).contains(SimConnection.DisconnectCause.SLOW_CONSUMER);
    }

    @Test
    void forceDisconnectSendsItsStatusThenClosesWithPolicyViolation() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);

        done(server.forceDisconnect());

        client.awaitStatus(FORCE_DISCONNECT, FORCE_DISCONNECT_MESSAGE);
        assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_POLICY_VIOLATION);
        assertThat(server.disconnectCause()).contains(SimConnection.DisconnectCause.FORCE_DISCONNECT);
    }

    @Test
    void faultsHitOnlyTheTargetedConnection() throws Exception {
        TestClient first = streamingClient();
        TestClient second = streamingClient();
        List<SimConnection> servers = sim.awaitSubscribed(2, WAIT);
        assertThat(servers).extracting(SimConnection::id).containsExactly(1, 2);

        done(servers.get(1).dropAbruptly());

        second.awaitClosed();
        long before = first.dataCount();
        await().atMost(WAIT).until(() -> first.dataCount() > before + 20);
        assertThat(first.isOpen()).isTrue();
        assertThat(servers.get(0).isOpen()).isTrue();
    }

    @Test
    void rawFramesAreSentVerbatim() throws Exception {
        TestClient client = streamingClient();

        done(sim.connection(1).sendRawFrame("[{\"ev\":\"status\",\"status\":\"custom\",\"message\":\"hi\"}]"));

        client.awaitStatus("custom", "hi");
    }

    @Test
    void aFaultOnAClosedConnectionFails() throws Exception {
        TestClient client = streamingClient();
        SimConnection server = sim.connection(1);
        done(server.closeCleanly());
        client.awaitClosed();
        server.awaitClosed(WAIT);

        assertThatThrownBy(() -> server.stall().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void slowConsumerTimeoutDisconnectsAClientThatStopsReading() throws Exception {
        sim = start(SimulatorConfig.builder().unlimitedRate().eventsPerFrame(100)
                .slowConsumerTimeout(Duration.ofMillis(500)));
        // The stuck client: its only message handler blocks, so Tyrus stops reading the socket.
        CountDownLatch release = new CountDownLatch(1);
        Session stuck = stuckSubscriber(release);
        try {
            SimConnection server = sim.awaitConnection(1, WAIT);

            server.awaitClosed(Duration.ofSeconds(60));

            assertThat(server.disconnectCause()).contains(SimConnection.DisconnectCause.SLOW_CONSUMER);
            assertThat(server.counters().events(EventType.TRADE)).isPositive();
        } finally {
            release.countDown();
            stuck.close();
        }
    }

    @Test
    void pingTimeoutDropsAClientThatAnswersNothingAndKeepsOneThatPongs() throws Exception {
        // 100 events/s: the socket buffers never fill, so only the ping timeout can notice the stuck client.
        sim = start(SimulatorConfig.builder().eventsPerSecond(100).pingTimeout(Duration.ofSeconds(1)));
        TestClient healthy = authenticated(sim);
        healthy.subscribe("T.AAPL,Q.AAPL");
        SimConnection healthyOnServer = sim.awaitConnection(1, WAIT);
        // The stuck client: its message handler blocks, so Tyrus reads nothing more and answers no ping, as a
        // SIGSTOPped process would.
        CountDownLatch release = new CountDownLatch(1);
        Session stuck = stuckSubscriber(release);
        try {
            SimConnection stuckOnServer = sim.awaitConnection(2, WAIT);

            stuckOnServer.awaitClosed(Duration.ofSeconds(60));

            assertThat(stuckOnServer.disconnectCause()).contains(SimConnection.DisconnectCause.SLOW_CONSUMER);
            // The healthy client answers pings: it keeps streaming for three more timeouts (300 events at 100/s).
            long before = healthy.dataCount();
            await().atMost(WAIT).until(() -> healthy.dataCount() >= before + 300);
            assertThat(healthyOnServer.disconnectCause()).isEmpty();
        } finally {
            release.countDown();
            stuck.close();
        }
    }

    /**
     * A client that authenticates, subscribes to every trade and quote, and then reads nothing more until
     * {@code release} counts down: its only message handler blocks on the subscription's confirmation, so Tyrus stops
     * reading the socket.
     */
    private Session stuckSubscriber(CountDownLatch release) throws Exception {
        Session stuck = clientManager.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig c) {
                s.addMessageHandler(String.class, text -> {
                    if (text.contains("subscribed to")) {
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }
        }, ClientEndpointConfig.Builder.create().build(), sim.url());
        try {
            stuck.getBasicRemote().sendText("{\"action\":\"auth\",\"params\":\"" + SimulatorConfig.DEV_API_KEY + "\"}");
            stuck.getBasicRemote().sendText("{\"action\":\"subscribe\",\"params\":\"T.*,Q.*\"}");
            return stuck;
        } catch (IOException | RuntimeException e) {
            stuck.close();
            throw e;
        }
    }
}
