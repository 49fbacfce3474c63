package com.tickstock.console.republish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every sharded Pub/Sub test checks of its per-shard subscribers, for a single Redis and a cluster alike. */
final class ShardChecks {

    private ShardChecks() {
    }

    /**
     * Subscriber k (of shard k's channel) got exactly what shard k's published count says, only ticks of symbols
     * whose shard is k, and every symbol's {@code perSymbol} ticks (volumes 1..perSymbol) once each, in order.
     */
    static void eachSymbolOnItsShardInOrder(List<TickSubscriber> subscribers, long[] publishedPerShard, int symbols,
                                            int perSymbol) {
        int shards = subscribers.size();
        Map<String, List<Long>> volumes = new HashMap<>();
        for (int shard = 0; shard < shards; shard++) {
            List<String> messages = subscribers.get(shard).messages();
            assertThat(publishedPerShard[shard]).as("shard %d", shard).isEqualTo(messages.size());
            for (String message : messages) {
                Map<String, Object> tick = Json.object(message);
                String symbol = (String) tick.get("symbol");
                assertThat(TickShards.shardOf(symbol, shards)).as(symbol).isEqualTo(shard);
                volumes.computeIfAbsent(symbol, k -> new ArrayList<>()).add((Long) tick.get("volume"));
            }
        }
        assertThat(volumes).hasSize(symbols);
        for (List<Long> v : volumes.values()) {
            assertThat(v).hasSize(perSymbol).isSorted().doesNotHaveDuplicates();
        }
    }
}
