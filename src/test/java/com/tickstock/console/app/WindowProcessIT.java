package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.ui.XvfbDisplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private static void awaitLogged(AppProcess app, String prefix) {
        org.awaitility.Awaitility.await(prefix).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> app.err.stream().anyMatch(l -> l.startsWith(prefix)));
    }
}
