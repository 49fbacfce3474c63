package com.tickstock.console.republish;

import com.tickstock.console.republish.RepublisherConfig.Format;
import com.tickstock.console.republish.RepublisherConfig.Mode;
import com.tickstock.console.republish.RepublisherStatus.State;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RepublisherStatusTest {

    private static RepublisherStatus reconnecting() {
        return new RepublisherStatus(State.RECONNECTING, Instant.ofEpochMilli(1_705_853_696_123L),
                "redis://:***@cache:6379/0", "tickstock:market:ticks", Format.PER_TICK, Mode.PUBSUB,
                1_000, 700, 200, 1_000_000, Map.of(DropReason.BUFFER_FULL, 60L, DropReason.INVALID_TICK, 40L),
                3, 1234.5, 1.75, "Redis at redis://:***@cache:6379/0: connection refused");
    }

    @Test
    void everyDropReasonIsPresentAndTheTotalsReconcile() {
        RepublisherStatus status = reconnecting();
        assertThat(status.dropped()).containsOnlyKeys(DropReason.values());
        assertThat(status.dropped(DropReason.SHUTDOWN)).isZero();
        assertThat(status.droppedTotal()).isEqualTo(100);
        assertThat(status.isReconciled()).isTrue();
        assertThat(new RepublisherStatus(State.CONNECTED, null, "t", "c", Format.BATCH, Mode.STREAM, 10, 5, 4, 10,
                Map.of(), 0, 0, 0, null).isReconciled()).isFalse();
    }

    @Test
    void theHealthEntryUsesTheSnapshotsSnakeCaseAndEpochSeconds() {
        Map<String, Object> health = reconnecting().toHealthMap();
        assertThat(health).containsEntry("state", "reconnecting").containsEntry("down_since", 1705853696.123)
                .containsEntry("received", 1_000L).containsEntry("published", 700L).containsEntry("buffered", 200L)
                .containsEntry("dropped_total", 100L).containsEntry("publish_rate", 1234.5)
                .containsEntry("p99_latency_ms", 1.75).containsEntry("format", "per_tick")
                .containsEntry("mode", "pubsub");
        assertThat(health.get("dropped")).isEqualTo(Map.of("invalid_tick", 40L, "buffer_full", 60L,
                "buffer_full_oldest", 0L, "publish_failed", 0L, "shutdown", 0L));
    }

    @Test
    void metricsAreInThePrometheusTextFormat() {
        String metrics = reconnecting().appendMetrics(new StringBuilder()).toString();
        assertThat(metrics).contains("# TYPE tickstock_redis_ticks_received_total counter\n")
                .contains("tickstock_redis_ticks_received_total 1000\n")
                .contains("tickstock_redis_ticks_dropped_total{reason=\"buffer_full\"} 60\n")
                .contains("tickstock_redis_publish_latency_p99_seconds 0.00175\n")
                .contains("tickstock_redis_state{state=\"reconnecting\"} 1\n")
                .contains("tickstock_redis_state{state=\"connected\"} 0\n");
        for (String line : metrics.split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) .*|tickstock_redis_[a-z0-9_]+(\\{[a-z]+=\"[a-z_]+\"})? [0-9.E-]+");
        }
    }
}
