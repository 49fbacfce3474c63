package com.tickstock.console.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sections (e.g. the republisher's {@code redis}) travel in the snapshot and follow the connections in the JSON. */
class HealthSectionsTest {

    @Test
    void aSectionIsWrittenAfterTheConnectionsWithEveryValueKind() {
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("state", "connected");
        redis.put("down_since", null);
        redis.put("published", 42L);
        redis.put("publish_rate", 12.5);
        redis.put("p99_latency_ms", Double.NaN);
        redis.put("healthy", true);
        redis.put("dropped", Map.of("buffer_full", 0L));
        redis.put("recent", List.of(1, "two"));
        HealthSnapshot health = new HealthSnapshot(Map.of("connection_1",
                new ConnectionHealth(HealthJsonTest.snapshot("connection_1", 1.0), "", 1)), List.of(),
                Instant.ofEpochMilli(3_000), Map.of("redis", redis));

        String json = HealthJson.toJson(health).replaceAll("\\s+", "");
        assertThat(json).contains("\"redis\":{\"state\":\"connected\",\"down_since\":null,\"published\":42,"
                + "\"publish_rate\":12.5,\"p99_latency_ms\":null,\"healthy\":true,\"dropped\":{\"buffer_full\":0},"
                + "\"recent\":[1,\"two\"]}");
        assertThat(json.indexOf("\"connections\"")).isLessThan(json.indexOf("\"redis\""));
        assertThat(json).endsWith("}}");
    }

    @Test
    void theFeedOnlyConstructorHasNoSections() {
        HealthSnapshot health = new HealthSnapshot(Map.of(), List.of(), Instant.EPOCH);
        assertThat(health.sections()).isEmpty();
        assertThat(HealthJson.toJson(health)).doesNotContain("redis");
    }
}
