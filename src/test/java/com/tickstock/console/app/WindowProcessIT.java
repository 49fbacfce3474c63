package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.ui.XvfbDisplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The window's process, on a real X server (Xvfb) with GTK, stopped with SIGTERM: it must end as headless does.
 * Skipped where Xvfb is not installed (Debian: apt-get install xvfb libgtk-3-0).
 */
class WindowProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private XvfbDisplay xvfb;

    @AfterEach
    void stopXvfb() throws InterruptedException {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @Test
    void sigtermClosesTheWindowSavesItsSettingsLogsTheFinalCountsAndExitsZero() throws Exception {
        xvfb = XvfbDisplay.start(dir.resolve("xvfb.log"));
        String display = xvfb.name();
        Path config = HeadlessProcessIT.smallConfig(dir);
        Path prefs = dir.resolve("window.properties");
        try (AppProcess app = AppProcess.startWithEnvironment(Map.of("DISPLAY", display),
                List.of("-Dtickstock.ui.prefs=" + prefs, "-Dtickstock.ui.notifications=window"),
                "--config", config.toString())) {
            // Without --headless the log goes to stderr (the JDK's console handler).
            awaitLogged(app, "INFO: first frame");
            for (String id : List.of("connection_1", "connection_2", "connection_3")) {
                awaitLogged(app, "INFO: " + id + " STREAMING");
            }

            app.terminate();

            assertThat(app.exitCode(WAIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isZero();
            String log = app.stdout() + "\n" + app.stderr();
            assertThat(log).contains("window: SIGTERM received, closing the window");
            // Connections closed by us (close frames), not dropped.
            assertThat(log).contains("connection_1 DISCONNECTED", "connection_2 DISCONNECTED",
                    "connection_3 DISCONNECTED");
            List<String> finals = java.util.stream.Stream.concat(app.out.stream(), app.err.stream())
                    .filter(l -> l.contains(HeadlessMode.FINAL_COUNTS)).toList();
            assertThat(finals).as("log: %s", log).hasSize(1);
            assertThat(finals.get(0)).containsPattern("total_received=[1-9]\\d*").contains("total_dropped=0");
            assertThat(prefs).as("window settings saved").exists();
            assertThat(Files.readString(prefs)).contains("width=", "theme=", "notifications=");
            assertThat(log).doesNotContain("Exception");
        }
    }

    /**
     * The window attached to a real headless feeder through a real redis-server ({@code --attach URL}) ends the same
     * way on SIGTERM and on SIGHUP: settings saved, its connections to Redis closed, its last line logged, exit 0.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "HUP"})
    void aStopSignalEndsTheAttachedWindowLikeTheLocalOne(String signal) throws Exception {
        xvfb = XvfbDisplay.start(dir.resolve("xvfb.log"));
        Path config = HeadlessProcessIT.smallConfig(dir);
        Path prefs = dir.resolve("window.properties");
        try (RedisServerProcess redis = RedisServerProcess.start();
             AppProcess feeder = AppProcess.start("--headless", "--config", config.toString(),
                     "--set", "REDIS_URL=" + redis.url(), "--set", "FEEDER_ID=feeder-w", "--set", "FEEDER_GROUP=desk")) {
            org.awaitility.Awaitility.await("the feeder's heartbeat").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> redis.command("EXISTS", "tickstock:desk:feeder").equals(":1"));
            try (AppProcess app = AppProcess.startWithEnvironment(Map.of("DISPLAY", xvfb.name()),
                    List.of("-Dtickstock.ui.prefs=" + prefs, "-Dtickstock.ui.notifications=window"),
                    "--attach", redis.url(), "--group", "desk")) {
                awaitLogged(app, "INFO: first frame");
                awaitLogged(app, "INFO: attached to feeder feeder-w");

                if (signal.equals("TERM")) {
                    app.terminate();
                } else {
                    app.hangUp();
                }

                assertThat(app.exitCode(WAIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isZero();
                String log = app.stdout() + "\n" + app.stderr();
                assertThat(log).contains("window: SIG" + signal + " received, closing the window");
                List<String> last = app.err.stream().filter(l -> l.startsWith("INFO: ")).toList();
                assertThat(last).as("log: %s", log).isNotEmpty();
                assertThat(last.get(last.size() - 1)).startsWith("INFO: " + AttachMode.DETACHED)
                        .contains("last seen from feeder feeder-w: " + HeadlessMode.FINAL_COUNTS)
                        .containsPattern("total_received=\\d+");
                assertThat(prefs).as("window settings saved").exists();
                assertThat(Files.readString(prefs)).contains("width=", "theme=", "notifications=");
                assertThat(log).doesNotContain("Exception");
            }
            assertThat(feeder.alive()).as("the feeder is not the window's to stop").isTrue();
        }
    }

    private static void awaitLogged(AppProcess app, String prefix) {
        org.awaitility.Awaitility.await(prefix).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> app.err.stream().anyMatch(l -> l.startsWith(prefix)));
    }
}
