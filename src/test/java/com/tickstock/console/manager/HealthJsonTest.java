package com.tickstock.console.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.DropReason;
import com.tickstock.console.feed.EventType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthJsonTest {

    static ConnectionSnapshot snapshot(String id, double rate) {
        return new ConnectionSnapshot(id, "primary", "ws://127.0.0.1:1/stocks", ConnectionState.STREAMING, Cause.SUBSCRIBED,
                "", 0, null, Instant.ofEpochMilli(1_000), 1_705_853_696_123L, 10, 1000,
                Map.of(EventType.TRADE, 700L, EventType.QUOTE, 50L, EventType.STATUS, 3L), 0, 2, "", 3, "boom", 1, 0,
                rate, 4, 9, 6, 7, 0, Map.of(DropReason.CONSUMER_BEHIND, 5L), 0, 0, 0, 10, 0, Instant.ofEpochMilli(2_000));
    }

    @Test
    void writesTheSeedKeysThenTheConsolesExtras() throws Exception {
        HealthSnapshot health = new HealthSnapshot(Map.of("connection_1",
                new ConnectionHealth(snapshot("connection_1", 12.34), "market_leaders:top_500", 150)), List.of(),
                Instant.ofEpochMilli(3_000));

        Map<String, String> top = new HashMap<>();
        Map<String, String> conn = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(HealthJson.toJson(health))) {
            String path = "";
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.START_OBJECT) {
                        path = name;
                    } else if (path.equals("connection_1")) {
                        conn.put(name, p.getText());
                    } else {
                        top.put(name, p.getText());
                    }
                }
            }
        }
        assertThat(top).containsEntry("total_connections", "1").containsEntry("connected_count", "1")
                .containsEntry("total_ticks_received", "750").containsEntry("total_errors", "5");
        assertThat(conn).containsEntry("name", "primary").containsEntry("status", "connected")
                .containsEntry("assigned_tickers", "150").containsEntry("message_count", "750")
                .containsEntry("error_count", "5").containsEntry("last_message_time", "1705853696.123")
                .containsEntry("state", "STREAMING").containsEntry("universe_key", "market_leaders:top_500")
                .containsEntry("reconnect_count", "1").containsEntry("decode_errors", "2")
                .containsEntry("msgs_per_second", "12.3").containsEntry("lag_ms_p99", "9")
                .containsEntry("sequence_gaps", "6").containsEntry("dropped", "5")
                .containsKeys("cause", "url", "lag_ms_p50");
    }

    @Test
    void theTopLevelSectionIsWrittenAsTopLevelFieldsAndOtherSectionsAsObjects() {
        Map<String, Object> top = new java.util.LinkedHashMap<>();
        top.put("role", "standby");
        top.put("leader", "feeder-a");
        top.put("lease_expires_in", 3.2);
        top.put("takeovers", 0L);
        Map<String, Map<String, Object>> sections = new java.util.LinkedHashMap<>();
        sections.put(HealthJson.TOP_LEVEL, top);
        sections.put("lease", Map.of("role", "standby"));
        HealthSnapshot health = new HealthSnapshot(Map.of(), List.of(), Instant.ofEpochMilli(3_000), sections);

        java.io.StringWriter out = new java.io.StringWriter();
        HealthJson.write(health, out, false);
        assertThat(out.toString()).contains(",\"role\":\"standby\",\"leader\":\"feeder-a\",\"lease_expires_in\":3.2,"
                + "\"takeovers\":0,\"lease\":{\"role\":\"standby\"}}").doesNotContain(HealthJson.TOP_LEVEL);
    }
}
