package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.RawFrameTap;
import com.tickstock.console.recording.FeedRecorder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --inspect} on recordings made by the real recorder: counts, a cut-short file, a damaged one. */
class InspectModeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int inspect(Path path) {
        return InspectMode.run(path, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void record(int frames) throws Exception {
        try (FeedRecorder recorder = FeedRecorder.start(dir, 1024 * 1024, List.of("k"))) {
            RawFrameTap tap = recorder.tap();
            long t = System.nanoTime();
            tap.messageSent("connection_1", 1, t, "{\"action\":\"subscribe\",\"params\":\"T.AAPL,Q.AAPL\"}");
            for (int i = 0; i < frames; i++) {
                tap.frameReceived("connection_1", 1, t + i * 1_000_000L, "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":4,"
                        + "\"i\":\"" + i + "\",\"z\":3,\"p\":101.5,\"s\":100,\"t\":1764840660000,\"q\":" + (i + 1) + "},"
                        + "{\"ev\":\"Q\",\"sym\":\"AAPL\",\"bx\":4,\"bp\":101.4,\"bs\":1,\"ax\":7,\"ap\":101.6,\"as\":2,"
                        + "\"z\":3,\"t\":1764840660000,\"q\":" + (i + 1) + "}]");
            }
            tap.frameReceived("connection_2", 3, t + 5_000_000_000L, "{not json");
        }
    }

    @Test
    void countsPerConnectionAndType() throws Exception {
        record(1_000);
        assertThat(inspect(dir)).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("recording: 2 file(s), 2 connection(s)")
                .contains("frames received: 1000").contains("events: 2000 market data; by type: {T=1000 Q=1000}")
                .contains("topics subscribed at the end: 2 (T.AAPL,Q.AAPL); with data: 2")
                .contains("decode errors: 1");
    }

    @Test
    void aCutShortFileIsReadToItsLastWholeRecordWithAWarning() throws Exception {
        record(20_000);
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.toString().contains("connection_1")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(inspect(file)).as("file %s, stderr: %s", file, err).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("warning: " + file).contains("read up to the last whole record");
    }

    @Test
    void aDamagedFileIsAnErrorNamingFileAndOffset() throws Exception {
        record(20_000);
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.toString().contains("connection_1")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 100; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(file, bytes);
        assertThat(inspect(dir)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file.toString())
                .containsPattern("at byte \\d+ of the decompressed stream");
        // The other connection's file is still read.
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("connection_2:");
    }

    @Test
    void aMissingPathIsNamed() {
        assertThat(inspect(dir.resolve("nope"))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope").contains("no such file");
    }
}
