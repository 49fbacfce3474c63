package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnection;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.Topic;
import com.tickstock.console.simulator.SimulatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's options, run as a separate process on the module path like {@code bin/tickstock}. */
class LauncherProcessIT {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @Test
    void versionPrintsTheBuildVersion() throws Exception {
        try (AppProcess app = AppProcess.start("--version")) {
            assertThat(app.exitCode(EXIT)).isZero();
            assertThat(app.stdout()).startsWith("TickStock Console ").doesNotContain("unknown").contains("Java 17");
        }
    }

    @Test
    void helpListsTheOptions() throws Exception {
        try (AppProcess app = AppProcess.start("--help")) {
            assertThat(app.exitCode(EXIT)).isZero();
            assertThat(app.stdout()).contains("--simulator", "--version", "--help");
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCodeTwo() throws Exception {
        try (AppProcess app = AppProcess.start("--no-such-option")) {
            assertThat(app.exitCode(EXIT)).isEqualTo(2);
            assertThat(app.stderr()).contains("--no-such-option").contains("tickstock --help");
            assertThat(app.stderr()).doesNotContain("Exception");
        }
    }

    @Test
    void theSimulatorRejectsABadRateWithExitCodeTwo() throws Exception {
        try (AppProcess app = AppProcess.start("--simulator", "--rate", "fast")) {
            assertThat(app.exitCode(EXIT)).isEqualTo(2);
            assertThat(app.stderr()).contains("--rate").contains("fast");
        }
    }

    @Test
    void theStandaloneSimulatorListensServesAClientAndStopsOnSigterm() throws Exception {
        try (AppProcess app = AppProcess.start("--simulator", "--port", "0", "--rate", "500", "--batch", "5")) {
            await().atMost(EXIT).until(() -> app.out.stream().anyMatch(l -> l.startsWith("LISTENING ")));
            String line = app.out.stream().filter(l -> l.startsWith("LISTENING ")).findFirst().orElseThrow();
            assertThat(line).matches("LISTENING ws://127\\.0\\.0\\.1:\\d+/stocks");
            URI url = URI.create(line.substring("LISTENING ".length()));
            try (FeedConnection client = new FeedConnection(
                    FeedConnectionConfig.of("connection_1", "probe", url, SimulatorConfig.DEV_API_KEY))) {
                client.subscribe(List.of(Topic.of(EventType.TRADE, "AAPL")));
                client.connect();
                await().atMost(EXIT).until(() -> client.state() == ConnectionState.STREAMING
                        && client.snapshot().marketDataEvents() > 20);
            }
            app.terminate();
            assertThat(app.exitCode(EXIT)).isIn(0, 143);
            assertThat(app.out.stream().filter(l -> l.startsWith("LISTENING "))).hasSize(1);
        }
    }
}
