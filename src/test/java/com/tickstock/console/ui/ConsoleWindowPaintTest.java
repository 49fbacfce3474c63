package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.simulator.SimulatorConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What keeps the window cheap to paint in software rendering (issue #26, "light on the workstation"): the areas
 * repainted under every changed cell, the table and its rows, have one background fill (JavaFX draws a background
 * of two or more fills as a cached image stretched over every painted pixel), and a fresh ticker's age does not
 * change its text every second (which repainted every table whole once a second).
 */
class ConsoleWindowPaintTest extends WindowTestSupport {

    @BeforeEach
    void openWindow() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(400));
        open(List.of(spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL", "MSFT", "NVDA"))));
        awaitStreaming("connection_1");
    }

    @Test
    void theTableAndItsRowsPaintOnePlainFill() {
        until("three filled rows", () -> fx(() -> rows().size() == 3));
        assertThat(fx(() -> fills(table("connection_1")))).isEqualTo(1);
        assertThat(fx(() -> rows().stream().map(ConsoleWindowPaintTest::fills).collect(Collectors.toSet())))
                .isEqualTo(Set.of(1));
        // Still told apart: odd and even rows keep different colours.
        assertThat(fx(() -> rows().stream().map(r -> r.getBackground().getFills().get(0).getFill())
                .collect(Collectors.toSet()))).hasSize(2);
    }

    @Test
    void aFreshTickersAgeReadsAsFreshNotAsACountingSecond() {
        until("every ticker's age shown as fresh", () -> fx(() -> {
            List<String> ages = cells("Age").stream().filter(c -> !c.isEmpty()).map(TableCell::getText).toList();
            return ages.size() == 3 && ages.stream().allMatch(Formats.TICKER_FRESH::equals);
        }));
    }

    @Test
    void everyTrendCellHoldsItsSparklineBeforeItsTickersFirstEvent() {
        until("three filled rows", () -> fx(() -> rows().size() == 3));
        // Empty rows stand for tickers that have not traded yet: their Trend cell already holds an (empty) sparkline,
        // so a first event only fills it. Adding the node then, while the table lays its cells out, cost a repaint
        // of the whole window in the next pulse.
        List<TableCell<?, ?>> trend = fx(() -> cells("Trend"));
        assertThat(trend).anyMatch(TableCell::isEmpty).anyMatch(c -> !c.isEmpty());
        assertThat(fx(() -> trend.stream().map(c -> c.getGraphic() instanceof Sparkline).collect(Collectors.toSet())))
                .isEqualTo(Set.of(true));
    }

    private List<TableCell<?, ?>> cells(String column) {
        return lookup("#pane-connection_1 .ticker-table .table-cell").queryAll().stream()
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getTableColumn() != null && column.equals(c.getTableColumn().getText()))
                .collect(Collectors.toList());
    }

    private List<TableRow<?>> rows() {
        TableView<TickerRow> table = table("connection_1");
        return table.lookupAll(".table-row-cell").stream().map(n -> (TableRow<?>) n)
                .filter(r -> !r.isEmpty() && r.isVisible()).collect(Collectors.toList());
    }

    private static int fills(Node node) {
        Region region = (Region) node;
        return region.getBackground() == null ? 0 : region.getBackground().getFills().size();
    }
}
