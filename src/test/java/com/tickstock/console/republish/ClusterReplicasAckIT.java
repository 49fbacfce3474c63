package com.tickstock.console.republish;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code REDIS_REPLICAS_ACK} with a real Redis Cluster of 3 masters and 1 replica each: each master's share of a
 * batch is confirmed by a WAIT on the connection that wrote it before it counts as published; the start check refuses
 * more acks than the replicas that exist, naming the key and the master; and a master killed mid-stream loses nothing
 * once the cluster promoted its replica: its ticks wait unconfirmed (health says for which acks) until the restarted
 * master, now the promoted one's replica, confirms them. Stream entries
 * − {@code redis.resent} = ticks received, each symbol in its shard in order.
 */
class ClusterReplicasAckIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int SHARDS = 12;
    private static final int SYMBOLS = 60;
    /** Short, so a killed master's replica is promoted within seconds; long enough for a loaded 2-core machine. */
    private static final int NODE_TIMEOUT_MILLIS = 2000;

    private ClusterTopology cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = ClusterTopology.start(3, 1, NODE_TIMEOUT_MILLIS);
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void startCheckAcceptsTheReplicasThatExistAndRefusesMoreNamingTheKeyAndTheMaster() throws Exception {
        RedisEndpoint endpoint = RedisEndpoint.parse(cluster.url());
        assertThat(ClusterCheck.problem(endpoint, 1, Duration.ofSeconds(2))).isNull();
        assertThat(ClusterCheck.problem(endpoint, 2, Duration.ofSeconds(2)))
                .startsWith("with REDIS_REPLICAS_ACK=2: master 127.0.0.1:")
                .contains("has only 1 replica(s)");
    }

    @Test
    void everyMastersShareIsConfirmedByItsReplicaAndEveryTickIsInItsShardOnceInOrder() throws Exception {
        int perSymbol = 100;
        RepublisherConfig config = config("test:cluster-ack");
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            for (int i = 1; i <= perSymbol; i++) {
                for (int s = 0; s < SYMBOLS; s++) {
                    assertThat(republisher.offer(Ticks.trade("S" + s, 100 + s, i, Ticks.T0 + i), "c1")).isTrue();
                }
            }
            long total = (long) SYMBOLS * perSymbol;
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
            Map<String, Object> health = republisher.healthMap();
            assertThat(health).containsEntry("state", "connected").containsEntry("resent", 0L);
            @SuppressWarnings("unchecked")
            Map<String, Object> acks = (Map<String, Object>) health.get("replicas_ack");
            assertThat(acks).containsEntry("required", 1).containsEntry("last_acked", 1L);
            checkStreams(config, republisher, perSymbol);
        }
    }

    @Test
    void aMasterKilledMidStreamLosesNothingOnceItsReplicaIsPromoted() throws Exception {
        int perSymbol = 400;
        long total = (long) SYMBOLS * perSymbol;
        RepublisherConfig config = config("test:cluster-ack-kill").withBufferSize((int) total);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            await().atMost(PATIENCE).until(() -> republisher.status().state() == RepublisherStatus.State.CONNECTED);
            AtomicInteger offeredRounds = new AtomicInteger();
            Thread feed = pacedFeed(republisher, perSymbol, 5_000_000, offeredRounds, "cluster-ack-test-feed");
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);
            RedisServerProcess victim = cluster.ownerOf(cluster.slotOf(config.shardName(0)));
            victim.kill();
            assertThat(offeredRounds.get()).as("killed while ticks were still being offered").isLessThan(perSymbol);
            // The cluster promotes the replica; the restarted master rejoins as its replica, so WAIT 1 can be met again.
            await().atMost(PATIENCE).ignoreExceptions().until(() -> cluster.replicas().stream().anyMatch(r -> {
                try {
                    return r.query("ROLE").startsWith("master");
                } catch (java.io.IOException e) {
                    return false;
                }
            }));
            // The promoted replica has no replica of its own: its shards' ticks land there but stay unconfirmed, and
            // health names the acks it waits for, as with Sentinel.
            await().atMost(PATIENCE).until(() -> String.valueOf(republisher.healthMap().get("state"))
                    .equals("waiting_for_replicas: WAIT 1 answered 0"));
            victim.startProcess();
            feed.join(PATIENCE.toMillis());
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
            Map<String, Object> health = republisher.healthMap();
            assertThat(health).containsEntry("resent", 0L);
            assertThat(republisher.status().droppedTotal()).isZero();
            checkStreams(config, republisher, perSymbol);
        }
    }

    @Test
    void aShardStreamsSlotMovedWhileTicksFlowIsConfirmedAtItsNewOwnerOnceInOrder() throws Exception {
        int perSymbol = 400;
        long total = (long) SYMBOLS * perSymbol;
        RepublisherConfig config = config("test:cluster-ack-reshard").withBufferSize((int) total);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            await().atMost(PATIENCE).until(() -> republisher.status().state() == RepublisherStatus.State.CONNECTED);
            AtomicInteger offeredRounds = new AtomicInteger();
            Thread feed = pacedFeed(republisher, perSymbol, 3_000_000, offeredRounds, "cluster-ack-reshard-feed");
            String movedKey = config.shardName(0);
            int slot = cluster.slotOf(movedKey);
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);
            RedisServerProcess target = cluster.migrateSlotWhilePublishing(slot, () -> republisher.status().published(),
                    1_000, PATIENCE);
            assertThat(offeredRounds.get()).as("the slot moved while ticks were still being offered")
                    .isLessThan(perSymbol);
            feed.join(PATIENCE.toMillis());
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
            // The old owner's MOVED/ASK answers were seen, and the shard went on straight to the new owner (where a WAIT
            // confirms it) once Lettuce's view named it.
            assertThat(republisher.clusterRedirectedTicks()).isPositive();
            assertThat(target.query("XLEN", movedKey)).isNotEqualTo(":0");
            assertThat(republisher.healthMap()).containsEntry("resent", 0L);
            checkStreams(config, republisher, perSymbol);
        }
    }

    /**
     * {@code CLUSTER FAILOVER} on a shard's master's replica while ticks flow: the old master, still reachable on the
     * same connection, turns replica, where a WAIT is refused ("cannot be used with replica instances"); the shares it
     * had not confirmed yet are written again (same IDs) to the new master and confirmed there, rather than asked
     * about on the old one for ever while the shard holds every newer tick back.
     */
    @Test
    void aManualFailoverMidStreamLosesNothingAndStallsNothing() throws Exception {
        int perSymbol = 400;
        long total = (long) SYMBOLS * perSymbol;
        RepublisherConfig config = config("test:cluster-ack-failover").withBufferSize((int) total);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            await().atMost(PATIENCE).until(() -> republisher.status().state() == RepublisherStatus.State.CONNECTED);
            AtomicInteger offeredRounds = new AtomicInteger();
            Thread feed = pacedFeed(republisher, perSymbol, 5_000_000, offeredRounds, "cluster-ack-failover-feed");
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);
            RedisServerProcess master = cluster.ownerOf(cluster.slotOf(config.shardName(0)));
            RedisServerProcess replica = replicaOf(master);
            assertThat(replica.command("CLUSTER", "FAILOVER")).isEqualTo("+OK");
            await().atMost(PATIENCE).until(() -> master.query("ROLE").startsWith("slave"));
            assertThat(offeredRounds.get()).as("failed over while ticks were still being offered")
                    .isLessThan(perSymbol);
            feed.join(PATIENCE.toMillis());
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
            assertThat(republisher.status().droppedTotal()).isZero();
            checkStreams(config, republisher, perSymbol);
        }
    }

    /**
     * One master's replica frozen while ticks flow: that master's shares wait unconfirmed while the other masters
     * confirm theirs, and health says waiting_for_replicas all along, rather than flapping to connected at each of the
     * other masters' confirmations (each flap also logged a stop and a resume). Once the replica thaws, every tick is
     * published, once, in order.
     */
    @Test
    void oneMastersSilentReplicaKeepsHealthWaitingWhileTheOtherMastersConfirm() throws Exception {
        int perSymbol = 400;
        long total = (long) SYMBOLS * perSymbol;
        // Batches of 5,000: the in-flight bound (4 batches) outlasts the feed, so the other masters go on confirming.
        RepublisherConfig config = config("test:cluster-ack-silent").withBufferSize((int) total).withBatchSize(5_000);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            await().atMost(PATIENCE).until(() -> republisher.status().state() == RepublisherStatus.State.CONNECTED);
            RedisServerProcess replica = replicaOf(cluster.ownerOf(cluster.slotOf(config.shardName(0))));
            replica.freeze();
            Thread feed;
            try {
                feed = pacedFeed(republisher, perSymbol, 5_000_000, new AtomicInteger(), "cluster-ack-silent-feed");
                await().atMost(PATIENCE).until(() -> state(republisher).startsWith("waiting_for_replicas"));
                long before = republisher.status().published();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).during(Duration.ofSeconds(1))
                        .until(() -> state(republisher).equals("waiting_for_replicas: WAIT 1 answered 0"));
                assertThat(republisher.status().published()).as("the other masters confirmed meanwhile")
                        .isGreaterThan(before);
            } finally {
                replica.thaw();
            }
            feed.join(PATIENCE.toMillis());
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
            assertThat(state(republisher)).isEqualTo("connected");
            checkStreams(config, republisher, perSymbol);
        }
    }

    private static String state(RedisRepublisher republisher) {
        return String.valueOf(republisher.healthMap().get("state"));
    }

    /** The replica of {@code master}, by the port its {@code INFO replication} names. */
    private RedisServerProcess replicaOf(RedisServerProcess master) throws java.io.IOException {
        String replication = master.query("INFO", "replication");
        return cluster.replicas().stream().filter(r -> replication.contains("port=" + r.port() + ",")).findFirst()
                .orElseThrow();
    }

    private RepublisherConfig config(String channel) {
        return RepublisherConfig.fromUrl(cluster.url()).withChannel(channel).withMode(RepublisherConfig.Mode.STREAM)
                .withShards(SHARDS).withReplicasAck(1);
    }

    /** Entries over all shard streams − resent (0: explicit IDs) = ticks received; each symbol once, in order. */
    private void checkStreams(RepublisherConfig config, RedisRepublisher republisher, int perSymbol) {
        RedisClusterClient client = RedisClusterClient.create(cluster.url().replace("redis-cluster://", "redis://")
                .replaceAll(",.*", ""));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            ShardStreams read = ShardStreams.read(connection.sync(), config, republisher, SHARDS);
            long resent = (Long) republisher.healthMap().get("resent");
            assertThat(read.entries() - resent).isEqualTo(republisher.status().received())
                    .isEqualTo((long) SYMBOLS * perSymbol);
            assertThat(read.volumes()).hasSize(SYMBOLS);
            for (Map.Entry<String, List<Long>> v : read.volumes().entrySet()) {
                assertThat(v.getValue()).as(v.getKey()).hasSize(perSymbol).isSorted().doesNotHaveDuplicates();
            }
        } finally {
            client.shutdown();
        }
    }

    /**
     * Offers {@code perSymbol} rounds of one tick per symbol, pausing {@code pauseNanos} after each round, so that a
     * fault injected meanwhile lands mid-stream even on a loaded machine; {@code offeredRounds} says how far it got.
     */
    private static Thread pacedFeed(RedisRepublisher republisher, int perSymbol, long pauseNanos,
                                    AtomicInteger offeredRounds, String name) {
        Thread feed = new Thread(() -> {
            for (int i = 1; i <= perSymbol; i++) {
                for (int s = 0; s < SYMBOLS; s++) {
                    republisher.offer(Ticks.trade("S" + s, 100 + s, i, Ticks.T0 + i), "c1");
                }
                offeredRounds.set(i);
                LockSupport.parkNanos(pauseNanos);
            }
        }, name);
        feed.start();
        return feed;
    }
}
