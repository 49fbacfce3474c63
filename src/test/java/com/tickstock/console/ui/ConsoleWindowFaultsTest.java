package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pane states driven by real simulator faults. */
class ConsoleWindowFaultsTest extends WindowTestSupport {

    @Test
    void aWrongKeyShowsAuthFailedOnThatPaneOnly() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(200));
        open(List.of(
                spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL")),
                spec(sim, "connection_2", "secondary", "not-the-key", List.of("JPM"))));

        until("auth failed badge", () -> badge("connection_2").equals("auth failed"));
        awaitStreaming("connection_1");
        assertThat(fx(() -> lookup("#pane-connection_2 .badge").query().getStyleClass())).contains("badge-bad");
        until("failure logged", () -> logContains("FAILED: auth failed"));
        until("a notification names the failure", () -> fx(() -> lookup(".notice-title").queryAllAs(
                javafx.scene.control.Label.class).stream().anyMatch(l -> l.getText().equals("connection_2 (secondary) failed"))));
        assertThat(fx(() -> window.viewModel().connectionsProperty().get())).isEqualTo("1 / 2 streaming");
        // The kind of the error on hover: on that pane's error count and on the top bar's ERRORS.
        until("the pane's errors say auth_failed", () -> errorsTip("#connection_2-errors").endsWith("By kind: auth_failed 1"));
        assertThat(errorsTip("#connection_1-errors")).doesNotContain("By kind");
        until("ERRORS says auth_failed", () -> errorsTip("#errorsTile").endsWith("By kind: auth_failed 1"));
    }

    private String errorsTip(String selector) {
        return fx(() -> tooltipText(lookup(selector).query()));
    }

    @Test
    void aConnectionLimitKickIsNamedOnThePane() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(200).maxConnections(1)
                .eviction(SimulatorConfig.Eviction.NEWEST));
        open(List.of(
                spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL")),
                spec(sim, "connection_2", "secondary", SimulatorConfig.DEV_API_KEY, List.of("JPM"))));

        // One of the two loses every time; after two kicks in a row it gives up and says why.
        until("a pane says connection limit reached", () -> badge("connection_1").equals("connection limit reached")
                || badge("connection_2").equals("connection limit reached"));
        until("the kick is logged", () -> logContains("connection limit reached"));
        // Both kicks are errors: the top bar's ERRORS counts them instead of staying 0.
        until("ERRORS counts the kicks", () -> fx(() -> window.viewModel().errorsProperty().get()).equals("2"));
        until("ERRORS names them", () -> errorsTip("#errorsTile").endsWith("By kind: max_connections 2"));
        assertThat(errorsTip("#connection_1-errors") + errorsTip("#connection_2-errors")).contains("max_connections");
    }

    @Test
    void aStalledFeedShowsStaleAndRecovers() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(400));
        open(List.of(spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL", "MSFT"))));
        awaitStreaming("connection_1");
        SimConnection server = simConnectionOf("AAPL");

        server.stall().get(30, TimeUnit.SECONDS);
        until("stale badge with its age", () -> badge("connection_1").matches("stale \\d+ s"));
        assertThat(fx(() -> lookup("#pane-connection_1 .badge").query().getStyleClass())).contains("badge-warn");

        server.resume().get(30, TimeUnit.SECONDS);
        awaitStreaming("connection_1");
        until("recovery logged", () -> logContains("STREAMING: data resumed"));
    }

    @Test
    void aDroppedSocketShowsReconnectingThenStreamsAgain() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(400));
        open(List.of(spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL", "MSFT"))));
        awaitStreaming("connection_1");

        simConnectionOf("AAPL").dropAbruptly().get(30, TimeUnit.SECONDS);

        until("the drop is logged", () -> logContains("RECONNECTING: connection dropped"));
        until("streaming again is logged after the drop", () -> fx(() -> {
            List<LogEntry> lines = window.viewModel().log().entries();
            int drop = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).text().startsWith("RECONNECTING: connection dropped")) {
                    drop = i;
                } else if (drop >= 0 && lines.get(i).text().startsWith("STREAMING")) {
                    return true;
                }
            }
            return false;
        }));
        awaitStreaming("connection_1");
        long after = fx(() -> window.viewModel().pane("connection_1").row("AAPL").ticksProperty().get());
        until("ticks flow again", () -> fx(() -> window.viewModel().pane("connection_1").row("AAPL").ticksProperty().get())
                > after + 5);
    }
}
