package com.tickstock.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.config.Secret;
import com.tickstock.console.config.StatusEndpointSettings;
import com.tickstock.console.supervision.PartFailure;
import com.tickstock.console.supervision.PartFailures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Liveness and readiness over real HTTP against a stand-in {@link StatusSource} (the interface is
 * the boundary: which parts stop for good is decided behind it).
 */
class StatusLivenessIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, ConnectionState> states = new LinkedHashMap<>();
    private final List<String> unrecoverable = new CopyOnWriteArrayList<>();
    private StatusServer server;

    private static ConnectionSnapshot snapshot(String id, ConnectionState state) {
        Cause cause = switch (state) {
            case STREAMING -> Cause.SUBSCRIBED;
            case FAILED -> Cause.AUTH_FAILED;
            default -> Cause.DROPPED;
        };
        String detail = state == ConnectionState.FAILED ? "authentication failed" : "";
        return new ConnectionSnapshot(id, "primary", "ws://127.0.0.1:1/stocks", state, cause, detail, 0, null, null,
                0, 0, 0, Map.of(), 0, 0, "", 0, "", 0, 0, 0, -1, -1, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, Instant.EPOCH);
    }

    private HealthSnapshot health() {
        Map<String, ConnectionHealth> connections = new LinkedHashMap<>();
        synchronized (states) {
            states.forEach((id, state) -> connections.put(id, new ConnectionHealth(snapshot(id, state), "u", 1)));
        }
        return new HealthSnapshot(connections, List.of(), Instant.now());
    }

    @BeforeEach
    void start() throws Exception {
        states.put("connection_1", ConnectionState.STREAMING);
        states.put("connection_2", ConnectionState.STREAMING);
        StatusSource source = new StatusSource() {
            @Override
            public HealthSnapshot health() {
                return StatusLivenessIT.this.health();
            }

            @Override
            public List<String> unrecoverable() {
                return List.copyOf(unrecoverable);
            }
        };
        server = StatusServer.start(new StatusEndpointSettings(true, 0, "127.0.0.1", Secret.absent()), source,
                List.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void setState(String id, ConnectionState state) {
        synchronized (states) {
            states.put(id, state);
        }
    }

    private double unrecoverableMetric() throws Exception {
        return get(StatusServer.METRICS).body().lines().filter(l -> l.startsWith("tickstock_unrecoverable_parts "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no tickstock_unrecoverable_parts sample"));
    }

    @Test
    void liveWhileEverythingRunsOrWillRecover() throws Exception {
        setState("connection_2", ConnectionState.RECONNECTING);
        HttpResponse<String> live = get(StatusServer.LIVE);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"live\"}");
        assertThat(unrecoverableMetric()).isZero();
    }

    @Test
    void aPartThatWillNotRecoverFailsLivenessAndReadinessAndIsNamed() throws Exception {
        unrecoverable.add("republisher: thread died: java.lang.OutOfMemoryError: Java heap space");

        HttpResponse<String> live = get(StatusServer.LIVE);
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.body()).isEqualTo("{\"unrecoverable\":[\"republisher: thread died: "
                + "java.lang.OutOfMemoryError: Java heap space\"],\"status\":\"not_live\"}");

        HttpResponse<String> ready = get(StatusServer.READY);
        assertThat(ready.statusCode()).as("every connection streams, yet a part is gone").isEqualTo(503);
        assertThat(ready.body()).contains("\"connections\":{\"connection_1\":\"STREAMING\"")
                .contains("\"unrecoverable\":[\"republisher: thread died")
                .endsWith("\"status\":\"not_ready\"}");
        assertThat(unrecoverableMetric()).isEqualTo(1);

        unrecoverable.clear();
        assertThat(get(StatusServer.LIVE).statusCode()).isEqualTo(200);
        assertThat(get(StatusServer.READY).statusCode()).isEqualTo(200);
    }

    @Test
    void aConnectionFailedForGoodFailsLivenessAndIsNamedWithItsCause() throws Exception {
        setState("connection_2", ConnectionState.FAILED);
        HttpResponse<String> live = get(StatusServer.LIVE);
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.body()).contains("\"connection_2: auth failed (authentication failed)\"")
                .contains("\"status\":\"not_live\"").doesNotContain("connection_1");

        HttpResponse<String> ready = get(StatusServer.READY);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"not_ready\":{\"connection_2\":{\"name\":\"primary\",\"state\":\"FAILED\"");
        assertThat(unrecoverableMetric()).isEqualTo(1);
    }

    @Test
    void aStatusThreadThatDiesOfAnErrorIsReportedAsADeadPart() throws Exception {
        long before = PartFailures.process().sequence();
        StatusSource dying = new StatusSource() {
            @Override
            public HealthSnapshot health() {
                throw new InternalError("provoked: a status worker dies");
            }
        };
        try (StatusServer broken = StatusServer.start(
                new StatusEndpointSettings(true, 0, "127.0.0.1", Secret.absent()), dying, List.of())) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(broken.url() + StatusServer.WEBSOCKET_STATUS))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException expected) {
                // the worker died before answering; what matters is that its death was recorded
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> PartFailures.process().firstSince(before, NonBlockingHttpServer.PART).isPresent());
            PartFailure failure = PartFailures.process().firstSince(before, NonBlockingHttpServer.PART).orElseThrow();
            assertThat(failure.describe()).contains("InternalError").contains("provoked: a status worker dies");
        }
    }
}
