package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.config.FeederSettings;
import com.tickstock.console.republish.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group's lease against a real redis-server: one leader at a time, a clean hand-over at once, a takeover when
 * the leader stops renewing, and fencing — a leader that cannot reach Redis steps down before its lease expires.
 * The duties only record what they are told, in one shared timeline, so any overlap of two leaders shows.
 */
class LeadershipIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LEASE_SECONDS = 3;

    /** Every lead and step-down of every feeder here, in the order they happened; "leading" counts the leaders. */
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final AtomicInteger leading = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final List<Leadership> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(Leadership::close);
    }

    private final class RecordingDuties implements Leadership.LeaderDuties {
        final String id;
        volatile Leadership.Takeover lastTakeover;
        volatile long steppedDownAtNanos;

        RecordingDuties(String id) {
            this.id = id;
        }

        @Override
        public void lead(Leadership.Takeover takeover) {
            mostAtOnce.accumulateAndGet(leading.incrementAndGet(), Math::max);
            timeline.add(id + " leads");
            lastTakeover = takeover; // last, as above
        }

        @Override
        public void stepDown(String why) {
            long at = System.nanoTime();
            leading.decrementAndGet();
            timeline.add(id + " steps down: " + why);
            steppedDownAtNanos = at; // last: a test that sees it sees the timeline line too
        }
    }

    private Leadership start(RedisServerProcess redis, String id, RecordingDuties duties) {
        Leadership l = new Leadership(new FeederSettings(id, "desk", LEASE_SECONDS), redis.url(), "test-host", "test",
                duties);
        started.add(l);
        l.start();
        return l;
    }

    @Test
    void oneOfTwoLeadsAndTheOtherTakesOverAtOnceWhenTheLeaderHandsOver() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RecordingDuties a = new RecordingDuties("feeder-a");
            Leadership leaderA = start(redis, "feeder-a", a);
            // The role is LEADER once the lease is held; the duties are told right after, on the lease thread.
            await().atMost(WAIT).until(() -> a.lastTakeover != null);
            assertThat(leaderA.state().role()).isEqualTo(Leadership.Role.LEADER);
            assertThat(a.lastTakeover.previousLeader()).isNull();
            redis.command("HSET", "tickstock:desk:assignment", "AAPL", "connection_2");

            RecordingDuties b = new RecordingDuties("feeder-b");
            Leadership standbyB = start(redis, "feeder-b", b);
            await().atMost(WAIT).until(() -> "feeder-a".equals(standbyB.state().leader()));
            assertThat(standbyB.state().role()).isEqualTo(Leadership.Role.STANDBY);
            assertThat(standbyB.healthSection()).containsEntry("role", "standby").containsEntry("leader", "feeder-a");
            await().atMost(WAIT).until(() -> redis.command("EXISTS", "tickstock:desk:standby:feeder-b").equals(":1"));
            assertThat(redis.query("SMEMBERS", "tickstock:desk:standbys")).as("the index consoles read").contains("feeder-b");

            // A clean stop as the runtime does it: the lease thread stops, the connections close, the lease goes.
            leaderA.stop();
            a.stepDown("clean stop");
            leaderA.release();
            await().atMost(WAIT).until(() -> b.lastTakeover != null);
            assertThat(standbyB.state().role()).isEqualTo(Leadership.Role.LEADER);
            assertThat(b.lastTakeover.previousLeader()).isEqualTo("feeder-a");
            assertThat(b.lastTakeover.gapSeconds()).as("a released lease is taken on the next look")
                    .isLessThan(LEASE_SECONDS);
            assertThat(b.lastTakeover.assignment()).isEqualTo(Map.of("AAPL", "connection_2"));
            assertThat(redis.query("SMEMBERS", "tickstock:desk:standbys")).as("a leader is no standby")
                    .doesNotContain("feeder-b");
            assertThat(standbyB.healthSection()).containsEntry("role", "leader").containsEntry("takeovers", 1L);
            assertThat(mostAtOnce.get()).as("timeline %s", timeline).isEqualTo(1);
        }
    }

    @Test
    void aLeaderThatCannotReachRedisStepsDownBeforeItsLeaseExpiresAndNeverOverlapsTheNextOne() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RecordingDuties a = new RecordingDuties("feeder-a");
            Leadership leaderA = start(redis, "feeder-a", a);
            await().atMost(WAIT).until(() -> leaderA.state().role() == Leadership.Role.LEADER);
            RecordingDuties b = new RecordingDuties("feeder-b");
            Leadership standbyB = start(redis, "feeder-b", b);
            await().atMost(WAIT).until(() -> "feeder-a".equals(standbyB.state().leader()));

            assertThat(leaderA.mayConnect()).as("the leader's connections may open sockets").isTrue();
            assertThat(standbyB.mayConnect()).as("the standby's may not").isFalse();
            // Redis stops answering (SIGSTOP): nobody can renew or take the lease while it is frozen.
            long frozenAt = System.nanoTime();
            redis.freeze();
            try {
                await().atMost(WAIT).until(() -> a.steppedDownAtNanos != 0);
                assertThat((a.steppedDownAtNanos - frozenAt) / 1e9)
                        .as("stepped down before the lease (renewed last before the freeze) could expire")
                        .isLessThan(LEASE_SECONDS);
                assertThat(timeline.get(timeline.size() - 1)).contains("feeder-a steps down: the lease could not be renewed");
                assertThat(leaderA.mayConnect()).as("fenced: no socket opens any more").isFalse();
            } finally {
                redis.thaw();
            }
            // The lease ran out while Redis was frozen: one of the two leads again, never both.
            await().atMost(WAIT).until(() -> leaderA.state().role() == Leadership.Role.LEADER
                    || standbyB.state().role() == Leadership.Role.LEADER);
            assertThat(mostAtOnce.get()).as("timeline %s", timeline).isEqualTo(1);
        }
    }

    @Test
    void aLeaderWhoseLeaseWasTakenStepsDownAtOnce() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RecordingDuties a = new RecordingDuties("feeder-a");
            Leadership leaderA = start(redis, "feeder-a", a);
            await().atMost(WAIT).until(() -> leaderA.state().role() == Leadership.Role.LEADER);

            redis.command("SET", "tickstock:desk:lease", "intruder/1", "PX", "60000");
            await().atMost(WAIT).until(() -> a.steppedDownAtNanos != 0);
            assertThat(timeline).last().asString().contains("the lease is held by intruder");
            await().atMost(WAIT).until(() -> "intruder".equals(leaderA.state().leader()));
            assertThat(leaderA.state().leaseExpiresInSeconds()).isGreaterThan(LEASE_SECONDS);
        }
    }

    @Test
    void aRestartedFeederTakesItsOwnEarlierLeaseOverWithoutWaitingForItToExpire() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            // An earlier run of feeder-a that died holding a long lease.
            redis.command("SET", "tickstock:desk:lease", "feeder-a/earlier", "PX", "60000");
            RecordingDuties a = new RecordingDuties("feeder-a");
            Leadership leaderA = start(redis, "feeder-a", a);
            await().atMost(WAIT).until(() -> a.lastTakeover != null);
            assertThat(a.lastTakeover.previousLeader()).as("its own earlier run is not another leader").isNull();
            assertThat(leaderA.healthSection()).containsEntry("takeovers", 0L);
        }
    }

    @Test
    void aFeederLeadsEvenWhenTheStoredAssignmentsCannotBeRead() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            // Someone wrote strings where the hashes belong: every HGETALL answers WRONGTYPE, every period.
            redis.command("SET", "tickstock:desk:assignment", "not a hash");
            redis.command("SET", "tickstock:desk:desired", "not a hash");
            RecordingDuties a = new RecordingDuties("feeder-a");
            Leadership leaderA = start(redis, "feeder-a", a);
            await().atMost(WAIT).until(() -> a.lastTakeover != null);
            assertThat(leaderA.state().role()).isEqualTo(Leadership.Role.LEADER);
            assertThat(a.lastTakeover.assignment()).as("leads with the configured universes").isEmpty();
            assertThat(a.lastTakeover.desired()).isNull();
        }
    }

    @Test
    void fencingLeavesTimeToCloseTheConnectionsForEveryLeaseLength() {
        for (int seconds = FeederSettings.MIN_LEASE_SECONDS; seconds <= FeederSettings.MAX_LEASE_SECONDS; seconds++) {
            long lease = seconds * 1000L;
            long fenceAfter = Leadership.fenceAfter(lease).toMillis();
            long worstCheck = fenceAfter + 2 * Leadership.period(lease).toMillis();
            assertThat(fenceAfter).as("lease %d s", seconds).isPositive();
            assertThat(lease - worstCheck).as("lease %d s: time left to close", seconds).isGreaterThanOrEqualTo(1_000);
        }
    }
}
