package com.tickstock.console.republish;

import com.tickstock.console.republish.RepublisherStatus.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis under Sentinel, all real processes (a master, two replicas, three sentinels): the republisher finds the
 * master through the sentinels, follows the promoted replica when the master is SIGKILLed mid-stream, says so in
 * health and one failover line, and the start-up check refuses what can never work. With REDIS_REPLICAS_ACK=1 the
 * stream on the new master holds every tick exactly once. Each test has its own set-up (about 3 s to start).
 */
class SentinelFailoverIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String STREAM = "test:sentinel:ticks";

    private static final Pattern VOLUME = Pattern.compile("\"volume\":(\\d+)");

    private SentinelTopology topology;

    @BeforeEach
    void startTopology() throws Exception {
        topology = SentinelTopology.start();
    }

    @AfterEach
    void stopTopology() throws Exception {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void startCheckAcceptsTheMonitoredMasterAndNamesWhatIsWrongOtherwise() throws Exception {
        assertThat(SentinelCheck.problem(RedisEndpoint.parse(topology.url()), Duration.ofSeconds(2))).isNull();

        String unknown = topology.url().replace("#" + SentinelTopology.MASTER, "#nosuchmaster");
        assertThat(SentinelCheck.problem(RedisEndpoint.parse(unknown), Duration.ofSeconds(2)))
                .contains("names master 'nosuchmaster'")
                .contains("they monitor: " + SentinelTopology.MASTER);

        RedisServerProcess down = RedisServerProcess.notStarted();
        String unreachable = "redis-sentinel://:secret-pw-1@127.0.0.1:" + down.port() + "#" + SentinelTopology.MASTER;
        assertThat(SentinelCheck.problem(RedisEndpoint.parse(unreachable), Duration.ofSeconds(2)))
                .startsWith("reaches no sentinel: 127.0.0.1:" + down.port())
                .contains("does not fall back to a plain Redis")
                .doesNotContain("secret-pw-1");
    }

    @Test
    void republisherFollowsThePromotedReplicaWhenTheMasterIsKilledMidStream() throws Exception {
        RedisServerProcess oldMaster = topology.master();
        RedisRepublisher republisher = new RedisRepublisher(RepublisherConfig.fromUrl(topology.url())
                .withChannel(STREAM).withMode(RepublisherConfig.Mode.STREAM)).start();
        List<String> failoverLines = new CopyOnWriteArrayList<>();
        republisher.topology().addListener(failoverLines::add);
        AtomicLong offered = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            // About 20k ticks/s, paced so that a loaded two-core machine keeps up.
            while (producing.get()) {
                for (int i = 0; i < 20; i++) {
                    republisher.offer(Ticks.numbered(offered.getAndIncrement()), "connection_1");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "test-feed");
        feed.start();
        RedisServerProcess promoted;
        long offeredAtKill;
        try {
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);
            assertThat(republisher.topology().master()).isEqualTo("127.0.0.1:" + oldMaster.port());
            Map<String, Object> before = topology(republisher);
            assertThat(before).containsEntry("kind", "sentinel").containsEntry("failovers", 0L)
                    .containsEntry("master", "127.0.0.1:" + oldMaster.port());

            offeredAtKill = offered.get();
            oldMaster.kill();
            await().atMost(PATIENCE).until(() -> republisher.topology().failovers() == 1);
            promoted = topology.currentMaster();
            assertThat(promoted).isNotSameAs(oldMaster);
            assertThat(republisher.topology().master()).isEqualTo("127.0.0.1:" + promoted.port());
            long publishedAtFailover = republisher.status().published();
            await().atMost(PATIENCE).until(() -> republisher.status().published() > publishedAtFailover + 2_000);
        } finally {
            producing.set(false);
            feed.join();
        }
        try {
            await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);
            RepublisherStatus status = republisher.status();
            assertThat(status.state()).isEqualTo(State.CONNECTED);
            assertThat(status.received()).isEqualTo(offered.get());
            assertThat(status.published()).isEqualTo(offered.get());
            assertThat(status.droppedTotal()).isZero();
            // Every tick offered after the kill waited in the buffer and went to the new master.
            long entries = Long.parseLong(promoted.query("XLEN", STREAM).substring(1));
            assertThat(entries).isGreaterThanOrEqualTo(offered.get() - offeredAtKill);

            assertThat(topology(republisher)).containsEntry("failovers", 1L)
                    .containsEntry("master", "127.0.0.1:" + promoted.port());
            assertThat(failoverLines).hasSize(1);
            assertThat(failoverLines.get(0)).contains("master 127.0.0.1:" + oldMaster.port() + " is now 127.0.0.1:"
                    + promoted.port()).containsPattern("\\d+\\.\\d s without a master");
        } finally {
            republisher.close();
        }
    }

    @Test
    void withReplicasAckOneTheNewMasterHoldsEveryTickExactlyOnceAfterTheMasterIsKilled() throws Exception {
        RedisServerProcess oldMaster = topology.master();
        RedisRepublisher republisher = new RedisRepublisher(RepublisherConfig.fromUrl(topology.url())
                .withChannel(STREAM).withMode(RepublisherConfig.Mode.STREAM).withReplicasAck(1)).start();
        AtomicLong offered = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            // About 10k ticks/s: small batches keep a batch and its WAIT in flight at the moment of the kill.
            while (producing.get()) {
                for (int i = 0; i < 10; i++) {
                    republisher.offer(Ticks.numbered(offered.getAndIncrement()), "connection_1");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "test-feed");
        feed.start();
        RedisServerProcess promoted;
        try {
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);
            assertThat(republisher.healthMap()).containsEntry("resent", 0L);
            oldMaster.kill();
            await().atMost(PATIENCE).until(() -> republisher.topology().failovers() == 1);
            promoted = topology.currentMaster();
            long publishedAtFailover = republisher.status().published();
            // Confirmed again only once the other replica follows the promoted master.
            await().atMost(PATIENCE).until(() -> republisher.status().published() > publishedAtFailover + 2_000);
        } finally {
            producing.set(false);
            feed.join();
        }
        try {
            await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);
            RepublisherStatus status = republisher.status();
            assertThat(status.received()).isEqualTo(offered.get());
            assertThat(status.published()).isEqualTo(offered.get());
            assertThat(status.droppedTotal()).isZero();
            Map<String, Object> health = republisher.healthMap();
            assertThat(health).containsEntry("resent", 0L).containsEntry("state", "connected");
            // How much of the kill the run caught (re-sends and refusals vary with the moment of the kill).
            System.out.println("SentinelFailoverIT replicas_ack after the kill: " + health.get("replicas_ack"));

            // entries - resent = ticks received, exactly; and each tick once, in order.
            long entries = Long.parseLong(promoted.query("XLEN", STREAM).substring(1));
            assertThat(entries).isEqualTo(offered.get());
            Matcher volumes = VOLUME.matcher(promoted.query("XRANGE", STREAM, "-", "+"));
            long expected = 0;
            while (volumes.find()) {
                assertThat(Long.parseLong(volumes.group(1))).as("entry %d", expected).isEqualTo(expected);
                expected++;
            }
            assertThat(expected).isEqualTo(offered.get());
        } finally {
            republisher.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> topology(RedisRepublisher republisher) {
        return (Map<String, Object>) republisher.healthMap().get("topology");
    }
}
