package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.config.Secret;
import com.tickstock.console.config.StatusEndpointSettings;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.status.StatusServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attached view's status endpoint, through the real {@link StatusServer}, against a real redis-server and a
 * feeder that heartbeats as the contract says: the feeder's numbers unchanged, lost and re-attached on its own.
 */
class AttachedStatusIT {

    /** Health JSON as a feeder's HealthJson writes it: two connections streaming, a redis section. */
    private static final String DATA = "{\"total_connections\":2,\"connected_count\":2,\"total_ticks_received\":3579,"
            + "\"total_errors\":3,\"total_dropped\":5,\"timestamp\":1764755012.345,\"connections\":{"
            + "\"connection_1\":{\"name\":\"primary\",\"status\":\"connected\",\"assigned_tickers\":3,"
            + "\"message_count\":1234,\"error_count\":1,\"last_message_time\":1764755012.3,\"state\":\"STREAMING\","
            + "\"cause\":\"subscriptions confirmed\",\"url\":\"ws://127.0.0.1:1/stocks\",\"universe_key\":\"\","
            + "\"reconnect_count\":0,\"decode_errors\":1,\"msgs_per_second\":41.5,\"lag_ms_p50\":2,\"lag_ms_p99\":9,"
            + "\"sequence_gaps\":0,\"dropped\":5},"
            + "\"connection_2\":{\"name\":\"secondary\",\"status\":\"connected\",\"assigned_tickers\":2,"
            + "\"message_count\":2345,\"error_count\":2,\"last_message_time\":null,\"state\":\"STREAMING\","
            + "\"cause\":\"\",\"url\":\"ws://127.0.0.1:1/stocks\",\"universe_key\":\"us_top\",\"reconnect_count\":4,"
            + "\"decode_errors\":0,\"msgs_per_second\":12.0,\"lag_ms_p50\":-1,\"lag_ms_p99\":-1,\"sequence_gaps\":7,"
            + "\"dropped\":0}},\"redis\":{\"state\":\"CONNECTED\",\"published\":3570}}";

    private RedisServerProcess redis;
    private AttachedFeederView view;
    private StatusServer status;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void attach() throws IOException {
        Logger.getLogger(AttachedFeederView.class.getName()).addHandler(capture);
        redis = RedisServerProcess.start();
        view = new AttachedFeederView(RedisUrl.parse(redis.url()), "default");
        view.start();
        status = StatusServer.start(new StatusEndpointSettings(true, 0, "127.0.0.1", Secret.absent()),
                new AttachedStatusSource(view), List.of());
    }

    @AfterEach
    void detach() throws Exception {
        Logger.getLogger(AttachedFeederView.class.getName()).removeHandler(capture);
        status.close();
        view.close();
        redis.close();
    }

    private record Answer(int code, String body) {
    }

    private Answer get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(status.url() + path).toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(5_000);
        int code = c.getResponseCode();
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Answer(code, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }

    private static String dataWithoutClosingBrace() {
        return "\"data\":" + DATA.substring(0, DATA.length() - 1) + ",\"feeder\":{";
    }

    @Test
    void servesTheFeedersNumbersUnchangedWithWhoItIsAttachedTo() throws Exception {
        assertThat(get(StatusServer.READY).code()).isEqualTo(503);
        try (FakeFeeder feeder = new FakeFeeder(redis.url(), "default", "feeder-a")) {
            feeder.data = DATA;
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get(StatusServer.READY).code() == 200);

            String body = get(StatusServer.WEBSOCKET_STATUS).body();
            assertThat(body).contains(dataWithoutClosingBrace()
                    + "\"id\":\"feeder-a\",\"host\":\"host-feeder-a\",\"state\":\"attached\",\"heartbeat_age_s\":");
            assertThat(get(StatusServer.READY).body()).contains("\"connection_1\":\"STREAMING\"",
                    "\"connection_2\":\"STREAMING\"");
            assertThat(get(StatusServer.METRICS).body())
                    .contains("tickstock_connection_events_total{connection=\"connection_2\",type=\"T\"} 2345")
                    .contains("tickstock_connection_reconnects_total{connection=\"connection_2\"} 4");
            assertThat(log).anyMatch(l -> l.startsWith("INFO attached to feeder feeder-a on host-feeder-a"));
        }
    }

    @Test
    void aFeederThatStopsIsLostWithinBoundsAndAnotherIsAttachedToOnItsOwn() throws Exception {
        try (FakeFeeder feeder = new FakeFeeder(redis.url(), "default", "feeder-a")) {
            feeder.data = DATA;
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get(StatusServer.READY).code() == 200);
            feeder.heartbeating = false;
            long stopped = System.nanoTime();

            Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> get(StatusServer.READY).code() == 503);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(6));
            assertThat(get(StatusServer.READY).body()).contains("\"waiting_for\":[\"feeder: lost (no heartbeat");
            assertThat(get(StatusServer.WEBSOCKET_STATUS).body()).contains("\"id\":\"feeder-a\"", "\"state\":\"lost\"");
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> log.stream()
                    .anyMatch(l -> l.startsWith("WARNING feeder lost: no heartbeat from feeder feeder-a")));
            assertThat(get(StatusServer.LIVE).code()).isEqualTo(200);
        }
        try (FakeFeeder other = new FakeFeeder(redis.url(), "default", "feeder-b")) {
            other.data = DATA;
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get(StatusServer.READY).code() == 200);
            assertThat(get(StatusServer.WEBSOCKET_STATUS).body()).contains("\"id\":\"feeder-b\"",
                    "\"state\":\"attached\"");
        }
    }

    @Test
    void aRedisThatGoesAwayLosesTheFeederAndItsReturnReattaches() throws Exception {
        try (FakeFeeder feeder = new FakeFeeder(redis.url(), "default", "feeder-a")) {
            feeder.data = DATA;
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> get(StatusServer.READY).code() == 200);
            redis.kill();
            Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> get(StatusServer.READY).code() == 503);
            assertThat(get(StatusServer.WEBSOCKET_STATUS).body()).contains("\"state\":\"lost\"",
                    "cannot be read");
            redis.startProcess();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> get(StatusServer.READY).code() == 200);
        }
    }
}
