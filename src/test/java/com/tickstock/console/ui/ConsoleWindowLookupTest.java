package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.simulator.SimulatorConfig;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ticker lookup in the real window: type, Enter, highlighted row, detail panel, subscribe offer. */
class ConsoleWindowLookupTest extends WindowTestSupport {

    @BeforeEach
    void openWindow() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(400));
        open(List.of(
                spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL", "MSFT", "NVDA")),
                spec(sim, "connection_2", "secondary", SimulatorConfig.DEV_API_KEY, List.of("JPM", "GS", "BAC")),
                spec(sim, "connection_3", "tertiary", SimulatorConfig.DEV_API_KEY, List.of("XOM", "CVX"))));
        awaitStreaming("connection_1", "connection_2", "connection_3");
    }

    @Test
    void enterOnAKnownTickerHighlightsItsRowAndShowsTheDetailPanel() {
        clickOn("#lookupField").write("gs").type(KeyCode.ENTER);

        until("GS selected in connection_2's table", () -> fx(() -> {
            TickerRow selected = table("connection_2").getSelectionModel().getSelectedItem();
            return selected != null && selected.getSymbol().equals("GS");
        }));
        assertThat(fx(() -> lookup("#pane-connection_2").query().getStyleClass())).contains("highlighted");
        assertThat(fx(() -> lookup("#pane-connection_1").query().getStyleClass())).doesNotContain("highlighted");
        assertThat(fx(() -> lookup(".detail-ticker").queryAs(Label.class).getText())).isEqualTo("GS");
        assertThat(fx(() -> lookup("#connection").queryAs(Label.class).getText())).isEqualTo("connection_2 (secondary)");
        until("a last trade in the detail panel", () -> fx(() -> lookup("#lastTrade").queryAs(Label.class).getText())
                .matches("\\d+\\.\\d\\d × \\d+ at .*"));
        until("a quote in the detail panel", () -> fx(() -> lookup("#quote").queryAs(Label.class).getText()).contains(" / "));
    }

    @Test
    void typeAheadOffersAssignedTickersAndEscapeClears() {
        assertThat(window.viewModel().suggestions("n", 10)).containsExactly("NVDA");
        press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        until("lookup focused by Ctrl+F", () -> fx(() -> lookup("#lookupField").query().isFocused()));
        write("XOM").type(KeyCode.ENTER);
        until("XOM shown", () -> fx(() -> lookup(".detail-ticker").queryAs(Label.class).getText()).equals("XOM"));

        type(KeyCode.ESCAPE);
        until("lookup cleared", () -> fx(() -> lookup("#lookupField").queryAs(TextField.class).getText().isEmpty()
                && !window.viewModel().detail().showingProperty().get()));
        assertThat(fx(() -> lookup("#pane-connection_3").query().getStyleClass())).doesNotContain("highlighted");
    }

    @Test
    void anUnknownTickerOffersSubscribeAndTheManagerRoutesIt() {
        clickOn("#lookupField").write("AMD").type(KeyCode.ENTER);
        until("subscribe offered", () -> fx(() -> lookup("#subscribeButton").query().isVisible()));
        assertThat(fx(() -> lookup("#lookupMessage").queryAs(Label.class).getText())).isEqualTo("AMD is not subscribed");

        clickOn("#subscribeButton");

        // The least-loaded streaming connection is connection_3 (two tickers).
        until("AMD routed and shown", () -> fx(() -> lookup("#lookupMessage").queryAs(Label.class).getText())
                .equals("AMD on connection_3 (tertiary)"));
        until("AMD row on connection_3", () -> fx(() -> table("connection_3").getItems().stream()
                .anyMatch(r -> r.getSymbol().equals("AMD"))));
        assertThat(logContains("AMD → connection_3")).isTrue();
        until("AMD ticks arrive", () -> fx(() -> table("connection_3").getItems().stream()
                .anyMatch(r -> r.getSymbol().equals("AMD") && r.ticksProperty().get() > 0)));
    }
}
