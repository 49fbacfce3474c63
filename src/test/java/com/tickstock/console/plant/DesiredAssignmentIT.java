package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.config.FeederSettings;
import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.manager.HealthJson;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator changes as the group's desired assignment, with a real runtime under the lease against the embedded
 * simulator and a real redis-server: stored when an operator subscribes or moves, shown where it differs from the
 * configuration, applied again by the only feeder after its restart, and deleted by {@code reset-assignment},
 * which puts the configured universes back.
 */
class DesiredAssignmentIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final PlantKeys KEYS = new PlantKeys("tickstock:desk:");

    @TempDir
    Path configDir;

    @RegisterExtension
    final FeederTestbed testbed = new FeederTestbed();

    private ConsoleRuntime startLeader() {
        ConsoleRuntime started = testbed.createRuntime(testbed.deskConfig(configDir, "feeder-a",
                Map.of("FEEDER_LEASE_SECONDS", "3")));
        started.startLeadership();
        await().atMost(WAIT).until(() -> testbed.redis.exists(KEYS.heartbeat()) == 1 && started.feeder().isPresent());
        return started;
    }

    private CommandClient.Reply send(String command) {
        try (CommandClient commands = new CommandClient(RedisUrl.parse(testbed.server.url()), "desk",
                Duration.ofSeconds(10))) {
            return commands.send(AttachCommand.parse(command), "alice", "desk-7");
        }
    }

    private boolean logHas(String text) {
        return testbed.redis.xrange(KEYS.log(), Range.create("-", "+")).stream().map(StreamMessage::getBody)
                .anyMatch(body -> body.get("text").contains(text));
    }

    @Test
    void operatorChangesAreStoredAppliedAfterARestartOfTheOnlyFeederAndResetToTheConfiguration() {
        ConsoleRuntime first = startLeader();
        Map<String, String> configured = Map.copyOf(first.manager().routing().assignments());
        assertThat(configured).containsEntry("AAPL", "connection_1").doesNotContainKey("NEWT");
        assertThat(testbed.redis.exists(KEYS.desired())).as("nothing stored while the configuration applies").isZero();
        String health = HealthJson.toJson(first.manager().healthNow());
        assertThat(health).contains("\"role\" : \"leader\"", "\"leader\" : \"feeder-a\"", "\"takeovers\" : 0",
                "\"differs_from_configuration\" : false");

        assertThat(send("subscribe NEWT").ok()).isTrue();
        assertThat(send("move AAPL connection_2").ok()).isTrue();
        Map<String, String> desired = testbed.redis.hgetall(KEYS.desired());
        assertThat(desired).containsEntry("AAPL", "connection_2").containsKey("NEWT").containsEntry("MSFT", "connection_1")
                .hasEntrySatisfying(DesiredAssignment.CHANGED_BY, by -> assertThat(by).startsWith("alice@desk-7 "));
        Map<String, Object> section = first.manager().healthNow().sections().get("assignment");
        assertThat(section).containsEntry("differs_from_configuration", true).containsEntry("added_count", 1)
                .containsEntry("moved_count", 1);
        assertThat(DesiredAssignment.describe(section)).isEqualTo("assignment differs from the configuration: 1 added"
                + " (NEWT), 1 moved (AAPL connection_1 -> connection_2)");

        // The only feeder stops and starts again: it applies what the operators made, not the configuration.
        testbed.closeRuntime();
        ConsoleRuntime second = startLeader();
        await().atMost(WAIT).until(() -> "connection_2".equals(second.manager().routing().assignments().get("AAPL"))
                && second.manager().routing().assignments().containsKey("NEWT"));
        await().atMost(WAIT).until(() -> logHas("applied the group's desired assignment (operator changes) of 5 tickers"));

        // An attached console: which feeder leads, since when, what the standby waits for, and the difference.
        try (Leadership standby = new Leadership(new FeederSettings("feeder-b", "desk", 3), testbed.server.url(),
                "host-b", "test", new Leadership.LeaderDuties() {
                    @Override
                    public void lead(Leadership.Takeover takeover) {
                        throw new AssertionError("the standby must not lead while feeder-a renews its lease");
                    }

                    @Override
                    public void stepDown(String why) {
                    }
                });
             AttachedConsoleFeed console = new AttachedConsoleFeed(RedisUrl.parse(testbed.server.url()), "desk", "bob",
                     "desk-9")) {
            standby.start();
            console.start();
            await().atMost(WAIT).until(() -> console.describeSource(0).matches(".*feeder feeder-a on .* · leader since"
                    + " \\d\\d:\\d\\d:\\d\\d · standby feeder-b: lease held by feeder-a, \\d s to expiry · assignment"
                    + " differs from the configuration: 1 added \\(NEWT\\), 1 moved \\(AAPL connection_1 -> connection_2\\)"
                    + " · heartbeat .*"));
            assertThat(HealthJson.toJson(second.manager().healthNow())).contains("\"role\" : \"leader\"");

            String reset = console.resetAssignment();
            assertThat(reset).contains("applied the configured assignment of 4 tickers (0 added, 1 removed, 1 moved)");
            await().atMost(WAIT).until(() -> !console.describeSource(0).contains("differs"));
            assertThat(standby.topLevelFields()).containsEntry("role", "standby").containsEntry("leader", "feeder-a")
                    .containsEntry("takeovers", 0L);
        }
        assertThat(second.manager().routing().assignments()).isEqualTo(configured);
        assertThat(testbed.redis.exists(KEYS.desired())).as("the configuration applies again").isZero();
        assertThat(second.manager().healthNow().sections().get("assignment"))
                .containsEntry("differs_from_configuration", false);
    }
}
