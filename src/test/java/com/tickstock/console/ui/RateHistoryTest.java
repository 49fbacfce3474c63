package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateHistoryTest {

    static HealthSnapshot health(long atMillis, double rate) {
        return new HealthSnapshot(Map.of("connection_1", new ConnectionHealth(
                streamingAt(rate), "", 3)), List.of(), Instant.ofEpochMilli(atMillis));
    }

    private static ConnectionSnapshot streamingAt(double msgsPerSecond) {
        return new ConnectionSnapshot("connection_1", "primary", "ws://x/stocks", ConnectionState.STREAMING,
                Cause.SUBSCRIBED, "", 0, null, null, 1, 0, 0, Map.of(), 0, 0, "", 0, "", 0, 0, msgsPerSecond, -1, -1,
                0, 0, 0, Map.of(), 0, 0, 0, 0, 0, Instant.EPOCH);
    }

    @Test
    void recordsOnePointPerPeriodAndKeepsTheNewest() {
        RateHistory history = new RateHistory(3, Duration.ofSeconds(1));
        assertThat(history.record(health(0, 1))).isTrue();
        assertThat(history.record(health(250, 99))).isFalse();
        history.record(health(1000, 2));
        history.record(health(2000, 3));
        history.record(health(3000, 4));

        double[] into = new double[3];
        assertThat(history.copy("connection_1", into)).isEqualTo(3);
        assertThat(into).containsExactly(2, 3, 4);
        assertThat(history.samples("connection_1")).isEqualTo(4);
        assertThat(history.copy("connection_9", into)).isZero();
    }
}
