package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window's recording tile, from the health section the recorder publishes. */
class RecordingSummaryTest {

    @Test
    void offWithoutARecording() {
        assertThat(RecordingSummary.describe(null)).isEqualTo("off");
        assertThat(RecordingSummary.describe(Map.of("state", "off"))).isEqualTo("off");
        assertThat(RecordingSummary.isActive(Map.of("state", "off"))).isFalse();
    }

    @Test
    void sizeFramesAndDrops() {
        Map<String, Object> section = Map.of("state", "recording", "bytes", 12_345_678L, "frames", 45_000L,
                "dropped", 3L);
        assertThat(RecordingSummary.describe(section)).isEqualTo("recording · 12.3 MB · 45,000 frames · 3 dropped");
        assertThat(RecordingSummary.isActive(section)).isTrue();
        assertThat(RecordingSummary.isActive(Map.of("state", "failing"))).isTrue();
        assertThat(RecordingSummary.isActive(Map.of("state", "stopped"))).isFalse();
    }
}
