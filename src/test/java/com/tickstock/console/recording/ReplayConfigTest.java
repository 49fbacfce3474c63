package com.tickstock.console.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tickstock.console.feed.RawFrameTap;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --from/--to times, --speed bounds, and how the replay server routes a recorded frame. */
class ReplayConfigTest {

    @TempDir
    Path dir;

    @Test
    void anInstantOrATimeOfDayOnTheRecordingsFirstDay() throws Exception {
        try (FeedRecorder recorder = FeedRecorder.start(dir, 1024 * 1024, List.of())) {
            RawFrameTap tap = recorder.tap();
            tap.frameReceived("connection_1", 1, System.nanoTime(), "[]");
        }
        long instant = ReplayConfig.parseTime("--from", "2026-12-04T09:31:00Z", dir);
        assertThat(instant).isEqualTo(Instant.parse("2026-12-04T09:31:00Z").getEpochSecond() * 1_000_000_000L);
        long timeOfDay = ReplayConfig.parseTime("--to", "09:31:15", dir);
        Instant at = Instant.ofEpochSecond(0, timeOfDay);
        assertThat(at.toString()).endsWith("T09:31:15Z");
        Instant recorded = Instant.ofEpochSecond(0, RecordingFiles.records(dir).get(0).nanos());
        assertThat(at.toString().substring(0, 10)).isEqualTo(recorded.toString().substring(0, 10));
        assertThatThrownBy(() -> ReplayConfig.parseTime("--from", "half past nine", dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--from")
                .hasMessageContaining("'half past nine'");
    }

    @Test
    void speedAndWindowAreChecked() {
        assertThatThrownBy(() -> new ReplayConfig(dir, 0, Set.of(), 0, Long.MIN_VALUE, Long.MAX_VALUE))
                .hasMessageContaining("--speed");
        assertThatThrownBy(() -> new ReplayConfig(dir, 0, Set.of(), 1, 10, 5)).hasMessageContaining("--from is after --to");
    }

    @Test
    void framesAreRoutedByTopicAndTheHandshakeIsTheServersOwn() {
        FrameTopics trades = FrameTopics.of("[{\"ev\":\"T\",\"sym\":\"AAPL\",\"p\":1},{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":2}]");
        assertThat(trades.isFor(Set.of("T.MSFT"))).isTrue();
        assertThat(trades.isFor(Set.of("T.*"))).isTrue();
        assertThat(trades.isFor(Set.of("Q.AAPL"))).isFalse();
        assertThat(FrameTopics.of("{not json").isFor(Set.of("T.AAPL"))).isTrue();
        assertThat(FrameTopics.of("[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"authenticated\"}]")
                .isHandshakeOnly()).isTrue();
        FrameTopics error = FrameTopics.of("[{\"ev\":\"status\",\"status\":\"error\",\"message\":\"x\"}]");
        assertThat(error.isHandshakeOnly()).isFalse();
        assertThat(error.isFor(Set.of("T.AAPL"))).isTrue();
    }
}
