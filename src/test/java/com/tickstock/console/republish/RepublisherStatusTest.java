package com.tickstock.console.republish;

import com.tickstock.console.feed.DropReason;
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
                3, 1234.5, 1.75, 4.5, "Redis at redis://:***@cache:6379/0: connection refused");
    }

    @Test
    void everyDropReasonIsPresentAndTheTotalsReconcile() {
        RepublisherStatus status = reconnecting();
        assertThat(status.dropped()).containsOnlyKeys(DropReason.ofRepublisher().toArray(DropReason[]::new));
        assertThat(status.dropped(DropReason.SHUTDOWN)).isZero();
        assertThat(status.droppedTotal()).isEqualTo(100);
        assertThat(status.isReconciled()).isTrue();
        assertThat(new RepublisherStatus(State.CONNECTED, null, "t", "c", Format.BATCH, Mode.STREAM, 10, 5, 4, 10,
                Map.of(), 0, 0, 0, 0, null).isReconciled()).isFalse();
    }

    @Test
    void theHealthEntryUsesTheSnapshotsSnakeCaseAndEpochSeconds() {
        Map<String, Object> health = reconnecting().toHealthMap();
        assertThat(health).containsEntry("state", "reconnecting").containsEntry("down_since", 1705853696.123)
                .containsEntry("received", 1_000L).containsEntry("published", 700L).containsEntry("buffered", 200L)
                .containsEntry("dropped_total", 100L).containsEntry("publish_rate", 1234.5)
                .containsEntry("p99_latency_ms", 1.75).containsEntry("p999_latency_ms", 4.5)
                .containsEntry("format", "per_tick")
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
                .contains("tickstock_redis_publish_latency_p999_seconds 0.0045\n")
                .contains("tickstock_redis_state{state=\"reconnecting\"} 1\n")
                .contains("tickstock_redis_state{state=\"connected\"} 0\n");
        for (String line : metrics.lines().toList()) {
            assertThat(line).matches("# (HELP|TYPE) .*|tickstock_redis_[a-z0-9_]+(\\{[a-z]+=\"[a-z_]+\"})? [0-9.E-]+");
        }
    }

    @Test
    void catchUpAndReceiversAreInTheHealthEntryAndTheMetrics() {
        RepublisherStatus status = new RepublisherStatus(State.CONNECTED, null, "t", "c", Format.PER_TICK, Mode.PUBSUB,
                10, 5, 5, 10, Map.of(), 0, 0, 0, 0, null, new RepublisherStatus.CatchUp(true, 120_000, 4, 50_000),
                new RepublisherStatus.Receivers(0, 7, 1, "PUBLISH reached 0 subscriber(s), down from 1"));
        assertThat(status.catchUp().describe()).isEqualTo("catching up: 120,000 buffered, ETA 4 s");
        assertThat(status.toHealthMap()).containsEntry("catching_up", true).containsEntry("catch_up_eta_s", 4L)
                .containsEntry("catch_up", "catching up: 120,000 buffered, ETA 4 s").containsEntry("drain_rate", 50_000)
                .containsEntry("receivers", 0L).containsEntry("published_no_receivers", 7L)
                .containsEntry("subscribers_lost", 1L);
        assertThat(new RepublisherStatus.CatchUp(true, 10, -1, 100).describe()).contains("ETA unknown");
        String metrics = status.appendMetrics(new StringBuilder()).toString();
        assertThat(metrics).contains("tickstock_redis_catching_up 1\n").contains("tickstock_redis_catch_up_eta_seconds 4\n")
                .contains("tickstock_redis_ticks_published_no_receivers_total 7\n")
                .contains("tickstock_redis_subscribers_lost_total 1\n")
                .contains("tickstock_redis_state{state=\"not_answering\"} 0\n");
        for (String line : metrics.lines().toList()) {
            assertThat(line).matches("# (HELP|TYPE) .*|tickstock_redis_[a-z0-9_]+(\\{[a-z]+=\"[a-z_]+\"})? -?[0-9.E-]+");
        }
    }
}
