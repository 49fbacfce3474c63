package com.tickstock.console.republish;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real 3-master Redis Cluster ({@code redis-cli --cluster create}) and {@code REDIS_URL=redis-cluster://}: the
 * republisher goes through Lettuce's cluster client, 12 shard streams or sharded channels spread over the masters,
 * every tick arrives exactly once, each symbol in one shard and in order, also while a shard stream's slot moves to
 * another master. Each test starts its own cluster (about 2 s).
 */
class ClusterRepublishIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int SHARDS = 12;
    private static final int SYMBOLS = 60;

    private ClusterTopology cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = ClusterTopology.start(3);
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void startCheckAcceptsTheClusterAndNamesWhatIsWrongOtherwise() throws Exception {
        assertThat(ClusterCheck.problem(RedisEndpoint.parse(cluster.url()), 0, Duration.ofSeconds(2))).isNull();
        assertThat(ClusterCheck.problem(RedisEndpoint.parse(cluster.url()), 1, Duration.ofSeconds(2)))
                .startsWith("with REDIS_REPLICAS_ACK=1: master 127.0.0.1:")
                .contains("has only 0 replica(s)");

        RedisServerProcess down = RedisServerProcess.notStarted();
        String unreachable = "redis-cluster://:secret-pw-1@127.0.0.1:" + down.port();
        assertThat(ClusterCheck.problem(RedisEndpoint.parse(unreachable), 0, Duration.ofSeconds(2)))
                .startsWith("reaches no seed node of the cluster")
                .contains("does not fall back to a plain Redis")
                .doesNotContain("secret-pw-1");
    }

    @Test
    void twelveShardStreamsHoldEveryTickOnceEachSymbolInOneShardInOrder() throws Exception {
        int perSymbol = 50;
        RepublisherConfig config = RepublisherConfig.fromUrl(cluster.url()).withChannel("test:cluster")
                .withMode(RepublisherConfig.Mode.STREAM).withShards(SHARDS);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            for (int i = 0; i < perSymbol; i++) {
                for (int s = 0; s < SYMBOLS; s++) {
                    assertThat(republisher.offer(Ticks.trade(symbol(s), 100 + s, i + 1, Ticks.T0 + i), "c1")).isTrue();
                }
            }
            await().atMost(PATIENCE).until(() -> republisher.status().published() == (long) SYMBOLS * perSymbol);
            checkStreams(config, republisher, perSymbol);
            @SuppressWarnings("unchecked")
            Map<String, Object> topology = (Map<String, Object>) republisher.healthMap().get("topology");
            assertThat(topology).containsEntry("kind", "cluster").containsEntry("nodes", 3)
                    .containsEntry("shards", SHARDS);
        }
    }

    @Test
    void twelveShardedSubscribersCountExactlyWhatWasPublished() throws Exception {
        int perSymbol = 50;
        RepublisherConfig config = RepublisherConfig.fromUrl(cluster.url()).withChannel("test:cluster-pubsub")
                .withShards(SHARDS);
        List<TickSubscriber> subscribers = new ArrayList<>();
        RedisClusterClient client = RedisClusterClient.create(cluster.url().replace("redis-cluster://", "redis://")
                .replaceAll(",.*", ""));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            for (int shard = 0; shard < SHARDS; shard++) {
                // SSUBSCRIBE on the master that owns the channel's slot, as a shard's reader would.
                String channel = config.shardName(shard);
                RedisClusterNode owner = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(channel));
                subscribers.add(TickSubscriber.sharded("redis://127.0.0.1:" + owner.getUri().getPort(), channel));
            }
            try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
                for (int i = 0; i < perSymbol; i++) {
                    for (int s = 0; s < SYMBOLS; s++) {
                        republisher.offer(Ticks.trade(symbol(s), 100 + s, i + 1, Ticks.T0 + i), "c1");
                    }
                }
                long total = (long) SYMBOLS * perSymbol;
                await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
                await().atMost(PATIENCE).until(() -> subscribers.stream().mapToLong(TickSubscriber::count).sum() >= total);
                assertThat(subscribers.stream().mapToLong(TickSubscriber::count).sum()).isEqualTo(total)
                        .isEqualTo(republisher.status().received());
                assertThat(republisher.publishedPerShard()).doesNotContain(0L);
                ShardChecks.eachSymbolOnItsShardInOrder(subscribers, republisher.publishedPerShard(), SYMBOLS, perSymbol);
            }
        } finally {
            for (TickSubscriber subscriber : subscribers) {
                subscriber.close();
            }
            client.shutdown();
        }
    }

    @Test
    void aShardStreamsSlotMovedToAnotherMasterWhileTicksFlowLosesNothing() throws Exception {
        int perSymbol = 400;
        long total = (long) SYMBOLS * perSymbol;
        RepublisherConfig config = RepublisherConfig.fromUrl(cluster.url()).withChannel("test:cluster-reshard")
                .withMode(RepublisherConfig.Mode.STREAM).withShards(SHARDS).withBufferSize((int) total);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            // Connected first: on a loaded machine the cluster connection once took longer than the whole paced feed,
            // so the slot moved after the last tick was offered.
            await().atMost(PATIENCE).until(() -> republisher.status().state() == RepublisherStatus.State.CONNECTED);
            AtomicBoolean feeding = new AtomicBoolean(true);
            Thread feed = new Thread(() -> {
                // About 20k ticks/s, paced so that the migration happens mid-stream on a loaded machine too.
                for (int i = 0; i < perSymbol; i++) {
                    for (int s = 0; s < SYMBOLS; s++) {
                        republisher.offer(Ticks.trade(symbol(s), 100 + s, i + 1, Ticks.T0 + i), "c1");
                    }
                    LockSupport.parkNanos(3_000_000);
                }
                feeding.set(false);
            }, "cluster-test-feed");
            feed.start();
            String movedKey = config.shardName(0);
            int slot = cluster.slotOf(movedKey);
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);
            RedisServerProcess target = cluster.migrateSlotWhilePublishing(slot, () -> republisher.status().published(),
                    1_000, PATIENCE);
            assertThat(feeding.get()).as("the slot moved while ticks were still being offered").isTrue();
            assertThat(cluster.ownerOf(slot)).isSameAs(target);
            feed.join(PATIENCE.toMillis());
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
            assertThat(target.query("XLEN", movedKey)).isNotEqualTo("0");
            // Ticks written straight to the old owner after the move were answered ASK or MOVED and went again
            // through Lettuce's routing: the redirect path was taken, and still nothing is lost or doubled.
            assertThat(republisher.clusterRedirectedTicks()).as("ticks redirected after the slot moved").isPositive();
            // Order holds in the moved shard too: while its redirected ticks were re-sent through Lettuce's routing,
            // its newer ones waited (ShardOrder), so none overtook them at the new owner.
            checkStreams(config, republisher, perSymbol);
        }
    }

    @Test
    void oneMastersConnectionsCutBetweenTwoBurstsAreRemadeAndLoseNothing() throws Exception {
        int perSymbol = 400;
        long total = (long) SYMBOLS * perSymbol;
        RepublisherConfig config = RepublisherConfig.fromUrl(cluster.url()).withChannel("test:cluster-cut")
                .withMode(RepublisherConfig.Mode.STREAM).withShards(SHARDS);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            offerVolumes(republisher, 1, perSymbol / 2, 0);
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total / 2);
            // Nothing is in flight at the cut, so nothing executed is re-sent and the counts stay exact. The second
            // burst, paced, meets that master's connections dying, down, then re-made: every tick must arrive once.
            // A seed node: not always the one Lettuce's cluster connection itself talks to, so publishing may go on.
            RedisServerProcess cut = cluster.masters().get(0);
            assertThat(cut.command("CLIENT", "KILL", "TYPE", "normal")).isNotEqualTo(":0");
            offerVolumes(republisher, perSymbol / 2 + 1, perSymbol, 200_000);
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);
            // The ticks written to a connection as it died are replayed by Lettuce or sent again; a shard's newer ticks
            // wait until those are answered (ShardOrder), so order holds around the cut too.
            checkStreams(config, republisher, perSymbol);
        }
    }

    /** Offers every symbol's ticks with volumes {@code from..to}, in volume order, pausing between volumes. */
    private static void offerVolumes(RedisRepublisher republisher, int from, int to, long pauseNanos) {
        for (int i = from; i <= to; i++) {
            for (int s = 0; s < SYMBOLS; s++) {
                assertThat(republisher.offer(Ticks.trade(symbol(s), 100 + s, i, Ticks.T0 + i), "c1")).isTrue();
            }
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
        }
    }

    /**
     * Sum over the shard streams = ticks received; every symbol in its own shard, all its ticks once, in order (also
     * in a shard whose slot moved or whose master's connections were cut).
     */
    private void checkStreams(RepublisherConfig config, RedisRepublisher republisher, int perSymbol) {
        RedisClusterClient client = RedisClusterClient.create(cluster.url().replace("redis-cluster://", "redis://")
                .replaceAll(",.*", ""));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            ShardStreams read = ShardStreams.read(connection.sync(), config, republisher, SHARDS);
            long sum = read.entries();
            Map<String, List<Long>> volumes = read.volumes();
            assertThat(sum).isEqualTo(republisher.status().received()).isEqualTo((long) SYMBOLS * perSymbol);
            assertThat(volumes).hasSize(SYMBOLS);
            List<Long> all = new ArrayList<>();
            for (long v = 1; v <= perSymbol; v++) {
                all.add(v);
            }
            for (Map.Entry<String, List<Long>> v : volumes.entrySet()) {
                assertThat(v.getValue()).as(v.getKey()).isEqualTo(all);
            }
            // The shard streams spread over the masters: more than one node holds some.
            long nodesWithStreams = cluster.masters().stream().filter(m -> {
                try {
                    return !m.query("DBSIZE").equals(":0");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
            assertThat(nodesWithStreams).isGreaterThan(1);
        } finally {
            client.shutdown();
        }
    }

    private static String symbol(int s) {
        return "S" + s;
    }
}
