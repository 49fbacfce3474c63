package com.tickstock.console.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real X server (Xvfb) on a free display number, for tests of real windows and desktop notifications. Skips the
 * calling test where Xvfb is not installed (Debian: apt-get install xvfb).
 */
public final class XvfbDisplay implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/bin/Xvfb");

    private final Process process;
    private final String name;

    private XvfbDisplay(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /** Starts one at 1366x768, its output in {@code log}; assumption-fails (skips) without Xvfb. */
    public static XvfbDisplay start(Path log) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(PROGRAM), "Xvfb is not installed");
        for (int n = 140; n < 200; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            int number = n;
            Process started = new ProcessBuilder(PROGRAM.toString(), ":" + number, "-screen", "0", "1366x768x24",
                    "-nolisten", "tcp").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // Xvfb makes its socket once it accepts clients; it exits at once when the number was taken after all.
            Awaitility.await("Xvfb :" + number).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !started.isAlive() || Files.exists(Path.of("/tmp/.X11-unix/X" + number)));
            if (started.isAlive()) {
                return new XvfbDisplay(started, ":" + number);
            }
        }
        throw new IllegalStateException("no free X display number");
    }

    /** The {@code DISPLAY} value, e.g. {@code :140}. */
    public String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
