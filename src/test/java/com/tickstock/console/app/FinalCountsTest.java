package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionErrorKind;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headless final line names the errors' kinds, not only their total. */
class FinalCountsTest {

    @Test
    void theErrorTotalIsFollowedByItsKindsMostFrequentFirstOverAllConnections() {
        Map<String, ConnectionHealth> connections = new LinkedHashMap<>();
        connections.put("connection_1", health("connection_1", 500, 0,
                Map.of(ConnectionErrorKind.MAX_CONNECTIONS, 2L)));
        connections.put("connection_2", health("connection_2", 0, 1,
                Map.of(ConnectionErrorKind.AUTH_FAILED, 1L, ConnectionErrorKind.MAX_CONNECTIONS, 1L)));
        HealthSnapshot snapshot = new HealthSnapshot(connections, List.of(), Instant.ofEpochMilli(5_000));

        assertThat(HeadlessMode.finalCounts(snapshot)).isEqualTo("final counts: connection_1=500 connection_2=0"
                + " total_received=500 total_dropped=0 total_errors=5 (max_connections=3, auth_failed=1, decode=1)");
    }

    @Test
    void noErrorsNoKinds() {
        HealthSnapshot snapshot = new HealthSnapshot(Map.of("connection_1", health("connection_1", 7, 0, Map.of())),
                List.of(), Instant.ofEpochMilli(5_000));

        assertThat(HeadlessMode.finalCounts(snapshot)).endsWith("total_errors=0");
    }

    private static ConnectionHealth health(String id, long trades, long decodeErrors,
                                           Map<ConnectionErrorKind, Long> connectionErrors) {
        ConnectionSnapshot feed = new ConnectionSnapshot(id, "primary", "ws://127.0.0.1:1/stocks",
                ConnectionState.STREAMING, Cause.SUBSCRIBED, "", 0, null, Instant.ofEpochMilli(1_000), 0, 0, 0,
                Map.of(EventType.TRADE, trades), 0, decodeErrors, "", 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0,
                0, 0, 0, 0, Instant.ofEpochMilli(2_000), connectionErrors, null);
        return new ConnectionHealth(feed, "", 1);
    }
}
