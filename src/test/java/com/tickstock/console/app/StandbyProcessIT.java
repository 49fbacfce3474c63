package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.status.StatusServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot standby with every part a real process: one simulator that allows exactly the three connections of the
 * account (and logs every kick over that limit), one redis-server, and two headless feeders of one group. The
 * leader is killed (SIGKILL), the standby takes over; the killed one comes back as the standby; the new leader
 * stops cleanly (SIGTERM) and hands over at once. The simulator never kicks a connection: never two leaders.
 */
class StandbyProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LEASE_SECONDS = 5;
    private static final String API_KEY = "standby-test-key-0123";

    @TempDir
    Path dir;

    @Test
    void theStandbyTakesOverFromAKilledLeaderAndAStoppedLeaderHandsOverWithNeverTwoConnected() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (RedisServerProcess redis = RedisServerProcess.start();
             AppProcess simulator = startSimulator()) {
            String[] common = feederArgs(config, simulator, redis);
            try (AppProcess a = AppProcess.start(with(common, "FEEDER_ID=feeder-a"));
                 AppProcess b = AppProcess.start(with(common, "FEEDER_ID=feeder-b"))) {
                StatusClient statusA = client(a);
                StatusClient statusB = client(b);
                AppProcess leader = awaitLeaderAndStandby(statusA, statusB) ? a : b;
                StatusClient standby = leader == a ? statusB : statusA;
                AppProcess standbyProcess = leader == a ? b : a;
                assertThat(standby.get(StatusServer.WEBSOCKET_STATUS).body()).doesNotContain("\"STREAMING\"");

                long killedAt = System.nanoTime();
                leader.kill();
                await().atMost(WAIT).until(() -> streams(standby));
                double takeover = (System.nanoTime() - killedAt) / 1e9;
                assertThat(standby.get(StatusServer.WEBSOCKET_STATUS).body()).contains("\"takeovers\":1");
                System.out.printf("standby: SIGKILL of the leader -> the standby streams after %.1f s (lease %d s)%n",
                        takeover, LEASE_SECONDS);
                assertThat(takeover).as("lease + 3 s, with room for a loaded machine").isLessThan(LEASE_SECONDS + 20);

                // The killed feeder comes back and waits; the leader stops cleanly and hands over at once.
                String newStandbyId = leader == a ? "FEEDER_ID=feeder-a" : "FEEDER_ID=feeder-b";
                String leaderId = leader == a ? "feeder-b" : "feeder-a";
                try (AppProcess back = AppProcess.start(with(common, newStandbyId))) {
                    StatusClient backStatus = client(back);
                    await().atMost(WAIT).until(() -> isStandbyOf(backStatus, leaderId));
                    long stoppedAt = System.nanoTime();
                    standbyProcess.terminate();
                    assertThat(standbyProcess.exitCode(WAIT)).isZero();
                    await().atMost(WAIT).until(() -> streams(backStatus));
                    double handOver = (System.nanoTime() - stoppedAt) / 1e9;
                    System.out.printf("standby: SIGTERM of the leader -> the standby streams after %.1f s%n", handOver);
                    assertThat(handOver).as("a released lease is taken at once").isLessThan(LEASE_SECONDS + 10);
                    back.terminate();
                    assertThat(back.exitCode(WAIT)).isZero();
                }
            }
            assertThat(simulator.stderr()).as("kicks over the account's connection limit").doesNotContain("max_connections:");
        }
    }

    /**
     * A leader paused (SIGSTOP) past its lease: the standby takes over, and the simulator (evicting the oldest
     * connection over the limit, as a paused leader's sockets stay open) kicks the paused leader's connections.
     * Resumed, the old leader must not reconnect — that would kick the new leader's connections in turn — but step
     * down: its connections stay closed, and no kick follows the ones the pause itself caused.
     */
    @Test
    void aPausedLeaderThatResumesAfterLosingTheLeaseStepsDownWithoutReconnecting() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (RedisServerProcess redis = RedisServerProcess.start();
             AppProcess simulator = startSimulator("--eviction", "oldest")) {
            String[] common = feederArgs(config, simulator, redis);
            try (AppProcess a = AppProcess.start(with(common, "FEEDER_ID=feeder-a"));
                 AppProcess b = AppProcess.start(with(common, "FEEDER_ID=feeder-b"))) {
                StatusClient statusA = client(a);
                StatusClient statusB = client(b);
                AppProcess leader = awaitLeaderAndStandby(statusA, statusB) ? a : b;
                StatusClient leaderStatus = leader == a ? statusA : statusB;
                StatusClient standby = leader == a ? statusB : statusA;
                String newLeader = leader == a ? "feeder-b" : "feeder-a";

                leader.pause();
                try {
                    await().atMost(WAIT).until(() -> streams(standby));
                    // Each of the new leader's three connections evicted one of the paused leader's.
                    await().atMost(WAIT).until(() -> kicks(simulator) >= 3);
                } finally {
                    leader.resume();
                }
                long kicksAtResume = kicks(simulator);
                await().atMost(WAIT).until(() -> isStandbyOf(leaderStatus, newLeader));
                String resumed = leaderStatus.get(StatusServer.WEBSOCKET_STATUS).body();
                assertThat(resumed).contains("\"connected_count\":0", "\"role\":\"standby\"", "\"takeovers\":0")
                        .doesNotContain("\"STREAMING\"");
                // The new leader's connections were never kicked: the resumed one did not reconnect.
                assertThat(streams(standby)).isTrue();
                assertThat(standby.get(StatusServer.WEBSOCKET_STATUS).body()).contains("\"takeovers\":1")
                        .doesNotContain("\"reconnect_count\":1");
                assertThat(kicks(simulator)).as("kicks after the paused leader resumed").isEqualTo(kicksAtResume);
                System.out.printf("standby: SIGSTOP of the leader past its lease -> %d kicks of its paused sockets;"
                        + " resumed, it stepped down without reconnecting%n", kicksAtResume);
            }
        }
    }

    /** A simulator allowing the account's three connections (logging every kick over them), plus {@code extra}. */
    private static AppProcess startSimulator(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--simulator", "--port", "0", "--api-keys", API_KEY,
                "--max-connections", "3", "--rate", "2000"));
        args.addAll(List.of(extra));
        return AppProcess.start(args.toArray(String[]::new));
    }

    /** A headless feeder of group desk on {@code simulator}'s feed and {@code redis}; {@link #with} adds its FEEDER_ID. */
    private static String[] feederArgs(Path config, AppProcess simulator, RedisServerProcess redis) {
        String feed = simulator.awaitLine("LISTENING ", WAIT).substring("LISTENING ".length()).trim();
        return new String[] {"--headless", "--config", config.toString(), "--status-port", "0",
                "--set", "MASSIVE_API_KEY=" + API_KEY, "--set", "MASSIVE_WEBSOCKET_URL=" + feed,
                "--set", "REDIS_URL=" + redis.url(), "--set", "FEEDER_GROUP=desk",
                "--set", "FEEDER_LEASE_SECONDS=" + LEASE_SECONDS};
    }

    /** Waits until one of feeder-a and feeder-b streams and the other is its standby; true when feeder-a leads. */
    private static boolean awaitLeaderAndStandby(StatusClient statusA, StatusClient statusB) throws Exception {
        await().atMost(WAIT).until(() -> (streams(statusA) && isStandbyOf(statusB, "feeder-a"))
                || (streams(statusB) && isStandbyOf(statusA, "feeder-b")));
        return streams(statusA);
    }

    private static long kicks(AppProcess simulator) {
        return simulator.stderr().lines().filter(l -> l.contains("max_connections:")).count();
    }

    private static String[] with(String[] common, String setting) {
        String[] args = java.util.Arrays.copyOf(common, common.length + 2);
        args[common.length] = "--set";
        args[common.length + 1] = setting;
        return args;
    }

    private static boolean streams(StatusClient status) throws Exception {
        String body = status.get(StatusServer.WEBSOCKET_STATUS).body();
        return body.contains("\"role\":\"leader\"") && !body.contains("\"CONNECTING\"")
                && body.split("\"STREAMING\"", -1).length - 1 >= 3;
    }

    private static boolean isStandbyOf(StatusClient status, String leader) throws Exception {
        String body = status.get(StatusServer.WEBSOCKET_STATUS).body();
        return body.contains("\"role\":\"standby\"") && body.contains("\"leader\":\"" + leader + "\"");
    }

    private static StatusClient client(AppProcess app) {
        String line = app.awaitLine(HeadlessMode.STATUS_LINE, WAIT);
        return new StatusClient(URI.create(line.substring(HeadlessMode.STATUS_LINE.length())), null);
    }
}
