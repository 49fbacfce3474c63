package com.tickstock.console.republish;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code REDIS_SHARDS}: ticks spread over {@code CHANNEL:0..N-1} by symbol, read back from a real redis-server. Every
 * symbol's ticks carry a rising volume, so order within a shard is checked tick by tick.
 */
class ShardedRepublishTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int SHARDS = 12;
    private static final int SYMBOLS = 60;
    private static final int TICKS_PER_SYMBOL = 50;

    @Test
    void theShardFunctionIsCrc32OfTheUtf8SymbolModNAndOneShardKeepsTheChannelName() {
        // The README's example: CRC-32("AAPL") = 3060094812 (zlib.crc32(b"AAPL")), mod 12 = 0; mod 7 = 4.
        assertThat(TickShards.shardOf("AAPL", 12)).isZero();
        assertThat(TickShards.shardOf("AAPL", 7)).isEqualTo((int) (3_060_094_812L % 7));
        assertThat(TickShards.shardOf("AAPL", 1)).isZero();
        assertThat(TickShards.name("tickstock:market:ticks", 0, 1)).isEqualTo("tickstock:market:ticks");
        assertThat(TickShards.name("tickstock:market:ticks", 11, 12)).isEqualTo("tickstock:market:ticks:11");
    }

    @Test
    void twelveStreamsHoldEveryTickOnceEachSymbolInOneShardInOrder() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RepublisherConfig config = RepublisherConfig.fromUrl(redis.url()).withChannel("test:sharded")
                    .withMode(RepublisherConfig.Mode.STREAM).withShards(SHARDS);
            offerAllAndCheck(redis, config);
        }
    }

    @Test
    void withReplicaConfirmationExplicitIdsRiseWithinEveryShardStream() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0");
             RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                     String.valueOf(master.port()))) {
            await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> master.query("INFO", "replication").contains("state=online"));
            RepublisherConfig config = RepublisherConfig.fromUrl(master.url()).withChannel("test:sharded-acked")
                    .withMode(RepublisherConfig.Mode.STREAM).withReplicasAck(1).withShards(SHARDS);
            offerAllAndCheck(master, config);
            assertThat(replica.query("XLEN", "test:sharded-acked:0")).isEqualTo(master.query("XLEN", "test:sharded-acked:0"));
        }
    }

    @Test
    void pubSubPublishesEachSymbolOnItsShardChannelInOrder() throws Exception {
        int total = SYMBOLS * TICKS_PER_SYMBOL;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RepublisherConfig config = RepublisherConfig.fromUrl(redis.url()).withChannel("test:sharded-pubsub")
                    .withShards(SHARDS);
            List<TickSubscriber> subscribers = new ArrayList<>();
            try {
                for (int shard = 0; shard < SHARDS; shard++) {
                    subscribers.add(TickSubscriber.subscribe(redis.url(), config.shardName(shard)));
                }
                try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
                    for (int i = 0; i < TICKS_PER_SYMBOL; i++) {
                        for (int s = 0; s < SYMBOLS; s++) {
                            republisher.offer(Ticks.trade(symbol(s), 100 + s, i + 1, Ticks.T0 + i), "connection_1");
                        }
                    }
                    await().atMost(PATIENCE).until(
                            () -> subscribers.stream().mapToInt(sub -> sub.messages().size()).sum() == total);
                    assertThat(republisher.status().published()).isEqualTo(total);
                    ShardChecks.eachSymbolOnItsShardInOrder(subscribers, republisher.publishedPerShard(), SYMBOLS,
                            TICKS_PER_SYMBOL);
                }
            } finally {
                for (TickSubscriber subscriber : subscribers) {
                    subscriber.close();
                }
            }
        }
    }

    private static void offerAllAndCheck(RedisServerProcess redis, RepublisherConfig config) {
        int total = SYMBOLS * TICKS_PER_SYMBOL;
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            // Interleaved: symbol after symbol, so every shard's stream takes ticks of many symbols in turn.
            for (int i = 0; i < TICKS_PER_SYMBOL; i++) {
                for (int s = 0; s < SYMBOLS; s++) {
                    assertThat(republisher.offer(Ticks.trade(symbol(s), 100 + s, i + 1, Ticks.T0 + i), "connection_1"))
                            .isTrue();
                }
            }
            await().atMost(PATIENCE).until(() -> republisher.status().published() == total);

            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                ShardStreams read = ShardStreams.read(connection.sync(), config, republisher, SHARDS);
                long sum = read.entries();
                Map<String, List<Long>> volumes = read.volumes();
                assertThat(sum).isEqualTo(republisher.status().received()).isEqualTo(total);
                assertThat(connection.sync().exists(config.channel())).as("no unsharded stream").isZero();
                // 60 symbols over 12 shards: every shard gets some (CRC-32 spreads them).
                assertThat(republisher.publishedPerShard()).doesNotContain(0L);
                assertThat(volumes).hasSize(SYMBOLS);
                for (List<Long> v : volumes.values()) {
                    assertThat(v).hasSize(TICKS_PER_SYMBOL).isSorted().doesNotHaveDuplicates();
                }
            } finally {
                client.shutdown();
            }
            assertThat(republisher.healthMap()).containsEntry("shards", SHARDS);
            String metrics = republisher.appendShardMetrics(new StringBuilder()).toString();
            assertThat(metrics).contains("tickstock_redis_shard_ticks_published_total{shard=\"11\"} " + perShardOf(
                    republisher, 11));
        }
    }

    private static long perShardOf(RedisRepublisher republisher, int shard) {
        return republisher.publishedPerShard()[shard];
    }

    private static String symbol(int s) {
        return "SYM" + s;
    }
}
