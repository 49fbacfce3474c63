package com.tickstock.console.simulator;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tickstock.console.simulator.StatusTexts.CLOSE_GOING_AWAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ServerLifecycleTest extends SimulatorTestSupport {

    @Test
    void listensOnLoopbackOnAFreePortUnderStocks() throws Exception {
        SimulatorServer a = start(SimulatorConfig.builder());
        SimulatorServer b = start(SimulatorConfig.builder());

        assertThat(a.port()).isPositive().isNotEqualTo(8025);
        assertThat(b.port()).isPositive().isNotEqualTo(a.port());
        assertThat(a.url().toString()).isEqualTo("ws://127.0.0.1:" + a.port() + "/stocks");
        connect(a).awaitStatus(StatusTexts.CONNECTED, null);
    }

    @Test
    void usesTheConfiguredPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SimulatorServer sim = start(SimulatorConfig.builder().port(port));

        assertThat(sim.port()).isEqualTo(port);
        connect(sim).awaitStatus(StatusTexts.CONNECTED, null);
    }

    @Test
    void isNotReachableFromOtherInterfaces() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(addr -> addr instanceof Inet4Address && !addr.isLoopbackAddress())
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "no non-loopback IPv4 address here");

        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external, sim.port()), 5_000);
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void closeEndsEverySessionWithGoingAwayAndLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().eventsPerSecond(5_000).build());
        List<TestClient> clients = List.of(authenticated(sim), authenticated(sim), authenticated(sim));
        for (TestClient c : clients) {
            c.subscribe("T.*,Q.AAPL,A.AAPL");
        }
        sim.awaitSubscribed(3, WAIT);
        String prefix = sim.threadPrefix();
        assertThat(threadsNamed(prefix)).isNotEmpty();

        sim.close();

        for (TestClient c : clients) {
            assertThat(c.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_GOING_AWAY);
        }
        assertThat(sim.connections()).allMatch(c -> !c.isOpen());
        assertThat(threadsNamed(prefix)).as("server threads alive when close() returned").isEmpty();
        clientManager.shutdown();
        await().pollInSameThread().atMost(WAIT).untilAsserted(() ->
                assertThat(newThreads(before)).as("threads started by the test and still alive").isEmpty());
    }

    @Test
    void closeIsIdempotentAndKeepsCountersReadable() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().unlimitedRate());
        TestClient client = authenticated(sim);
        client.subscribe("T.AAPL");
        await().atMost(WAIT).until(() -> client.count("T") >= 100);

        sim.close();
        sim.close();

        client.awaitClosed();
        assertThat(sim.connection(1).counters().events(com.tickstock.console.feed.EventType.TRADE))
                .isEqualTo(client.count("T", "AAPL"));
        assertThat(sim.totals().dataEvents()).isEqualTo(client.dataCount());
        assertThat(sim.connection(1).disconnectCause()).contains(SimConnection.DisconnectCause.SERVER_SHUTDOWN);
    }

    @Test
    void refusesConnectionsOnceClosed() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder());
        sim.close();

        assertThatThrownBy(() -> connect(sim)).isInstanceOf(Exception.class);
    }

    private static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith(prefix + "-")).collect(Collectors.toSet());
    }

    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
