package com.tickstock.console.republish;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back every shard stream a republisher wrote (one Redis or a cluster alike) and checks what holds per entry:
 * each tick is in its symbol's shard, and each shard holds exactly what the republisher counted as published there.
 *
 * @param entries the entries of all shards
 * @param volumes each symbol's trade volumes, in stream order (the tests number a symbol's ticks by volume)
 */
record ShardStreams(long entries, Map<String, List<Long>> volumes) {

    static ShardStreams read(RedisStreamCommands<String, String> redis, RepublisherConfig config,
                             RedisRepublisher republisher, int shards) {
        Map<String, List<Long>> volumes = new HashMap<>();
        long sum = 0;
        long[] perShard = republisher.publishedPerShard();
        for (int shard = 0; shard < shards; shard++) {
            List<StreamMessage<String, String>> entries = redis.xrange(config.shardName(shard), Range.create("-", "+"));
            assertThat(perShard[shard]).as("published count of shard %d", shard).isEqualTo(entries.size());
            sum += entries.size();
            for (StreamMessage<String, String> entry : entries) {
                Map<String, Object> tick = Json.object(entry.getBody().get("data"));
                String symbol = (String) tick.get("symbol");
                assertThat(TickShards.shardOf(symbol, shards)).as("%s in its shard", symbol).isEqualTo(shard);
                volumes.computeIfAbsent(symbol, k -> new ArrayList<>()).add((Long) tick.get("volume"));
            }
        }
        return new ShardStreams(sum, volumes);
    }
}
