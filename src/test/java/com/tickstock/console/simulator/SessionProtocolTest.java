package com.tickstock.console.simulator;

import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tickstock.console.simulator.StatusTexts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionProtocolTest extends SimulatorTestSupport {

    @Test
    void greetsEveryConnectionWithConnectedStatusInItsOwnFrame() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        TestClient client = connect(sim);

        client.awaitStatus(CONNECTED, CONNECTED_MESSAGE);

        assertThat(client.frames().get(0))
                .isEqualTo("[{\"ev\":\"status\",\"status\":\"connected\",\"message\":\"Connected Successfully\"}]");
        assertThat(sim.awaitConnection(1, WAIT).state()).isEqualTo(SimConnection.State.AWAITING_AUTH);
    }

    @Test
    void acceptsAConfiguredKeyWithAuthSuccess() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().apiKeys("key-a", "key-b"));
        TestClient client = connect(sim);
        client.awaitStatus(CONNECTED, null);

        client.auth("key-b");

        client.awaitStatus(AUTH_SUCCESS, AUTH_SUCCESS_MESSAGE);
        SimConnection server = sim.awaitAuthenticated(1, WAIT).get(0);
        assertThat(server.apiKey()).contains("key-b");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void acceptsAnyNonBlankKeyWhenNoKeysAreConfigured() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().acceptAnyKey());
        TestClient client = connect(sim);
        client.awaitStatus(CONNECTED, null);

        client.auth("whatever-key");

        client.awaitStatus(AUTH_SUCCESS, AUTH_SUCCESS_MESSAGE);
    }

    @Test
    void answersAnUnknownKeyWithAuthFailedThenCloses() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        TestClient client = connect(sim);
        client.awaitStatus(CONNECTED, null);

        client.auth("wrong-key");

        client.awaitStatus(AUTH_FAILED, AUTH_FAILED_MESSAGE);
        CloseReason reason = client.awaitClosed();
        assertThat(reason.getCloseCode().getCode()).isEqualTo(CLOSE_POLICY_VIOLATION);
        SimConnection server = sim.connection(1);
        server.awaitClosed(WAIT);
        assertThat(server.disconnectCause()).contains(SimConnection.DisconnectCause.AUTH_FAILED);
    }

    @Test
    void sendsAuthTimeoutThenClosesWhenNoAuthArrives() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().authTimeout(Duration.ofMillis(300)));
        TestClient client = connect(sim);

        client.awaitStatus(AUTH_TIMEOUT, AUTH_TIMEOUT_MESSAGE);

        assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_POLICY_VIOLATION);
        assertThat(client.statuses()).extracting(e -> e.get("status")).containsExactly(CONNECTED, AUTH_TIMEOUT);
        assertThat(sim.connection(1).disconnectCause()).contains(SimConnection.DisconnectCause.AUTH_TIMEOUT);
    }

    @Test
    void refusesSubscribeBeforeAuthAndKeepsTheConnectionOpen() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        TestClient client = connect(sim);
        client.awaitStatus(CONNECTED, null);

        client.subscribe("T.AAPL");

        client.awaitStatus(ERROR, NOT_AUTHENTICATED_MESSAGE);
        assertThat(sim.connection(1).subscriptions()).isEmpty();
        client.auth(SimulatorConfig.DEV_API_KEY);
        client.awaitStatus(AUTH_SUCCESS, null);
        assertThat(client.dataCount()).isZero();
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void answersMalformedClientMessagesWithAnError() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        TestClient client = authenticated(sim);

        client.send("{not json");

        client.awaitStatus(ERROR, INVALID_MESSAGE);
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void acksEverySubscribedItemInItsOwnFrame() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        TestClient client = authenticated(sim);

        client.subscribe("T.AAPL,Q.MSFT,AM.NVDA");

        client.awaitStatusCount(SUCCESS, 3);
        List<String> ackFrames = client.frames().stream().filter(f -> f.contains("subscribed to")).toList();
        assertThat(ackFrames).containsExactly(
                "[{\"ev\":\"status\",\"status\":\"success\",\"message\":\"subscribed to: T.AAPL\"}]",
                "[{\"ev\":\"status\",\"status\":\"success\",\"message\":\"subscribed to: Q.MSFT\"}]",
                "[{\"ev\":\"status\",\"status\":\"success\",\"message\":\"subscribed to: AM.NVDA\"}]");
    }

    @Test
    void toleratesSpacesAfterCommas() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        TestClient client = authenticated(sim);

        client.subscribe("T.AAPL, T.MSFT,  Q.NVDA");

        client.awaitStatusCount(SUCCESS, 3);
        assertThat(messages(client)).contains("subscribed to: T.AAPL", "subscribed to: T.MSFT", "subscribed to: Q.NVDA");
        assertThat(sim.connection(1).subscriptions()).containsExactly("T.AAPL", "T.MSFT", "Q.NVDA");
    }

    @Test
    void sendsOnlyTheSubscribedTopics() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(2_000));
        TestClient client = authenticated(sim);

        client.subscribe("T.AAPL,Q.MSFT");

        await().atMost(WAIT).until(() -> client.count("T") >= 20 && client.count("Q") >= 20);
        for (Map<String, Object> e : dataEvents(client)) {
            assertThat(WireEvents.ev(e) + "." + e.get("sym")).isIn("T.AAPL", "Q.MSFT");
        }
    }

    @Test
    void acksUnsubscribeAndSendsNothingOfThatTopicAfterTheAck() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(2_000));
        TestClient client = authenticated(sim);
        client.subscribe("T.AAPL,T.MSFT");
        await().atMost(WAIT).until(() -> client.count("T", "MSFT") >= 10);

        client.unsubscribe("T.MSFT");

        client.awaitStatus(SUCCESS, "unsubscribed to: T.MSFT");
        long aaplAtAck = client.count("T", "AAPL");
        await().atMost(WAIT).until(() -> client.count("T", "AAPL") >= aaplAtAck + 20);
        List<Map<String, Object>> events = client.events();
        int ack = indexOfStatus(events, "unsubscribed to: T.MSFT");
        assertThat(events.subList(ack, events.size()))
                .noneMatch(e -> "T".equals(e.get("ev")) && "MSFT".equals(e.get("sym")));
        assertThat(sim.connection(1).subscriptions()).containsExactly("T.AAPL");
    }

    @Test
    void wildcardStreamsEverySymbolOfTheMarket() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().unlimitedRate().eventsPerFrame(50));
        TestClient client = authenticated(sim);

        client.subscribe("T.*");

        client.awaitStatus(SUCCESS, "subscribed to: T.*");
        await().atMost(WAIT).until(() -> distinctSymbols(client, "T").size() >= 100);
        assertThat(client.count("Q")).isZero();
        assertThat(distinctSymbols(client, "T")).allMatch(s -> SymbolUniverse.standard().find(s) != null);
    }

    @Test
    void ignoresUnknownPrefixesSilently() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        TestClient client = authenticated(sim);

        client.subscribe("XX.AAPL,T.AAPL,C.EUR-USD,nodot");

        client.awaitStatus(SUCCESS, "subscribed to: T.AAPL");
        await().atMost(WAIT).until(() -> client.count("T", "AAPL") >= 1);
        assertThat(messages(client)).containsExactly(CONNECTED_MESSAGE, AUTH_SUCCESS_MESSAGE, "subscribed to: T.AAPL");
        assertThat(sim.connection(1).subscriptions()).containsExactly("T.AAPL");
    }

    @Test
    void answersATopicOutsideThePlanWithNotAuthorized() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().notAuthorizedTopics("Q.*", "T.TSLA").eventsPerSecond(2_000));
        TestClient client = authenticated(sim);

        client.subscribe("Q.AAPL,T.TSLA,T.AAPL");

        client.awaitStatus(SUCCESS, "subscribed to: T.AAPL");
        List<Map<String, Object>> statuses = client.statuses();
        assertThat(statuses.subList(2, statuses.size()))
                .extracting(e -> e.get("status") + ":" + e.get("message"))
                .containsExactly("error:not authorized", "error:not authorized", "success:subscribed to: T.AAPL");
        await().atMost(WAIT).until(() -> client.count("T", "AAPL") >= 20);
        assertThat(client.count("Q")).isZero();
        assertThat(client.count("T", "TSLA")).isZero();
    }

    @Test
    void keepsTslaOutOfAWildcardWhenItIsOutsideThePlan() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().notAuthorizedTopics("T.TSLA").unlimitedRate());
        TestClient client = authenticated(sim);

        client.subscribe("T.*");

        await().atMost(WAIT).until(() -> client.count("T", "NVDA") >= 200);
        assertThat(client.count("T", "TSLA")).isZero();
    }

    private static List<String> messages(TestClient client) {
        return client.statuses().stream().map(e -> (String) e.get("message")).toList();
    }

    private static List<Map<String, Object>> dataEvents(TestClient client) {
        return client.events().stream().filter(e -> !"status".equals(e.get("ev"))).toList();
    }

    private static Set<String> distinctSymbols(TestClient client, String ev) {
        Set<String> out = new HashSet<>();
        for (Map<String, Object> e : client.events(ev)) {
            out.add((String) e.get("sym"));
        }
        return out;
    }

    private static int indexOfStatus(List<Map<String, Object>> events, String message) {
        for (int i = 0; i < events.size(); i++) {
            if (message.equals(events.get(i).get("message"))) {
                return i;
            }
        }
        throw new AssertionError("no status '" + message + "'");
    }
}
