package com.tickstock.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Each scheduled fault of the command line, observed by a real client over loopback. */
class ScheduledFaultsTest extends SimulatorTestSupport {

    private TestClient streaming(FaultPlan plan) throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(2_000).faultPlan(plan));
        TestClient client = authenticated(sim);
        client.subscribe("T.*");
        return client;
    }

    @Test
    void malformedEvery() throws Exception {
        TestClient client = streaming(new FaultPlan(0, 0, 0, 100, 0, 0));
        await().atMost(WAIT).until(() -> client.malformedFrames() >= 3);
    }

    @Test
    void statusErrorEvery() throws Exception {
        TestClient client = streaming(new FaultPlan(0, 0, 0, 0, 100, 0));
        await().atMost(WAIT).until(() -> client.statusCount("error") >= 3);
        assertThat(client.awaitStatus("error", ScheduledFaults.STATUS_ERROR)).isNotNull();
    }

    @Test
    void unknownEvery() throws Exception {
        TestClient client = streaming(new FaultPlan(0, 0, 0, 0, 0, 100));
        await().atMost(WAIT).until(() -> client.count(ScheduledFaults.UNKNOWN_EVENT) >= 3);
    }

    @Test
    void closeAfter() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(2_000)
                .faultPlan(new FaultPlan(0, 300, 0, 0, 0, 0)));
        TestClient client = authenticated(sim);
        client.subscribe("T.*");
        assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(StatusTexts.CLOSE_NORMAL);
        assertThat(client.count("T")).isBetween(300L, 300L + 10);
        assertThat(sim.injectedFaults().count("--close-after")).isEqualTo(1);
        assertThat(StatsFile.json(sim)).contains("\"close-after\":1").contains("\"events\":" + client.count("T"));
    }

    @Test
    void dropEvery() throws Exception {
        TestClient client = streaming(new FaultPlan(300, 0, 0, 0, 0, 0));
        assertThat(client.awaitClosed().getCloseCode().getCode()).as("no close frame: abnormal closure")
                .isNotEqualTo(StatusTexts.CLOSE_NORMAL);
    }

    @Test
    void stallAfter() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(2_000)
                .faultPlan(new FaultPlan(0, 0, 300, 0, 0, 0)));
        TestClient client = authenticated(sim);
        client.subscribe("T.*");
        await().atMost(WAIT).until(() -> sim.connection(1).isStalled());
        long sent = sim.connection(1).counters().dataEvents();
        await().atMost(WAIT).until(() -> client.dataCount() == sent);
        assertThat(sent).isBetween(300L, 310L);
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new FaultPlan(0, -1, 0, 0, 0, 0)).hasMessageStartingWith("--close-after must be");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulatorCli.run(new String[] {"--malformed-every", "often"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(1));
        assertThat(code).isEqualTo(SimulatorCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--malformed-every").contains("often");
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        int code2 = SimulatorCli.run(new String[] {"--stall-after", "-5"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err2, true, StandardCharsets.UTF_8), new CountDownLatch(1));
        assertThat(code2).isEqualTo(SimulatorCli.EXIT_USAGE);
        assertThat(err2.toString(StandardCharsets.UTF_8)).contains("--stall-after must be a number of events >= 0");
        ByteArrayOutputStream err3 = new ByteArrayOutputStream();
        int code3 = SimulatorCli.run(new String[] {"--speed", "0"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err3, true, StandardCharsets.UTF_8), new CountDownLatch(1));
        assertThat(code3).isEqualTo(SimulatorCli.EXIT_USAGE);
        assertThat(err3.toString(StandardCharsets.UTF_8)).contains("--speed=0 is not a speed");
    }
}
