package com.tickstock.console.ui;

import com.tickstock.console.simulator.SimulatorConfig;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Background;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The table cells' states (a price flash, a change's sign) in the real window with its real style sheets: set as
 * pseudo-classes, they still reach the cells' colours (dark theme).
 */
class ConsoleWindowCellStatesTest extends WindowTestSupport {

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
    void aFlashingPriceHasTheThemesFlashBackground() {
        // dark.css: -ts-flash-up #1f5c3a, -ts-flash-down #6b2626.
        until("a flashing price cell painted in the flash colour", () -> fx(() ->
                cellIn(Cells.FLASH_UP, Color.web("#1f5c3a")) || cellIn(Cells.FLASH_DOWN, Color.web("#6b2626"))));
    }

    @Test
    void aChangeShowsItsSignInTheThemesColours() {
        until("a Chg % cell coloured by its sign", () -> fx(() -> lookup(".ticker-table .table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getText() != null && c.getText().endsWith("%"))
                .map(n -> (TableCell<?, ?>) n)
                .anyMatch(c -> c.getPseudoClassStates().contains(c.getText().startsWith("+") ? Cells.POSITIVE : Cells.NEGATIVE)
                        && !c.getTextFill().equals(neutralTextFill()))));
    }

    private boolean cellIn(PseudoClass state, Color background) {
        return lookup(".ticker-table .table-cell").queryAll().stream()
                .filter(n -> n.getPseudoClassStates().contains(state))
                .anyMatch(n -> background.equals(firstFill(n)));
    }

    private static Paint firstFill(Node node) {
        Background b = node instanceof javafx.scene.layout.Region r ? r.getBackground() : null;
        return b == null || b.getFills().isEmpty() ? null : b.getFills().get(0).getFill();
    }

    /** The text colour of a cell in no state: the symbol column's. */
    private Paint neutralTextFill() {
        return lookup(".ticker-table .table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && "AAPL".equals(c.getText()))
                .map(n -> ((TableCell<?, ?>) n).getTextFill()).findFirst().orElseThrow();
    }
}
