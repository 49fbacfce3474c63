package com.tickstock.console.app;

import com.tickstock.console.republish.RedisProbe;
import com.tickstock.console.republish.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.status.StatusServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --headless} as a service manager runs it: a process of its own against the embedded
 * simulator, watched through the status endpoint, stopped with SIGTERM.
 */
class HeadlessProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern COUNT = Pattern.compile("(connection_\\d+|total_received|total_dropped|total_errors)=(\\d+)");
    private static final Pattern SOCKET_THREAD_FAILED = Pattern.compile(
            "connection_1-dispatch FAILED: thread feed-socket\\(\\d+\\) died of OutOfMemoryError");

    @TempDir
    Path dir;

    static Path smallConfig(Path dir, String... extraLines) throws Exception {
        StringBuilder env = new StringBuilder(String.join("\n",
                "USE_MULTI_CONNECTION=true",
                "MASSIVE_EVENT_TYPES=T",
                "WEBSOCKET_CONNECTION_1_ENABLED=true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS=AAPL,MSFT,NVDA",
                "WEBSOCKET_CONNECTION_2_ENABLED=true",
                "WEBSOCKET_CONNECTION_2_SYMBOLS=JPM,BAC,WFC",
                "WEBSOCKET_CONNECTION_3_ENABLED=true",
                "WEBSOCKET_CONNECTION_3_SYMBOLS=XOM,CVX,COP", ""));
        for (String line : extraLines) {
            env.append(line).append('\n');
        }
        Path file = dir.resolve("small.env");
        Files.writeString(file, env);
        return file;
    }

    @Test
    void runsUntilSigtermThenStopsCleanlyWithFinalCountsThatReconcile() throws Exception {
        Path config = smallConfig(dir);
        try (AppProcess app = AppProcess.start("--headless", "--config", config.toString(), "--status-port", "0")) {
            String line = app.awaitLine(HeadlessMode.STATUS_LINE, WAIT);
            assertThat(line).matches("STATUS http://127\\.0\\.0\\.1:\\d+");
            StatusClient client = new StatusClient(URI.create(line.substring(HeadlessMode.STATUS_LINE.length())), null);
            await().atMost(WAIT).until(() -> client.status(StatusServer.READY) == 200);

            Map<String, Long> reported = new LinkedHashMap<>();
            await().atMost(WAIT).until(() -> {
                reported.clear();
                reported.putAll(messageCounts(client.get(StatusServer.WEBSOCKET_STATUS)));
                return reported.size() == 3 && reported.values().stream().allMatch(n -> n > 0);
            });

            app.terminate();
            assertThat(app.exitCode(WAIT)).as("stderr: %s", app.stderr()).isZero();
            assertThat(app.out.stream().filter(l -> l.startsWith(HeadlessMode.STATUS_LINE))).hasSize(1);
            List<String> finals = app.out.stream().filter(l -> l.contains(HeadlessMode.FINAL_COUNTS)).toList();
            assertThat(finals).as("stdout: %s", app.stdout()).hasSize(1);
            Map<String, Long> counts = counts(finals.get(0));
            assertThat(counts).containsKeys("connection_1", "connection_2", "connection_3", "total_received",
                    "total_dropped", "total_errors");
            reported.forEach((id, n) -> assertThat(counts.get(id)).as(id).isGreaterThanOrEqualTo(n));
            assertThat(counts.get("total_received")).isEqualTo(
                    counts.get("connection_1") + counts.get("connection_2") + counts.get("connection_3"));
            assertThat(counts.get("total_dropped")).isZero();
            assertThat(counts.get("total_errors")).isZero();
            assertThat(app.stdout()).contains("connection_1 DISCONNECTED");
            assertThat(app.stderr()).doesNotContain("Exception");
        }
    }

    @Test
    void withRedisEveryTickPublishedBeforeSigtermReachesASubscriber() throws Exception {
        Path config = smallConfig(dir);
        String channel = "headless:test:ticks";
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisProbe subscriber = RedisProbe.listen(redis.url(), channel, false, WAIT);
             AppProcess app = AppProcess.start("--headless", "--config", config.toString(), "--status-port", "0",
                     "--set", "REDIS_URL=" + redis.url(), "--set", "REDIS_CHANNEL=" + channel,
                     "--set", "FEEDER_GROUP=proc")) {
            String line = app.awaitLine(HeadlessMode.STATUS_LINE, WAIT);
            StatusClient client = new StatusClient(URI.create(line.substring(HeadlessMode.STATUS_LINE.length())), null);
            await().atMost(WAIT).until(() -> client.status(StatusServer.READY) == 200);
            assertThat(subscriber.awaitFirst(WAIT)).as("ticks reach Redis while running").isTrue();
            // With Redis, headless is a feeder of the ticker plant: its heartbeat is there while it runs, gone after.
            await().atMost(WAIT).until(() -> redis.command("EXISTS", "tickstock:proc:feeder").equals(":1"));

            app.terminate();
            assertThat(app.exitCode(WAIT)).as("stderr: %s", app.stderr()).isZero();
            assertThat(redis.command("EXISTS", "tickstock:proc:feeder")).isEqualTo(":0");
            String finals = app.out.stream().filter(l -> l.contains(HeadlessMode.FINAL_COUNTS)).findFirst()
                    .orElseThrow(() -> new AssertionError("no final counts in " + app.stdout()));
            Matcher m = Pattern.compile("redis_received=(\\d+) redis_published=(\\d+) redis_dropped=(\\d+)"
                    + " redis_buffered=(\\d+) redis_published_no_receivers=(\\d+) redis_subscribers_lost=(\\d+)")
                    .matcher(finals);
            assertThat(m.find()).as(finals).isTrue();
            long published = Long.parseLong(m.group(2));
            assertThat(Long.parseLong(m.group(3))).as("redis dropped").isZero();
            assertThat(Long.parseLong(m.group(4))).as("redis buffered").isZero();
            assertThat(Long.parseLong(m.group(6))).as("the subscriber was never cut").isZero();
            assertThat(Long.parseLong(m.group(1))).as("redis received").isEqualTo(published);
            Map<String, Long> counts = counts(finals);
            assertThat(counts.get("total_dropped")).isZero();
            assertThat(published).as("every tick received was republished").isEqualTo(counts.get("total_received"));
            // PUBLISH is acknowledged after Redis handed the message to its subscribers, so all of them come.
            await().atMost(WAIT).untilAsserted(() -> assertThat(subscriber.received()).isEqualTo(published));
        }
    }

    @Test
    void sighupStopsLikeSigtermWithTheFinalCountsAndExitZero() throws Exception {
        Path config = smallConfig(dir);
        try (AppProcess app = AppProcess.start("--headless", "--config", config.toString(), "--status-port", "0")) {
            String line = app.awaitLine(HeadlessMode.STATUS_LINE, WAIT);
            StatusClient client = new StatusClient(URI.create(line.substring(HeadlessMode.STATUS_LINE.length())), null);
            await().atMost(WAIT).until(() -> client.status(StatusServer.READY) == 200);

            app.hangUp();
            assertThat(app.exitCode(WAIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isZero();
            assertThat(app.stdout()).contains("headless: SIGHUP received, shutting down");
            List<String> finals = app.out.stream().filter(l -> l.contains(HeadlessMode.FINAL_COUNTS)).toList();
            assertThat(finals).as("stdout: %s", app.stdout()).singleElement().asString()
                    .contains("total_received=").doesNotContain("counts_trusted");
        }
    }

    @Test
    void aThreadThatDiesMakesTheFinalCountsUntrustedAndTheExitCodeNonZero() throws Exception {
        Path config = smallConfig(dir);
        try (AppProcess app = AppProcess.startWithJvmOptions(
                List.of("-D" + FaultHook.FAIL_DISPATCH + "=connection_1"),
                "--headless", "--config", config.toString(), "--status-port", "0")) {
            String line = app.awaitLine(HeadlessMode.STATUS_LINE, WAIT);
            StatusClient client = new StatusClient(URI.create(line.substring(HeadlessMode.STATUS_LINE.length())), null);
            // Said plainly in the log when it happens, not only at the end. Every consumer of a headless console is
            // non-blocking, so the ticks are delivered (and the error thrown) on the socket thread, which lives on.
            await().atMost(WAIT).until(() -> app.out.stream().anyMatch(l -> SOCKET_THREAD_FAILED.matcher(l).find()));
            assertThat(client.status(StatusServer.READY)).isEqualTo(503);
            await().atMost(WAIT).until(() -> messageCounts(client.get(StatusServer.WEBSOCKET_STATUS)).values().stream()
                    .filter(n -> n > 0).count() >= 2);

            app.terminate();
            assertThat(app.exitCode(WAIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isEqualTo(1);
            String finals = app.out.stream().filter(l -> l.contains(HeadlessMode.FINAL_COUNTS)).findFirst()
                    .orElseThrow(() -> new AssertionError("no final counts in " + app.stdout()));
            assertThat(finals).endsWith(" counts_trusted=false failed=connection_1-dispatch:OutOfMemoryError");
            assertThat(counts(finals)).containsKeys("connection_1", "connection_2", "connection_3", "total_received");
        }
    }

    private static Map<String, Long> messageCounts(HttpResponse<String> response) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Object> data = TestJson.object(TestJson.object(response.body()).get("data"));
        TestJson.object(data.get("connections")).forEach((id, c) ->
                counts.put(id, (Long) TestJson.object(c).get("message_count")));
        return counts;
    }

    static Map<String, Long> counts(String line) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher m = COUNT.matcher(line);
        while (m.find()) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return counts;
    }
}
