package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.plant.FakeFeeder;
import com.tickstock.console.republish.RedisServerProcess;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --attach}, run as a separate process like {@code bin/tickstock}, against a real redis-server and a feeder speaking the contract. */
class AttachProcessIT {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aCommandPrintsTheFeedersAnswerAndExitsZeroOrOneWithTheReason() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            try (AppProcess app = AppProcess.start("--attach", redis.url(), "--command", "subscribe NEWT")) {
                assertThat(app.exitCode(EXIT)).isEqualTo(1);
                assertThat(app.stderr()).contains("tickstock: subscribe not done: no feeder in group default");
            }
            try (FakeFeeder feeder = new FakeFeeder(redis.url(), "desk", "feeder-a")) {
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> redis.command("EXISTS", "tickstock:desk:commands").equals(":1"));
                try (AppProcess app = AppProcess.start("--attach", redis.url(), "--group", "desk",
                        "--command", "subscribe NEWT")) {
                    assertThat(app.exitCode(EXIT)).as("stderr: %s", app.stderr()).isZero();
                    assertThat(app.out).containsExactly("feeder feeder-a: subscribe NEWT done");
                }
                assertThat(feeder.received).singleElement().satisfies(c -> assertThat(c)
                        .containsEntry("user", System.getProperty("user.name")).containsEntry("command", "subscribe"));
            }
        }
    }

    @Test
    void headlessAttachServesTheFeedersHealthAndABadUrlExitsTwo() throws Exception {
        try (AppProcess app = AppProcess.start("--attach", "redis://127.0.0.1:99999")) {
            assertThat(app.exitCode(EXIT)).isEqualTo(2);
            assertThat(app.stderr()).contains("--attach 'redis://127.0.0.1:99999'");
        }
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (RedisServerProcess redis = RedisServerProcess.start();
             FakeFeeder feeder = new FakeFeeder(redis.url(), "default", "feeder-a");
             AppProcess app = AppProcess.start("--attach", redis.url(), "--headless", "--status-port", "0",
                     "--config", config.toString())) {
            feeder.data = "{\"total_connections\":0,\"connected_count\":0,\"total_ticks_received\":77,"
                    + "\"connections\":{}}";
            String url = app.awaitLine(HeadlessMode.STATUS_LINE, Duration.ofSeconds(30))
                    .substring(HeadlessMode.STATUS_LINE.length());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(url + "/api/health/ready").contains(
                    "\"status\":\"ready\""));
            assertThat(get(url + "/api/admin/websocket-status")).contains("\"data\":{\"total_connections\":0,"
                    + "\"connected_count\":0,\"total_ticks_received\":77,\"connections\":{},\"feeder\":{\"id\":"
                    + "\"feeder-a\",\"host\":\"host-feeder-a\",\"state\":\"attached\"");
            app.terminate();
            assertThat(app.exitCode(EXIT)).isZero();
        }
    }

    private static String get(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(5_000);
        int code = c.getResponseCode();
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }
}
