package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The reader every /metrics test goes through rejects what Prometheus' conventions reject. */
class PrometheusLinesTest {

    private static final String SUMMARY = """
            # HELP tickstock_feed_lag_seconds Lag.
            # TYPE tickstock_feed_lag_seconds summary
            tickstock_feed_lag_seconds{connection="c1",quantile="0.5"} 0.01
            tickstock_feed_lag_seconds{connection="c1",quantile="0.99"} 0.05
            tickstock_feed_lag_seconds_sum{connection="c1"} 12.5
            tickstock_feed_lag_seconds_count{connection="c1"} 1000
            """;

    @Test
    void acceptsWellFormedFamiliesAndASummaryWithQuantilesSumAndCount() {
        var samples = PrometheusLines.parse(SUMMARY + """
                # HELP tickstock_frames_total Frames.
                # TYPE tickstock_frames_total counter
                tickstock_frames_total{connection="c1"} 3
                """);
        assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds_count", "connection", "c1")).isEqualTo(1000);
        assertThat(PrometheusLines.value(samples, "tickstock_feed_lag_seconds", "quantile", "0.99")).isEqualTo(0.05);
    }

    @Test
    void rejectsWhatTheNamingConventionsReject() {
        assertThatThrownBy(() -> PrometheusLines.parse("# HELP tickstock_frames Frames.\n# TYPE tickstock_frames counter\n"
                + "tickstock_frames 1\n")).hasMessageContaining("_total");
        assertThatThrownBy(() -> PrometheusLines.parse("# HELP tickstock_depth_total D.\n# TYPE tickstock_depth_total gauge\n"
                + "tickstock_depth_total 1\n")).hasMessageContaining("_total");
        assertThatThrownBy(() -> PrometheusLines.parse("# HELP tickstock_lag_milliseconds L.\n"
                + "# TYPE tickstock_lag_milliseconds gauge\ntickstock_lag_milliseconds 1\n")).hasMessageContaining("base units");
        assertThatThrownBy(() -> PrometheusLines.parse("# HELP tickstock_up U.\n")).hasMessageContaining("HELP without TYPE");
        assertThatThrownBy(() -> PrometheusLines.parse("# HELP other_up U.\n# TYPE other_up gauge\nother_up 1\n"))
                .hasMessageContaining("tickstock_");
        assertThatThrownBy(() -> PrometheusLines.parse(SUMMARY + SUMMARY)).hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusLines.parse("# HELP tickstock_up U.\n# TYPE tickstock_up gauge\n"
                + "tickstock_up{quantile=\"0.5\"} 1\n")).hasMessageContaining("quantile");
        assertThatThrownBy(() -> PrometheusLines.parse("# HELP tickstock_up U.\n# TYPE tickstock_up gauge\n"
                + "tickstock_up{a=\"1\"} 1\ntickstock_up{a=\"1\"} 2\n")).hasMessageContaining("twice");
    }

    @Test
    void rejectsASummaryWithoutItsSumOrCount() {
        assertThatThrownBy(() -> PrometheusLines.parse(SUMMARY.replace(
                "tickstock_feed_lag_seconds_count{connection=\"c1\"} 1000\n", ""))).hasMessageContaining("_count");
        assertThatThrownBy(() -> PrometheusLines.parse(SUMMARY.replace(
                "tickstock_feed_lag_seconds_sum{connection=\"c1\"} 12.5\n", ""))).hasMessageContaining("_sum");
    }
}
