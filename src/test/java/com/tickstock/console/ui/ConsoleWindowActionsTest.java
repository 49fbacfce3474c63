package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Side;
import javafx.scene.control.TableRow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Each operator action through the real window's controls. */
class ConsoleWindowActionsTest extends WindowTestSupport {

    @BeforeEach
    void openWindow() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(300));
        open(List.of(
                spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL", "MSFT")),
                spec(sim, "connection_2", "secondary", SimulatorConfig.DEV_API_KEY, List.of("JPM"))));
        awaitStreaming("connection_1", "connection_2");
    }

    @Test
    void disconnectConnectAndReconnectButtonsDriveThatConnectionOnly() {
        clickOn("#pane-connection_2 .disconnect-button");
        until("disconnected", () -> badge("connection_2").equals("disconnected"));
        assertThat(badge("connection_1")).isEqualTo("streaming");
        until("logged", () -> logContains("disconnect connection_2: done"));
        until("Disconnect disabled where there is nothing to disconnect",
                () -> fx(() -> lookup("#pane-connection_2 .disconnect-button").query().isDisabled()));
        assertThat(fx(() -> lookup("#pane-connection_1 .disconnect-button").query().isDisabled())).isFalse();
        until("the disconnect can be undone", () -> fx(() -> lookup("#undoButton").queryButton().isVisible()
                && lookup("#undoButton").queryButton().getText().equals("Undo disconnect connection_2")));
        clickOn("#undoButton");
        awaitStreaming("connection_2");
        assertThat(fx(() -> lookup("#undoButton").queryButton().isVisible())).as("undone once").isFalse();
        clickOn("#pane-connection_2 .disconnect-button");
        until("disconnected again", () -> badge("connection_2").equals("disconnected"));

        clickOn("#pane-connection_2 .connect-button");
        awaitStreaming("connection_2");

        clickOn("#pane-connection_2 .reconnect-button");
        until("reconnect logged", () -> logContains("reconnect connection_2: done"));
        awaitStreaming("connection_2");
    }

    @Test
    void rowContextMenuMovesATickerToAnotherConnection() {
        until("MSFT row rendered", () -> fx(() -> lookup("#pane-connection_1 .table-row-cell").queryAll().stream()
                .anyMatch(n -> ((TableRow<?>) n).getItem() instanceof TickerRow r && r.getSymbol().equals("MSFT"))));
        TableRow<?> msft = fx(() -> lookup("#pane-connection_1 .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<?>) n)
                .filter(r -> r.getItem() instanceof TickerRow t && t.getSymbol().equals("MSFT")).findFirst().orElseThrow());

        clickOn(msft, MouseButton.SECONDARY);
        // Monocle's headless robot does not always turn a secondary click into a context-menu
        // request; show the row's own menu then, and drive its items with the mouse as usual.
        if (lookup("Move to").tryQuery().isEmpty()) {
            WaitForAsyncUtils.asyncFx(() -> msft.getContextMenu().show(msft, Side.BOTTOM, 0, 0));
            WaitForAsyncUtils.waitForFxEvents();
        }
        clickOn("Move to");
        clickOn("connection_2 (secondary)");

        until("MSFT on connection_2", () -> manager.tickerAssignment("MSFT").orElse("").equals("connection_2"));
        until("MSFT row moved", () -> fx(() -> table("connection_2").getItems().stream().anyMatch(r -> r.getSymbol().equals("MSFT"))
                && table("connection_1").getItems().stream().noneMatch(r -> r.getSymbol().equals("MSFT"))));
        until("move logged", () -> logContains("move MSFT to connection_2: done"));
    }

    @Test
    void unsubscribeFromTheDetailPanelAndSubscribeFromTheTopBar() {
        clickOn("#lookupField").write("JPM").type(javafx.scene.input.KeyCode.ENTER);
        until("JPM detail", () -> fx(() -> window.viewModel().detail().showingProperty().get()));
        clickOn("#unsubscribeButton");
        until("JPM gone", () -> manager.tickerAssignment("JPM").isEmpty()
                && fx(() -> table("connection_2").getItems().isEmpty()));
        until("logged", () -> logContains("unsubscribe JPM: JPM left connection_2"));
        assertThat(fx(() -> lookup("#undoButton").queryButton().getText())).isEqualTo("Undo unsubscribe JPM");
        clickOn("#undoButton");
        until("JPM back on connection_2", () -> manager.tickerAssignment("JPM").orElse("").equals("connection_2")
                && fx(() -> table("connection_2").getItems().size() == 1));

        // A mixed request: every ticker's outcome next to the subscribe box.
        clickOn("#subscribeField").write("AAPL, b@d!, NEWT").type(javafx.scene.input.KeyCode.ENTER);
        until("NEWT routed", () -> manager.tickerAssignment("NEWT").isPresent());
        until("every outcome shown", () -> {
            String shown = fx(() -> lookup("#subscribeResult").queryAs(javafx.scene.control.Label.class).getText());
            return shown.contains("AAPL already on connection_1") && shown.contains("rejected: ")
                    && shown.contains("NEWT → ");
        });

        clickOn("#subscribeField").write("NVDA, INTC").type(javafx.scene.input.KeyCode.ENTER);
        until("both routed", () -> manager.tickerAssignment("NVDA").isPresent() && manager.tickerAssignment("INTC").isPresent());
        until("rows shown", () -> fx(() -> table("connection_2").getItems().size() + table("connection_1").getItems().size() == 6));
    }

    @Test
    void theMenuKeyAndShiftF10OpenTheFocusedRowsMenu() {
        until("rows shown", () -> fx(() -> table("connection_1").getItems().size() == 2));
        focusFirstRow("connection_1");
        TickerRow selected = fx(() -> table("connection_1").getSelectionModel().getSelectedItem());
        assertThat(selected).isNotNull();
        // Every header shown says what its column measures; the badge says what it means.
        List<String> headerTips = fx(() -> table("connection_1").lookupAll(".column-header").stream()
                .filter(n -> n instanceof javafx.scene.control.skin.TableColumnHeader h && h.getTableColumn() != null
                        && h.getTableColumn().isVisible())
                .map(n -> String.valueOf(n.getProperties().get(HeaderTips.KEY))).toList());
        assertThat(headerTips).hasSizeGreaterThanOrEqualTo(4).allMatch(t -> t.length() > 20);
        assertThat(headerTips).anyMatch(t -> t.contains("first price this console saw"));
        assertThat(fx(() -> lookup("#pane-connection_1 .badge").queryAs(javafx.scene.control.Label.class)
                .getTooltip().getText())).startsWith("Streaming: connected");

        press(javafx.scene.input.KeyCode.SHIFT).press(javafx.scene.input.KeyCode.F10)
                .release(javafx.scene.input.KeyCode.F10).release(javafx.scene.input.KeyCode.SHIFT);
        until("the row's menu shows", () -> fx(() -> table("connection_1").getProperties()
                .get(ConnectionPaneController.KEYBOARD_MENU) instanceof javafx.scene.control.ContextMenu m && m.isShowing()));
        javafx.scene.control.ContextMenu menu = fx(() -> (javafx.scene.control.ContextMenu) table("connection_1")
                .getProperties().get(ConnectionPaneController.KEYBOARD_MENU));
        assertThat(fx(() -> menu.getItems().get(0).getText())).isEqualTo("Show details");
        javafx.scene.control.Menu move = fx(() -> (javafx.scene.control.Menu) menu.getItems().get(1));
        assertThat(fx(() -> move.getItems().get(0).getText())).isEqualTo("connection_2 (secondary)");
        assertThat(fx(() -> move.getItems().get(0).isMnemonicParsing())).isFalse();
        assertThat(fx(() -> menu.getItems().get(2).getText())).isEqualTo("Unsubscribe " + selected.getSymbol());
        fx(() -> {
            menu.hide();
            return null;
        });

        focusFirstRow("connection_1");
        type(javafx.scene.input.KeyCode.CONTEXT_MENU);
        until("the menu key opens it too", () -> fx(() -> table("connection_1").getProperties()
                .get(ConnectionPaneController.KEYBOARD_MENU) instanceof javafx.scene.control.ContextMenu m
                && m != menu && m.isShowing()));
    }

    /**
     * Selects and focuses a table's first row as a click would, on the FX thread: a click aimed at a row that a
     * loaded machine has not laid out yet lands on nothing, and the keyboard tests are about keys, not the mouse.
     */
    private void focusFirstRow(String connection) {
        fx(() -> {
            table(connection).getSelectionModel().clearAndSelect(0);
            table(connection).getFocusModel().focus(0);
            table(connection).requestFocus();
            return null;
        });
        until("the first row selected and focused", () -> fx(() -> table(connection).isFocused()
                && table(connection).getSelectionModel().getSelectedItem() != null));
    }

    @Test
    void theEventLogExportsToAFileWithDates() throws Exception {
        java.nio.file.Path file = tempDir.resolve("events.log");
        until("some lines", () -> fx(() -> window.viewModel().log().entries().size()) >= 2);
        fx(() -> {
            window.viewModel().exportLog(file);
            return null;
        });
        until("written", () -> logContains("export event log to " + file + ": "));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).isNotEmpty();
        assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+ (STATE|ERROR|ACTION) .*"));
        assertThat(lines).anyMatch(l -> l.contains("connection_1 STATE at window open"));
    }

    @Test
    void pauseFreezesTheTablesButNotTheFeed() {
        until("AAPL ticking", () -> fx(() -> window.viewModel().pane("connection_1").row("AAPL").ticksProperty().get()) > 0);
        clickOn("#pauseButton");
        long frozen = fx(() -> window.viewModel().pane("connection_1").row("AAPL").ticksProperty().get());
        long pulses = fx(() -> window.viewModel().pulsesProperty().get());
        // Ten pulses later the row still shows what it showed, while the manager keeps counting.
        long feedBefore = manager.health().totalTicksReceived();
        until("ten pulses", () -> fx(() -> window.viewModel().pulsesProperty().get()) > pulses + 10);
        assertThat(fx(() -> window.viewModel().pane("connection_1").row("AAPL").ticksProperty().get())).isEqualTo(frozen);
        until("feed still flowing", () -> manager.health().totalTicksReceived() > feedBefore);

        clickOn("#pauseButton");
        until("rows move again", () -> fx(() -> window.viewModel().pane("connection_1").row("AAPL").ticksProperty().get()) > frozen);
    }

    @Test
    void copyHealthPutsTheSeedJsonOnTheClipboardAndThemeToggles() throws Exception {
        clickOn("#actionsMenu");
        clickOn("Copy health as JSON");
        until("copied", () -> logContains("copied to the clipboard"));
        String json = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(json).contains("\"total_connections\" : 2", "\"connected_count\" : 2", "\"connection_1\"",
                "\"status\" : \"connected\"", "\"msgs_per_second\"");

        assertThat(fx(() -> window.stage().getScene().getStylesheets().toString())).contains("dark.css");
        clickOn("#themeButton");
        assertThat(fx(() -> window.stage().getScene().getStylesheets().toString())).contains("light.css");
    }

    @Test
    void closingRemembersGeometryAndTheme() throws Exception {
        clickOn("#themeButton");
        ConsoleWindow w = window;
        WaitForAsyncUtils.asyncFx(w::close).get(30, TimeUnit.SECONDS);
        String saved = Files.readString(tempDir.resolve("window.properties"));
        assertThat(saved).contains("width=", "height=", "split.main=", "split.centre=", "theme=light");
    }

    @Test
    void closingTheWindowLetsGoOfTheManager() throws Exception {
        assertThat(manager.healthNow().consumers()).extracting(c -> c.name()).contains("console-window");
        ConsoleWindow w = window;
        WaitForAsyncUtils.asyncFx(w::close).get(30, TimeUnit.SECONDS);

        assertThat(manager.healthNow().consumers()).extracting(c -> c.name()).doesNotContain("console-window");
        // The state listener ran (or not) on the control thread before disconnect returned: a
        // pulse would now show whatever the closed window still heard.
        manager.disconnect("connection_2");
        fx(() -> {
            w.viewModel().pulse(System.currentTimeMillis());
            return null;
        });
        assertThat(logContains("DISCONNECTED: by operator")).isFalse();
    }
}
