package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented command lines of record and replay, in real processes: {@code --headless --record DIR},
 * {@code --inspect DIR} (whose counts equal the headless run's final counts) and {@code --simulator --replay DIR}.
 */
class RecordingProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void recordInspectAndReplayFromTheCommandLine() throws Exception {
        Path recording = dir.resolve("rec");
        String finals;
        try (AppProcess app = AppProcess.start("--headless", "--record", recording.toString())) {
            app.awaitLine("", WAIT);
            await().atMost(WAIT).until(() -> app.stdout().split("STREAMING", -1).length > 3);
            await().atMost(WAIT).until(() -> Files.isDirectory(recording) && Files.list(recording).count() == 3);
            app.terminate();
            assertThat(app.exitCode(WAIT)).as("stderr: %s", app.stderr()).isZero();
            finals = app.out.stream().filter(l -> l.contains(HeadlessMode.FINAL_COUNTS)).findFirst()
                    .orElseThrow(() -> new AssertionError("no final counts in " + app.stdout()));
            assertThat(app.stdout()).contains("recording stopped");
        }

        try (AppProcess inspect = AppProcess.start("--inspect", recording.toString())) {
            assertThat(inspect.exitCode(WAIT)).as("stderr: %s", inspect.stderr()).isZero();
            String report = inspect.stdout();
            assertThat(report).contains("recording: 3 file(s), 3 connection(s)").contains("decode errors: 0");
            for (String id : new String[] {"connection_1", "connection_2", "connection_3"}) {
                Matcher expected = Pattern.compile(id + "=(\\d+)").matcher(finals);
                assertThat(expected.find()).as(finals).isTrue();
                Matcher section = Pattern.compile(id + ":\\n(?:.*\\n){2}  events: (\\d+) market data").matcher(report);
                assertThat(section.find()).as(report).isTrue();
                assertThat(section.group(1)).as("%s in %s vs %s", id, report, finals).isEqualTo(expected.group(1));
            }
        }

        try (AppProcess replay = AppProcess.start("--simulator", "--replay", recording.toString(), "--speed", "max")) {
            assertThat(replay.awaitLine("LISTENING ", WAIT)).matches("LISTENING ws://127\\.0\\.0\\.1:\\d+/stocks");
            replay.terminate();
            assertThat(replay.exitCode(WAIT)).isZero();
        }
        try (AppProcess wrong = AppProcess.start("--simulator", "--replay", recording.toString(), "--rate", "5")) {
            assertThat(wrong.exitCode(WAIT)).isEqualTo(2);
            assertThat(wrong.stderr()).contains("--rate has no meaning with --replay");
        }
        try (AppProcess wrong = AppProcess.start("--simulator", "--from", "09:31")) {
            assertThat(wrong.exitCode(WAIT)).isEqualTo(2);
            assertThat(wrong.stderr()).contains("--from needs --replay");
        }
        // Without --replay, --speed is the market clock's: "max" has no meaning there.
        try (AppProcess wrong = AppProcess.start("--simulator", "--speed", "max")) {
            assertThat(wrong.exitCode(WAIT)).isEqualTo(2);
            assertThat(wrong.stderr()).contains("--speed");
        }
        try (AppProcess wrong = AppProcess.start("--simulator", "--replay", recording.toString(), "--speed", "fast")) {
            assertThat(wrong.exitCode(WAIT)).isEqualTo(2);
            assertThat(wrong.stderr()).contains("--speed must be a number above 0");
        }
    }
}
