package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.status.StatusServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ticker plant end to end, every part a real process: a headless feeder on the embedded simulator
 * publishing through a real redis-server, an operator's {@code --command}, and a headless attached console
 * whose status endpoint follows the feeder until the feeder is killed.
 */
class FeederAttachProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aFeederTakesCommandsFromAnotherProcessAndAnAttachedConsoleFollowsItUntilItDies() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (RedisServerProcess redis = RedisServerProcess.start();
             AppProcess feeder = AppProcess.start("--headless", "--config", config.toString(), "--status-port", "0",
                     "--set", "REDIS_URL=" + redis.url(), "--set", "FEEDER_ID=feeder-a", "--set", "FEEDER_GROUP=desk")) {
            StatusClient feederStatus = client(feeder);
            await().atMost(WAIT).until(() -> feederStatus.status(StatusServer.READY) == 200);
            await().atMost(WAIT).until(() -> redis.command("EXISTS", "tickstock:desk:feeder").equals(":1"));

            try (AppProcess command = AppProcess.start("--attach", redis.url(), "--group", "desk",
                    "--command", "move AAPL connection_2")) {
                assertThat(command.exitCode(WAIT)).as("stderr: %s", command.stderr()).isZero();
                assertThat(command.out).containsExactly("feeder feeder-a: moved AAPL from connection_1 to connection_2");
            }
            // A bulk reply: its length line, "$12" for "connection_2" (FeederIT reads the hash itself).
            assertThat(redis.command("HGET", "tickstock:desk:assignment", "AAPL")).isEqualTo("$12");

            try (AppProcess attached = AppProcess.start("--attach", redis.url(), "--group", "desk", "--headless",
                    "--status-port", "0", "--config", config.toString())) {
                StatusClient view = client(attached);
                await().atMost(WAIT).until(() -> view.status(StatusServer.READY) == 200);
                assertThat(view.get(StatusServer.WEBSOCKET_STATUS).body())
                        .contains("\"feeder\":{\"id\":\"feeder-a\"")
                        .contains("\"state\":\"attached\"")
                        .contains("\"connection_2\"");

                feeder.kill();
                await().atMost(Duration.ofSeconds(15)).until(() -> view.status(StatusServer.READY) == 503);
                assertThat(view.get(StatusServer.WEBSOCKET_STATUS).body()).contains("\"state\":\"lost\"");
                try (AppProcess command = AppProcess.start("--attach", redis.url(), "--group", "desk",
                        "--command", "subscribe NEWT")) {
                    assertThat(command.exitCode(WAIT)).isEqualTo(1);
                    assertThat(command.stderr()).contains("no feeder in group desk");
                }
                attached.terminate();
                assertThat(attached.exitCode(WAIT)).isZero();
            }
        }
    }

    private static StatusClient client(AppProcess app) {
        String line = app.awaitLine(HeadlessMode.STATUS_LINE, WAIT);
        return new StatusClient(URI.create(line.substring(HeadlessMode.STATUS_LINE.length())), null);
    }

    /** The shipped ACL example, loaded as an operator would: the feeder publishes, an operator commands, a viewer cannot. */
    @Test
    void theShippedAclUsersLetTheFeederPublishAnOperatorCommandAndRefuseAViewer() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            for (String line : Files.readAllLines(Path.of("config", "redis-acl.example"))) {
                if (line.startsWith("ACL SETUSER ")) {
                    String reply = redis.command(line.replace("_PASSWORD", "-pw").split(" "));
                    Assumptions.assumeFalse(reply.contains("Error in ACL SETUSER modifier '%"),
                            "read/write key permissions need Redis 7; this redis-server answered " + reply);
                    assertThat(reply).as(line).isEqualTo("+OK");
                }
            }
            String host = "@127.0.0.1:" + redis.port();
            try (AppProcess feeder = AppProcess.start("--headless", "--config", config.toString(), "--status-port", "0",
                    "--set", "REDIS_URL=redis://tickstock-feeder:FEEDER-pw" + host, "--set", "FEEDER_GROUP=acl")) {
                StatusClient status = client(feeder);
                await().atMost(WAIT).until(() -> status.status(StatusServer.READY) == 200);
                await().atMost(WAIT).until(() -> redis.command("EXISTS", "tickstock:acl:feeder").equals(":1"));

                try (AppProcess operator = AppProcess.start("--attach", "redis://tickstock-operator:OPERATOR-pw" + host,
                        "--group", "acl", "--command", "subscribe NEWT")) {
                    assertThat(operator.exitCode(WAIT)).as("stderr: %s", operator.stderr()).isZero();
                    assertThat(operator.stdout()).containsPattern("(subscribed, confirmed by the feed"
                            + "|sent to the feed, awaiting its confirmation): NEWT");
                }
                try (AppProcess viewer = AppProcess.start("--attach", "redis://tickstock-viewer:VIEWER-pw" + host,
                        "--group", "acl", "--command", "subscribe NEWT")) {
                    assertThat(viewer.exitCode(WAIT)).isEqualTo(1);
                    assertThat(viewer.stderr()).contains("this Redis user may not send commands (ACL)")
                            .doesNotContain("VIEWER-pw");
                }
                assertThat(status.get(StatusServer.WEBSOCKET_STATUS).body())
                        .as("the feeder published everything it should with its restricted user")
                        .contains("\"log_dropped\":0").contains("\"redis\":\"connected\"");
            }
        }
    }
}
