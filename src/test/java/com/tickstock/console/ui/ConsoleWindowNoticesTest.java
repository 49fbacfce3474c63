package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/** Notifications on a real window over the real simulator: one per incident, inside the window, readable. */
class ConsoleWindowNoticesTest extends WindowTestSupport {

    @Test
    void aDropOfThreeConnectionsIsOneReadableNoticeInsideTheWindowAndCanBeTurnedOff() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(300));
        open(List.of(
                spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL")),
                spec(sim, "connection_2", "secondary", SimulatorConfig.DEV_API_KEY, List.of("JPM")),
                spec(sim, "connection_3", "backup", SimulatorConfig.DEV_API_KEY, List.of("XOM"))));
        awaitStreaming("connection_1", "connection_2", "connection_3");

        dropAll();

        until("one notice for the whole drop", () -> titles().stream()
                .anyMatch(t -> t.matches("3 connections dropped and recovered in \\d+ s")));
        assertThat(titles()).as("one notice, not one per state change").hasSize(1);
        String text = fx(() -> lookup(".notice-text").queryAs(Label.class).getText());
        assertThat(text).as("what happened, without a retry plan that is stale once they are back")
                .contains("RECONNECTING").doesNotContain("next try");
        for (boolean dark : new boolean[] {true, false}) {
            fx(() -> {
                window.viewModel().darkThemeProperty().set(dark);
                window.stage().getScene().getRoot().applyCss();
                window.stage().getScene().getRoot().layout();
                return null;
            });
            Region card = fx(() -> (Region) lookup(".notice").query());
            Label title = fx(() -> (Label) card.lookup(".notice-title"));
            double contrast = fx(() -> contrast((Color) title.getTextFill(),
                    (Color) card.getBackground().getFills().get(0).getFill()));
            assertThat(contrast).as("title contrast in the %s theme", dark ? "dark" : "light").isGreaterThanOrEqualTo(4.5);
            Bounds inScene = fx(() -> card.localToScene(card.getLayoutBounds()));
            double width = fx(() -> window.stage().getScene().getWidth());
            double height = fx(() -> window.stage().getScene().getHeight());
            assertThat(inScene.getMinX()).isGreaterThanOrEqualTo(0);
            assertThat(inScene.getMinY()).isGreaterThanOrEqualTo(0);
            assertThat(inScene.getMaxX()).isLessThanOrEqualTo(width);
            assertThat(inScene.getMaxY()).isLessThanOrEqualTo(height);
        }

        // Clicked away; then off in the Actions menu: the next incident reaches the log only.
        fx(() -> {
            window.toasts().layer().getChildren().clear();
            window.viewModel().notificationsOnProperty().set(false);
            return null;
        });
        long logged = incidentLines();
        awaitStreaming("connection_1", "connection_2", "connection_3");
        dropAll();
        until("the second incident is logged", () -> incidentLines() > logged);
        assertThat(titles()).as("no notice while notifications are off").isEmpty();
    }

    private void dropAll() throws Exception {
        List<SimConnection> servers = List.of(simConnectionOf("AAPL"), simConnectionOf("JPM"), simConnectionOf("XOM"));
        for (SimConnection server : servers) {
            server.dropAbruptly().get(30, TimeUnit.SECONDS);
        }
    }

    private long incidentLines() {
        return fx(() -> window.viewModel().log().entries().stream()
                .filter(e -> e.text().startsWith("incident: 3 connections")).count());
    }

    private List<String> titles() {
        return fx(() -> lookup(".notice-title").queryAllAs(Label.class).stream().filter(Node::isVisible)
                .map(Label::getText).toList());
    }

    /** WCAG contrast ratio of two opaque colours. */
    private static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
    }

    private static double channel(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
