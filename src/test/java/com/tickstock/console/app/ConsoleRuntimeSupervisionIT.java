package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.status.StatusServer;
import com.tickstock.console.status.StatusSource;
import com.tickstock.console.supervision.PartFailures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole runtime against the embedded simulator, with the status endpoint on a real socket: a
 * thread of any part that dies of an uncaught error is named by the status source as unrecoverable,
 * fails readiness, is counted in the metrics and makes the final counts untrusted. The errors are
 * thrown by consumers and listeners, which run on the threads under test.
 */
class ConsoleRuntimeSupervisionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path configDir;

    private ConsoleRuntime runtime;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private StatusClient start() throws Exception {
        ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(), Map.of("USE_MULTI_CONNECTION", "true",
                "MASSIVE_EVENT_TYPES", "T", "STATUS_PORT", "0",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "JPM,BAC"));
        runtime = ConsoleRuntime.create(config);
        StatusServer server = runtime.startStatusEndpoint();
        runtime.manager().connect();
        StatusClient client = new StatusClient(server.url(), null);
        await().atMost(WAIT).until(() -> client.status(StatusServer.READY) == 200);
        return client;
    }

    @Test
    void aDeadDispatchThreadIsUnrecoverableFailsReadinessIsCountedAndTheConnectionSaysFailed() throws Exception {
        StatusClient client = start();
        StatusSource source = runtime.statusSource();
        assertThat(source.unrecoverable()).isEmpty();
        assertThat(HeadlessMode.trust(runtime.deadParts())).isEmpty();

        runtime.manager().addConsumer("out-of-memory", batch -> {
            if (batch.connectionId().equals("connection_2")) {
                throw new InternalError("injected");
            }
        }, TickConsumer.Delivery.DIRECT);

        await().atMost(WAIT).until(() -> !source.unrecoverable().isEmpty());
        assertThat(source.unrecoverable()).containsExactly("connection_2-dispatch: InternalError: injected");
        ConnectionHealth second = runtime.manager().healthNow().connections().get("connection_2");
        assertThat(second.feed().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(second.feed().cause()).isEqualTo(Cause.INTERNAL_ERROR);
        assertThat(runtime.manager().healthNow().connections().get("connection_1").feed().state())
                .isEqualTo(ConnectionState.STREAMING);
        assertThat(client.status(StatusServer.READY)).isEqualTo(503);
        assertThat(client.get(StatusServer.READY).body()).contains("connection_2").contains("FAILED");
        assertThat(client.get(StatusServer.METRICS).body()).contains("\ntickstock_part_failures_total 1\n");
        assertThat(HeadlessMode.trust(runtime.deadParts()))
                .isEqualTo(" counts_trusted=false failed=connection_2-dispatch:InternalError");
    }

    @Test
    void theManagersHealthThreadAndAQueuedConsumersThreadAreSupervisedToo() throws Exception {
        StatusClient client = start();
        runtime.manager().addHealthListener(health -> {
            throw new InternalError("while publishing health");
        });
        runtime.manager().addConsumer("slow-sink", batch -> {
            throw new StackOverflowError();
        }, TickConsumer.Delivery.QUEUED);

        await().atMost(WAIT).until(() -> runtime.statusSource().unrecoverable().size() == 2);
        assertThat(runtime.statusSource().unrecoverable()).containsExactlyInAnyOrder(
                "manager-health: InternalError: while publishing health", "consumer-slow-sink: StackOverflowError");
        assertThat(client.get(StatusServer.METRICS).body()).contains("\ntickstock_part_failures_total 2\n");
        assertThat(HeadlessMode.trust(runtime.deadParts())).startsWith(" counts_trusted=false failed=")
                .contains("manager-health:InternalError").contains("consumer-slow-sink:StackOverflowError");
    }

    /**
     * Every long-running thread of a runtime with Redis configured reports its death: the JVM hands an
     * uncaught error to the thread's handler, called here directly for the threads no test can kill.
     */
    @Test
    void everyThreadOfTheRuntimeReportsItsDeathToTheRegistry() throws Exception {
        ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(), Map.of(
                "MASSIVE_EVENT_TYPES", "T", "REDIS_URL", "redis://127.0.0.1:1",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL"));
        runtime = ConsoleRuntime.create(config);
        runtime.manager().addConsumer("queued", batch -> { }, TickConsumer.Delivery.QUEUED);
        // manager-health runs only while a listener wants every snapshot (as the window does).
        runtime.manager().addHealthListener(health -> { });
        runtime.manager().connect();
        java.util.List<String> names = java.util.List.of("feed-connection_1-control", "feed-connection_1-connector",
                "feed-connection_1-dispatch", "manager-health", "consumer-queued", "redis-republisher");
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(java.util.stream.Collectors.toSet()).containsAll(names));

        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (names.contains(thread.getName())) {
                thread.getUncaughtExceptionHandler().uncaughtException(thread, new InternalError("probe"));
            }
        }
        // contains, not exactly: a thread of the same name that another test left behind would be called too.
        assertThat(runtime.statusSource().unrecoverable()).contains(
                "connection_1-control: InternalError: probe", "connection_1-connector: InternalError: probe",
                "connection_1-dispatch: InternalError: probe", "manager-health: InternalError: probe",
                "consumer-queued: InternalError: probe", "redis-republisher: InternalError: probe");
        assertThat(runtime.deadParts()).extracting(f -> f.thread()).containsAll(names);
    }

    @Test
    void aRuntimeOwnsOnlyTheFailuresOfItsOwnLifetime() throws Exception {
        PartFailures.process().report("connection_1-dispatch", new OutOfMemoryError("of an earlier runtime"));
        start();
        assertThat(runtime.statusSource().unrecoverable()).isEmpty();
        assertThat(runtime.manager().healthNow().connections().get("connection_1").feed().state())
                .isEqualTo(ConnectionState.STREAMING);
    }
}
