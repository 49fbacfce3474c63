package com.tickstock.console.simulator;

import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts servers and real Tyrus clients for a test and closes them all afterwards. */
abstract class SimulatorTestSupport {

    static final Duration WAIT = TestClient.WAIT;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    ClientManager clientManager;

    @BeforeEach
    void createClientManager() {
        // Kept: a client whose last connection closed must not lose its executors to the next connect.
        clientManager = new com.tickstock.console.feed.KeptClientManager();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        clientManager.shutdown();
    }

    SimulatorServer start(SimulatorConfig config) throws Exception {
        SimulatorServer server = SimulatorServer.start(config);
        toClose.add(server);
        return server;
    }

    SimulatorServer start(SimulatorConfig.Builder config) throws Exception {
        return start(config.build());
    }

    TestClient connect(SimulatorServer server) throws Exception {
        TestClient client = TestClient.connect(clientManager, server.url());
        toClose.add(client);
        return client;
    }

    /** A client that received auth_success. */
    TestClient authenticated(SimulatorServer server) throws Exception {
        return connect(server).authenticated();
    }
}
