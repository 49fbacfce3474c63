package com.tickstock.console.app;

import com.tickstock.console.republish.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.config.Secret;
import com.tickstock.console.config.StatusEndpointSettings;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import com.tickstock.console.status.StatusServer;
import com.tickstock.console.status.StatusSource;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status endpoint through a real HTTP client, against a real runtime: the connection manager
 * and the embedded simulator (or, for the planted key, a simulator that accepts that key).
 */
class StatusEndpointIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "status-token-0123456789abcdef";
    private static final List<String> PATHS = List.of(StatusServer.WEBSOCKET_STATUS, StatusServer.LIVE,
            StatusServer.READY, StatusServer.METRICS);
    private static final List<String> SEED_CONNECTION_KEYS = List.of("name", "status", "assigned_tickers",
            "message_count", "error_count", "last_message_time");

    @TempDir
    Path configDir;

    private ConsoleRuntime runtime;
    private SimulatorServer externalSimulator;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        if (externalSimulator != null) {
            externalSimulator.close();
        }
    }

    /** Three connections, three trade-only tickers each, the endpoint on a free loopback port. */
    private StatusClient start(String... extra) throws Exception {
        Map<String, String> cli = new LinkedHashMap<>(Map.of("USE_MULTI_CONNECTION", "true",
                "MASSIVE_EVENT_TYPES", "T", "STATUS_PORT", "0",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT,NVDA",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "JPM,BAC,WFC",
                "WEBSOCKET_CONNECTION_3_ENABLED", "true", "WEBSOCKET_CONNECTION_3_SYMBOLS", "XOM,CVX,COP",
                // Reconnect quickly after the readiness test's disconnect.
                "MASSIVE_WEBSOCKET_RECONNECT_DELAY", "0.1"));
        for (int i = 0; i < extra.length; i += 2) {
            cli.put(extra[i], extra[i + 1]);
        }
        ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(), cli);
        runtime = ConsoleRuntime.create(config);
        StatusServer server = runtime.startStatusEndpoint();
        assertThat(server.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
        runtime.manager().connect();
        return new StatusClient(server.url(), config.status().token().isPresent() ? TOKEN : null);
    }

    private static void awaitReady(StatusClient client) {
        await().atMost(WAIT).until(() -> client.status(StatusServer.READY) == 200);
    }

    @Test
    void withoutATokenEveryEndpointAnswersAndTheStatusIsTheSeedsWrapper() throws Exception {
        StatusClient client = start();
        assertThat(client.get(StatusServer.LIVE).statusCode()).isEqualTo(200);
        awaitReady(client);
        await().atMost(WAIT).until(() -> runtime.manager().health().connections().values().stream()
                .allMatch(h -> h.feed().marketDataEvents() > 0));

        HttpResponse<String> response = client.get(StatusServer.WEBSOCKET_STATUS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        Map<String, Object> wrapper = TestJson.object(response.body());
        assertThat(wrapper).containsOnlyKeys("status", "data", "timestamp").containsEntry("status", "success");
        assertThat(wrapper.get("timestamp")).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) wrapper.get("timestamp")).doubleValue())
                .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
        Map<String, Object> data = TestJson.object(wrapper.get("data"));
        assertThat(data).containsKeys("total_connections", "connected_count", "total_ticks_received", "total_errors",
                "connections");
        assertThat(data.get("total_connections")).isEqualTo(3L);
        Map<String, Object> connections = TestJson.object(data.get("connections"));
        assertThat(connections).containsOnlyKeys("connection_1", "connection_2", "connection_3");
        for (Object c : connections.values()) {
            Map<String, Object> connection = TestJson.object(c);
            assertThat(List.copyOf(connection.keySet()).subList(0, SEED_CONNECTION_KEYS.size()))
                    .isEqualTo(SEED_CONNECTION_KEYS);
            assertThat((Long) connection.get("message_count")).isPositive();
        }

        // The lag quantiles are NaN until the control thread's first roll after the first event (250 ms slots).
        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusLines.parse(client.get(StatusServer.METRICS).body())
                .stream().filter(s -> s.name().equals("tickstock_feed_lag_seconds")).noneMatch(s -> Double.isNaN(s.value())));
        HttpResponse<String> metrics = client.get(StatusServer.METRICS);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        List<PrometheusLines.Sample> samples = PrometheusLines.parse(metrics.body());
        for (String id : List.of("connection_1", "connection_2", "connection_3")) {
            assertThat(PrometheusLines.value(samples, "tickstock_connection_state", "connection", id, "state", "streaming"))
                    .isEqualTo(1);
            assertThat(samples.stream().filter(s -> s.name().equals("tickstock_connection_state")
                    && s.labels().get("connection").equals(id)).mapToDouble(PrometheusLines.Sample::value).sum())
                    .as("exactly one state is 1").isEqualTo(1);
            assertThat(PrometheusLines.value(samples, "tickstock_connection_frames_total", "connection", id)).isPositive();
            assertThat(PrometheusLines.value(samples, "tickstock_connection_events_total", "connection", id, "type", "T"))
                    .isPositive();
            assertThat(PrometheusLines.value(samples, "tickstock_connection_subscriptions", "connection", id,
                    "status", "confirmed")).isEqualTo(3);
            assertThat(PrometheusLines.value(samples, "tickstock_connection_dropped_events_total", "connection", id,
                    "reason", "consumer_behind")).isZero();
            for (String family : List.of("tickstock_connection_decode_errors_total",
                    "tickstock_connection_status_errors_total", "tickstock_connection_reconnects_total",
                    "tickstock_connection_sequence_gaps_total", "tickstock_connection_messages_per_second")) {
                assertThat(PrometheusLines.value(samples, family, "connection", id)).isNotNegative();
            }
            // The lag is a summary in seconds: quantiles over the window, sum and count since start.
            assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds", "connection", id, "quantile", "0.5"))
                    .isNotNegative().isLessThan(60);
            assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds", "connection", id, "quantile", "0.99"))
                    .isNotNegative().isLessThan(60);
            PrometheusLines.value(samples, "tickstock_feed_lag_seconds_sum", "connection", id);
            PrometheusLines.value(samples, "tickstock_feed_lag_seconds_count", "connection", id);
        }
        assertThat(PrometheusLines.value(samples, "tickstock_process_heap_used_bytes")).isPositive();
        assertThat(PrometheusLines.value(samples, "tickstock_process_threads")).isPositive();
        assertThat(PrometheusLines.value(samples, "tickstock_process_open_fds")).isPositive();
    }

    @Test
    void withATokenEveryPathWantsItAndAnswers401404And405() throws Exception {
        StatusClient client = start("STATUS_TOKEN", TOKEN);
        awaitReady(client);
        for (String path : List.of(StatusServer.WEBSOCKET_STATUS, StatusServer.LIVE, StatusServer.READY,
                StatusServer.METRICS, "/no/such/path")) {
            for (StatusClient unauthorised : List.of(client.withToken(null), client.withToken(TOKEN + "x"),
                    client.withToken(TOKEN.substring(1)))) {
                HttpResponse<String> response = unauthorised.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        v -> assertThat(v).startsWith("Bearer"));
                assertThat(TestJson.object(response.body())).containsEntry("status", "error").containsKey("message");
            }
        }
        for (String path : PATHS) {
            assertThat(client.get(path).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> unknown = client.get("/api/admin/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TestJson.object(unknown.body())).containsEntry("status", "error");
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> wrong = client.send(method, StatusServer.WEBSOCKET_STATUS);
            assertThat(wrong.statusCode()).as(method).isEqualTo(405);
            assertThat(wrong.headers().firstValue("Allow")).hasValue("GET");
        }
    }

    @Test
    void readinessFlipsWhileAConnectionIsDisconnectedAndNamesIt() throws Exception {
        StatusClient client = start();
        awaitReady(client);
        assertThat(TestJson.object(client.get(StatusServer.READY).body())).containsEntry("status", "ready");

        runtime.manager().disconnect("connection_2");
        HttpResponse<String> notReady = client.get(StatusServer.READY);
        assertThat(notReady.statusCode()).isEqualTo(503);
        Map<String, Object> body = TestJson.object(notReady.body());
        assertThat(body).containsEntry("status", "not_ready");
        Map<String, Object> why = TestJson.object(body.get("not_ready"));
        assertThat(why).containsOnlyKeys("connection_2");
        assertThat(TestJson.object(why.get("connection_2"))).containsEntry("state", "DISCONNECTED")
                .containsEntry("name", "secondary").containsKey("cause");
        assertThat(client.get(StatusServer.LIVE).statusCode()).as("alive while not ready").isEqualTo(200);

        runtime.manager().connect("connection_2");
        awaitReady(client);
    }

    @Test
    void aPlantedApiKeyNeverAppearsInAnyResponse() throws Exception {
        String planted = "PLANTEDkey0123456789abcdefPLANTED";
        externalSimulator = SimulatorServer.start(SimulatorConfig.builder().apiKeys(planted)
                .eventsPerSecond(1_000).build());
        StatusClient client = start("MASSIVE_API_KEY", planted,
                "MASSIVE_WEBSOCKET_URL", externalSimulator.url().toString(), "STATUS_TOKEN", TOKEN);
        assertThat(runtime.source().embeddedSimulator()).isFalse();
        awaitReady(client);
        await().atMost(WAIT).until(() -> runtime.manager().health().totalTicksReceived() > 0);

        List<HttpResponse<String>> responses = new java.util.ArrayList<>();
        for (String path : PATHS) {
            responses.add(client.get(path));
            responses.add(client.withToken(null).get(path));
            responses.add(client.withToken(planted).get(path));
            responses.add(client.send("POST", path));
        }
        responses.add(client.get("/" + planted));
        runtime.manager().disconnect("connection_1");
        responses.add(client.get(StatusServer.READY));
        for (HttpResponse<String> r : responses) {
            assertThat(r.body()).as(r.uri() + " " + r.statusCode()).doesNotContain(planted)
                    .doesNotContain(planted.substring(0, 12));
            assertThat(r.headers().map().toString()).doesNotContain(planted);
        }
        assertThat(responses).extracting(HttpResponse::statusCode).contains(200, 401, 404, 405, 503);
    }

    @Test
    void withRedisTheStatusAndTheMetricsCarryTheRepublisher() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            StatusClient client = start("REDIS_URL", redis.url());
            awaitReady(client);
            await().atMost(WAIT).until(() -> {
                Map<String, Object> data = TestJson.object(TestJson.object(
                        client.get(StatusServer.WEBSOCKET_STATUS).body()).get("data"));
                Map<String, Object> r = TestJson.object(data.get("redis"));
                return r != null && "connected".equals(r.get("state")) && (Long) r.get("published") > 0;
            });
            Map<String, Object> data = TestJson.object(TestJson.object(
                    client.get(StatusServer.WEBSOCKET_STATUS).body()).get("data"));
            assertThat(List.copyOf(data.keySet()))
                    .as("the seed's keys first, redis after the connections, then the market's session")
                    .startsWith("total_connections", "connected_count", "total_ticks_received", "total_errors")
                    .endsWith("connections", "redis", "market_session");
            assertThat(TestJson.object(data.get("redis"))).containsKeys("received", "published", "buffered",
                    "dropped", "channel", "target").containsEntry("channel", "tickstock:market:ticks");

            List<PrometheusLines.Sample> samples = PrometheusLines.parse(client.get(StatusServer.METRICS).body());
            assertThat(PrometheusLines.value(samples, "tickstock_redis_ticks_published_total")).isPositive();
            assertThat(PrometheusLines.value(samples, "tickstock_redis_state", "state", "connected")).isEqualTo(1);
            assertThat(PrometheusLines.value(samples, "tickstock_consumer_delivered_events_total", "consumer", "redis"))
                    .isPositive();
        }
    }

    @Test
    void theFeedLagIsASummaryInSecondsWithItsSumAndCount() throws Exception {
        ConnectionSnapshot feed = new ConnectionSnapshot("connection_1", "primary", "ws://127.0.0.1:1/stocks",
                ConnectionState.STREAMING, Cause.SUBSCRIBED, "", 0, null, Instant.EPOCH, 0, 10, 1000,
                Map.of(EventType.TRADE, 1000L), 0, 0, "", 0, "", 0, 0, 100.0, 12, 250, 1000, 12_500, 0, 0, 0, Map.of(),
                0, 0, 0, 3, 0, Instant.EPOCH);
        HealthSnapshot health = new HealthSnapshot(Map.of("connection_1", new ConnectionHealth(feed, "u", 3)),
                List.of(), Instant.EPOCH);
        StatusSource source = () -> health;
        try (StatusServer server = StatusServer.start(new StatusEndpointSettings(true, 0, "127.0.0.1", Secret.absent()),
                source, List.of())) {
            String body = new StatusClient(server.url(), null).get(StatusServer.METRICS).body();
            assertThat(body).contains("# TYPE tickstock_feed_lag_seconds summary\n");
            List<PrometheusLines.Sample> samples = PrometheusLines.parse(body);
            assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds", "connection", "connection_1",
                    "quantile", "0.5")).isEqualTo(0.012);
            assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds", "connection", "connection_1",
                    "quantile", "0.99")).isEqualTo(0.25);
            assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds_sum", "connection", "connection_1"))
                    .isEqualTo(12.5);
            assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds_count", "connection", "connection_1"))
                    .isEqualTo(1000);
        }
    }

    @Test
    void connectionErrorsAreACounterByKindThatAddsUpToTheErrorCount() throws Exception {
        ConnectionSnapshot feed = new ConnectionSnapshot("connection_1", "primary", "ws://127.0.0.1:1/stocks",
                ConnectionState.STALE, Cause.NO_DATA, "", 0, null, Instant.EPOCH, 0, 10, 1000,
                Map.of(EventType.TRADE, 1000L), 0, 2, "", 1, "", 0, 0, 0.0, -1, -1, -1, -1, 0, 0, 0, Map.of(),
                0, 0, 0, 3, 0, Instant.EPOCH, Map.of(com.tickstock.console.feed.ConnectionErrorKind.MAX_CONNECTIONS, 3L,
                        com.tickstock.console.feed.ConnectionErrorKind.RETRIES_EXHAUSTED, 1L),
                Instant.ofEpochSecond(1_800_000_000L));
        ConnectionHealth connection = new ConnectionHealth(feed, "u", 3);
        HealthSnapshot health = new HealthSnapshot(Map.of("connection_1", connection), List.of(), Instant.EPOCH);
        assertThat(connection.errorCount()).isEqualTo(7);
        StatusSource source = () -> health;
        try (StatusServer server = StatusServer.start(new StatusEndpointSettings(true, 0, "127.0.0.1", Secret.absent()),
                source, List.of())) {
            List<PrometheusLines.Sample> samples = PrometheusLines.parse(
                    new StatusClient(server.url(), null).get(StatusServer.METRICS).body());
            Map<String, Double> byKind = new java.util.HashMap<>();
            samples.stream().filter(s -> s.name().equals("tickstock_connection_errors_total"))
                    .forEach(s -> byKind.put(s.labels().get("kind"), s.value()));
            assertThat(byKind).containsEntry("decode", 2.0).containsEntry("server_error", 1.0)
                    .containsEntry("max_connections", 3.0).containsEntry("retries_exhausted", 1.0)
                    .containsEntry("auth_failed", 0.0).containsEntry("stale_reconnect", 0.0);
            assertThat(byKind.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(7);
            assertThat(PrometheusLines.value(samples, "tickstock_connection_stale_reconnect_timestamp_seconds",
                    "connection", "connection_1")).isEqualTo(1_800_000_000.0);
        }
    }

    @Test
    void anInternalFailureAnswers500WithTheSeedsErrorShape() throws Exception {
        StatusSource broken = () -> {
            throw new IllegalStateException("health is broken");
        };
        try (StatusServer server = StatusServer.start(new StatusEndpointSettings(true, 0, "127.0.0.1", Secret.absent()),
                broken, List.of())) {
            StatusClient client = new StatusClient(server.url(), null);
            HttpResponse<String> response = client.get(StatusServer.WEBSOCKET_STATUS);
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(TestJson.object(response.body())).containsOnlyKeys("status", "message")
                    .containsEntry("status", "error");
            assertThat(client.get(StatusServer.LIVE).statusCode()).isEqualTo(200);
        }
    }

}
