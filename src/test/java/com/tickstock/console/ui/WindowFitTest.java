package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.EventType;
import com.tickstock.console.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * The real window, laid out at the screen sizes operators have, shows every text whole: each
 * {@link Labeled} (top bar, pane headers and figures, buttons, column headers, table cells) is
 * compared with the text its skin actually draws, which JavaFX cuts to an ellipsis when it does
 * not fit, and must lie inside the window (and a cell inside its table, a pane's label inside
 * its pane). The one allowed exception is a text whose whole is in its tooltip (event-log lines).
 *
 * <p>150 % scaling: Monocle's headless screen has a fixed scale of 1, and JavaFX lays a window out
 * in logical pixels (fonts scale with the render scale), so 1920×1080 at 150 % is laid out exactly
 * as a 1280×720 window: that size stands for it here.
 */
class WindowFitTest extends WindowTestSupport {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Test
    void everyTextIsShownWholeAt1366x768And1920x1080AndAt150PercentScaling() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(600));
        // Prices from $12 to $7,864 (NVR), so four-digit prices must fit in every pane.
        open(List.of(
                spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY,
                        List.of("AAPL", "AZO", "BKNG", "MSFT", "NVDA", "NVR", "AMZN", "GOOGL", "META", "AVGO", "ADBE", "AMD")),
                spec(sim, "connection_2", "secondary", SimulatorConfig.DEV_API_KEY,
                        List.of("BLK", "KLAC", "GS", "JPM", "BAC", "WFC", "C", "MS", "SCHW", "AXP", "V", "MA")),
                spec(sim, "connection_3", "tertiary", SimulatorConfig.DEV_API_KEY,
                        List.of("AAL", "COST", "LLY", "UNH", "XOM", "CVX", "PFE", "MRK", "ABBV", "KO", "PEP", "WMT"))),
                Set.of(EventType.TRADE, EventType.QUOTE, EventType.SECOND_BAR));
        awaitStreaming("connection_1", "connection_2", "connection_3");
        until("every row has a price, a quote and a volume", () -> fx(() -> allRowsFilled()));
        fx(() -> {
            window.viewModel().lookup("NVR");
            return null;
        });

        for (int[] size : new int[][] {{1366, 768}, {1920, 1080}, {1280, 720}}) {
            String name = size[0] + "x" + size[1];
            resize(size[0], size[1]);
            await(name + ": every text whole").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(fx(() -> cutTexts(window.stage().getScene())))
                            .as("texts cut or outside their container at " + name).isEmpty());
            List<String> shownPrices = fx(() -> fourDigitPricesShown());
            assertThat(shownPrices).as("prices of $1,000 and more shown at " + name).isNotEmpty();
            for (String id : List.of("connection_1", "connection_2", "connection_3")) {
                List<String> columns = fx(() -> visibleColumns(table(id)));
                assertThat(columns).as(id + " columns at " + name).contains("Symbol", "Last", "Chg %");
                if (size[0] == 1920) {
                    assertThat(columns).as(id + " columns at " + name + ": room for all")
                            .containsExactly("Symbol", "Last", "Chg %", "Bid/Ask", "Vol", "Ticks", "Age", "Trend");
                }
            }
        }
    }

    private void resize(int width, int height) {
        fx(() -> {
            Stage stage = window.stage();
            stage.setMaximized(false);
            stage.setWidth(width);
            stage.setHeight(height);
            return null;
        });
        until("window at " + width + "x" + height, () -> fx(() -> {
            Scene scene = window.stage().getScene();
            return Math.abs(scene.getWidth() - width) < 1 && Math.abs(scene.getHeight() - height) < 1;
        }));
    }

    private boolean allRowsFilled() {
        for (ConnectionPaneViewModel pane : window.viewModel().panes().values()) {
            if (pane.rows().isEmpty()) {
                return false;
            }
            for (TickerRow row : pane.rows()) {
                if (Double.isNaN(row.lastProperty().get().price()) || Double.isNaN(row.bidAskProperty().get().bid())
                        || row.volumeProperty().get() == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every visible text that is drawn cut, or that lies outside the window or its container. */
    static List<String> cutTexts(Scene scene) {
        List<String> problems = new ArrayList<>();
        Bounds window = new javafx.geometry.BoundingBox(0, 0, scene.getWidth(), scene.getHeight());
        collect(scene.getRoot(), window, null, problems);
        return problems;
    }

    private static void collect(Node node, Bounds window, Node container, List<String> problems) {
        if (!node.isVisible()) {
            return;
        }
        Node inside = container;
        if (node instanceof TableView<?> || node instanceof ScrollPane || node.getStyleClass().contains("connection-pane")) {
            inside = node;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            check(labeled, window, container, problems);
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, window, inside, problems);
            }
        }
    }

    private static void check(Labeled labeled, Bounds window, Node container, List<String> problems) {
        String full = labeled.getText();
        String drawn = null;
        Text drawnText = null;
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text text) {
                drawn = text.getText();
                drawnText = text;
            }
        }
        String what = describe(labeled) + " '" + full + "'";
        boolean inTooltip = labeled.getTooltip() != null && full.equals(labeled.getTooltip().getText());
        if (drawn != null && !drawn.equals(full) && !inTooltip) {
            problems.add(what + " drawn as '" + drawn + "'");
        }
        Bounds bounds = labeled.localToScene(labeled.getLayoutBounds());
        if (bounds.getWidth() <= 0) {
            return;
        }
        if (!contains(window, bounds, true)) {
            problems.add(what + " lies outside the window: " + bounds);
        } else if (container instanceof TableView<?> table && drawnText != null
                && !contains(visibleArea(table), drawnText.localToScene(drawnText.getLayoutBounds()), false)) {
            // A cell may reach under the table's scroll bar (the event log's last column does); its text must not.
            problems.add(what + " is drawn under its table's scroll bar or past its edge: "
                    + drawnText.localToScene(drawnText.getLayoutBounds()));
        } else if (container != null && !contains(container.localToScene(container.getLayoutBounds()), bounds,
                !(container instanceof TableView<?> || container instanceof ScrollPane))) {
            // A table's or scroll pane's content may be half scrolled into view: there only the width counts.
            problems.add(what + " lies outside its " + describe(container) + ": " + bounds);
        }
    }

    /** Where a table shows its content, in scene coordinates: left of its vertical scroll bar when that shows. */
    private static Bounds visibleArea(TableView<?> table) {
        Bounds area = table.localToScene(table.getLayoutBounds());
        for (Node bar : table.lookupAll(".scroll-bar")) {
            if (bar instanceof javafx.scene.control.ScrollBar scrollBar && scrollBar.isVisible()
                    && scrollBar.getOrientation() == javafx.geometry.Orientation.VERTICAL) {
                double barLeft = scrollBar.localToScene(scrollBar.getLayoutBounds()).getMinX();
                area = new javafx.geometry.BoundingBox(area.getMinX(), area.getMinY(),
                        Math.min(area.getWidth(), barLeft - area.getMinX()), area.getHeight());
            }
        }
        return area;
    }

    /** Within half a pixel: layout rounds to pixels. */
    private static boolean contains(Bounds outer, Bounds inner, boolean vertically) {
        return inner.getMinX() >= outer.getMinX() - 0.5 && inner.getMaxX() <= outer.getMaxX() + 0.5
                && (!vertically || (inner.getMinY() >= outer.getMinY() - 0.5 && inner.getMaxY() <= outer.getMaxY() + 0.5));
    }

    private static String describe(Node node) {
        StringBuilder path = new StringBuilder(node.getClass().getSimpleName());
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (n.getId() != null) {
                path.append(" in #").append(n.getId());
                break;
            }
        }
        if (node instanceof TableCell<?, ?> cell && cell.getTableColumn() != null) {
            path.append(" column '").append(cell.getTableColumn().getText()).append("'");
        }
        return path.toString();
    }

    private List<String> fourDigitPricesShown() {
        List<String> prices = new ArrayList<>();
        for (Node node : lookup(".ticker-table .table-cell").queryAll()) {
            if (node instanceof TableCell<?, ?> cell && cell.isVisible() && cell.getText() != null
                    && cell.getTableColumn() != null && cell.getTableColumn().getText().equals("Last")
                    && cell.getText().matches("\\d{4,}\\.\\d\\d")) {
                prices.add(cell.getText());
            }
        }
        return prices;
    }

    private static List<String> visibleColumns(TableView<?> table) {
        List<String> names = new ArrayList<>();
        table.getVisibleLeafColumns().forEach(c -> names.add(c.getText()));
        return names;
    }
}
