package com.tickstock.console.simulator;

import com.tickstock.console.feed.EventType;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static com.tickstock.console.simulator.StatusTexts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MaxConnectionsTest extends SimulatorTestSupport {

    @Test
    void newestEvictionKicksTheNewConnectionRightAfterAuthSuccess() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().maxConnections(1).eviction(SimulatorConfig.Eviction.NEWEST));
        TestClient first = authenticated(sim);
        first.subscribe("T.AAPL");
        first.awaitStatus(SUCCESS, null);

        TestClient second = connect(sim);
        second.awaitStatus(CONNECTED, null);
        second.auth(SimulatorConfig.DEV_API_KEY);

        second.awaitStatus(MAX_CONNECTIONS, MAX_CONNECTIONS_MESSAGE);
        assertThat(second.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_POLICY_VIOLATION);
        assertThat(second.statuses()).extracting(e -> e.get("status"))
                .containsExactly(CONNECTED, AUTH_SUCCESS, MAX_CONNECTIONS);
        assertThat(sim.connection(2).disconnectCause()).contains(SimConnection.DisconnectCause.MAX_CONNECTIONS);

        long before = first.count("T");
        await().atMost(WAIT).until(() -> first.count("T") > before + 5);
        assertThat(first.isOpen()).isTrue();
        assertThat(sim.connection(1).isOpen()).isTrue();
    }

    @Test
    void oldestEvictionKicksTheOldestConnectionAndKeepsTheNewOne() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().maxConnections(1).eviction(SimulatorConfig.Eviction.OLDEST));
        TestClient first = authenticated(sim);
        first.subscribe("T.AAPL");
        first.awaitStatus(SUCCESS, null);

        TestClient second = authenticated(sim);

        first.awaitStatus(MAX_CONNECTIONS, MAX_CONNECTIONS_MESSAGE);
        assertThat(first.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_POLICY_VIOLATION);
        assertThat(sim.connection(1).disconnectCause()).contains(SimConnection.DisconnectCause.MAX_CONNECTIONS);
        assertThat(sim.connection(2).isOpen()).isTrue();
        second.subscribe("T.MSFT");
        await().atMost(WAIT).until(() -> second.count("T", "MSFT") >= 5);
        assertThat(second.statusCount(MAX_CONNECTIONS)).isZero();
    }

    @Test
    void answersWhatTheClientAlreadySentBeforeTheKick() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().maxConnections(1));
        authenticated(sim);
        TestClient second = connect(sim);
        second.awaitStatus(CONNECTED, null);
        SimConnection server = sim.awaitConnection(2, WAIT);
        // Hold the server back so auth and subscribe are both waiting, as with an eager client
        // whose subscribe arrives before the server acted on its auth.
        server.stall().get(30, TimeUnit.SECONDS);
        second.auth(SimulatorConfig.DEV_API_KEY);
        second.subscribe("T.AAPL");
        await().atMost(WAIT).until(() -> server.clientMessagesReceived() == 2);

        server.resume();

        assertThat(second.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_POLICY_VIOLATION);
        assertThat(second.statuses()).extracting(e -> e.get("status") + ":" + e.get("message")).containsExactly(
                CONNECTED + ":" + CONNECTED_MESSAGE,
                AUTH_SUCCESS + ":" + AUTH_SUCCESS_MESSAGE,
                SUCCESS + ":subscribed to: T.AAPL",
                MAX_CONNECTIONS + ":" + MAX_CONNECTIONS_MESSAGE);
        assertThat(second.count("T")).isZero();
        assertThat(server.counters().events(EventType.TRADE)).isZero();
    }

    @Test
    void countsTheLimitPerApiKey() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().apiKeys("key-a", "key-b").maxConnections(1));
        TestClient a = connect(sim);
        a.awaitStatus(CONNECTED, null);
        a.auth("key-a");
        a.awaitStatus(AUTH_SUCCESS, null);

        TestClient b = connect(sim);
        b.awaitStatus(CONNECTED, null);
        b.auth("key-b");
        b.awaitStatus(AUTH_SUCCESS, null);

        assertThat(sim.awaitAuthenticated(2, WAIT)).extracting(SimConnection::id).containsExactly(1, 2);
        assertThat(a.statusCount(MAX_CONNECTIONS) + b.statusCount(MAX_CONNECTIONS)).isZero();
    }

    @Test
    void freesTheSlotWhenAConnectionCloses() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().maxConnections(1));
        TestClient first = authenticated(sim);
        first.close();
        sim.connection(1).awaitClosed(WAIT);

        TestClient second = authenticated(sim);
        second.subscribe("T.AAPL");

        await().atMost(WAIT).until(() -> second.count("T") >= 5);
        assertThat(second.statusCount(MAX_CONNECTIONS)).isZero();
    }

    @Test
    void unlimitedConnectionsWhenTheLimitIsZero() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().maxConnections(0));
        for (int i = 0; i < 4; i++) {
            authenticated(sim);
        }
        assertThat(sim.awaitAuthenticated(4, WAIT)).hasSize(4);
        assertThat(sim.totals().statusEvents(MAX_CONNECTIONS)).isZero();
    }
}
