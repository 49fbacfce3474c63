package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.config.FeedSource;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Trade;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ManagedConnectionSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.beans.InvalidationListener;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window with the whole US market (issue #25): a table of 11,000 rows, and a lookup that answers a ticker the
 * moment an all-ticker ({@code *}) connection has delivered it. The real window under Monocle, on a manager that is
 * never connected, whose board the test feeds by hand: the tickers and their events are exactly the test's, and a
 * ticker the board has seen is one the manager's routing has not taken in yet (it folds new names in on its own
 * delivery path, at most every 100 ms), the moment a lookup could otherwise miss it.
 */
class FullMarketWindowTest extends WindowTestSupport {

    private static final URI NOWHERE = URI.create("ws://127.0.0.1:9/stocks");
    private static final int MARKET = 11_000;

    private static ManagedConnectionSpec spec(String id, String name, List<String> tickers) {
        return new ManagedConnectionSpec(FeedConnectionConfig.of(id, name, NOWHERE, "key"), "", tickers);
    }

    private static Trade trade(String symbol, double price, long seq) {
        return new Trade(symbol, 4, "t", 3, price, 100, List.of(), 1_700_000_000_000L, seq, 0, 0);
    }

    /** Opens the window on a manager that never connects (nothing but the test feeds its board). */
    private void openUnconnected(List<ManagedConnectionSpec> specs, int capacity) throws Exception {
        manager = new ConnectionManager(specs, Set.of(EventType.TRADE), capacity);
        toClose.add(manager);
        FeedSource source = new FeedSource(true, NOWHERE.toString(), "(test)");
        WindowPrefs prefs = WindowPrefs.at(tempDir.resolve("window.properties"));
        window = WaitForAsyncUtils.asyncFx(() -> {
            Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
            return ConsoleWindow.open(stage, manager, source, prefs);
        }).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the window has applied two more refreshes: whatever the board held before is on screen. */
    private void awaitRefreshes() {
        long seen = fx(window::pulses);
        until("two more refreshes", () -> fx(window::pulses) >= seen + 2);
    }

    private static List<String> market() {
        List<String> tickers = new ArrayList<>(MARKET);
        for (int i = 0; tickers.size() < MARKET; i++) {
            tickers.add("F" + (char) ('A' + i / 676 % 26) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26)
                    + (i / 17_576 == 0 ? "" : String.valueOf(i / 17_576)));
        }
        return tickers;
    }

    @Test
    void aTableOfTheWholeMarketRefreshesOnlyTheRowsWhoseTickerChangedAndDrawsOnlyTheRowsOnScreen() throws Exception {
        List<String> market = market();
        openUnconnected(List.of(spec("connection_1", "primary", market)), MARKET);
        until("11,000 rows", () -> fx(() -> window.rowsShown()) == MARKET);
        // Two trades each, so that the change below keeps every text's length: a longer text than any before widens
        // its column (ColumnFit), which lays the table out, legitimately, once.
        List<FeedEvent> first = new ArrayList<>(2 * MARKET);
        for (String ticker : market) {
            first.add(trade(ticker, 10, 1));
            first.add(trade(ticker, 11, 2));
        }
        window.board().onTicks(new EventBatch("connection_1", first, System.currentTimeMillis()));
        awaitRefreshes();
        List<TickerRow> rows = fx(() -> List.copyOf(window.viewModel().pane("connection_1").rows()));
        assertThat(rows).hasSize(MARKET);
        assertThat(fx(() -> rows.stream().allMatch(r -> r.ticksProperty().get() == 2))).isTrue();

        // Every value a row shows except its age (which moves for every row once a second, as it should): a listener
        // on each of 11,000 rows records which rows a refresh changed.
        Set<String> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();
        fx(() -> {
            for (TickerRow row : rows) {
                InvalidationListener mark = o -> touched.add(row.getSymbol());
                row.lastProperty().addListener(mark);
                row.changePercentProperty().addListener(mark);
                row.bidAskProperty().addListener(mark);
                row.volumeProperty().addListener(mark);
                row.ticksProperty().addListener(mark);
                row.historySamplesProperty().addListener(mark);
            }
            return null;
        });
        // The table's flow is not laid out again for changed values: only the changed rows and cells are.
        java.util.concurrent.atomic.AtomicInteger flowLayouts = new java.util.concurrent.atomic.AtomicInteger();
        fx(() -> {
            ((javafx.scene.Parent) table("connection_1").lookup(".virtual-flow")).needsLayoutProperty()
                    .addListener((o, was, now) -> {
                        if (now) {
                            flowLayouts.incrementAndGet();
                        }
                    });
            return null;
        });
        Set<String> changed = Set.of(market.get(0), market.get(5_000), market.get(MARKET - 1));
        List<FeedEvent> next = new ArrayList<>();
        for (String ticker : changed) {
            next.add(trade(ticker, 12, 3));
        }
        window.board().onTicks(new EventBatch("connection_1", next, System.currentTimeMillis()));
        until("the three changed rows shown", () -> fx(() -> changed.stream()
                .allMatch(t -> window.viewModel().pane("connection_1").row(t).ticksProperty().get() == 3)));
        awaitRefreshes();
        assertThat(touched).isEqualTo(changed);
        assertThat(flowLayouts).as("layouts of the table's flow for three changed rows").hasValue(0);
        // ... and the first row, on screen, shows its new values all the same.
        assertThat(fx(() -> table("connection_1").lookupAll(".table-cell").stream()
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() == rows.get(0)
                        && "Last".equals(c.getTableColumn().getText()))
                .map(c -> c.getText() + "|" + drawn(c)).findFirst().orElse("")))
                .isEqualTo(Formats.price(12) + "|" + Formats.price(12));
        // Its change, up, is a cell state (a pseudo-class: no style lookup again, no layout, no extra pulse).
        assertThat(fx(() -> table("connection_1").lookupAll(".table-cell").stream()
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() == rows.get(0)
                        && "Chg %".equals(c.getTableColumn().getText()))
                .map(c -> c.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("positive"))
                        && !c.getStyleClass().contains("positive"))
                .findFirst().orElse(false))).isTrue();

        // The table materialises rows and cells for what is on screen, not for 11,000 rows.
        int tableRows = fx(() -> new HashSet<>(table("connection_1").lookupAll(".table-row-cell")).size());
        int cells = fx(() -> (int) table("connection_1").lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?>).count());
        assertThat(tableRows).isBetween(1, 100);
        assertThat(cells).isLessThanOrEqualTo(tableRows * fx(() -> table("connection_1").getColumns().size()));
        assertThat(fx(() -> table("connection_1").lookupAll(".table-row-cell").stream()
                .anyMatch(n -> n instanceof TableRow<?> r && r.getItem() == rows.get(0)))).isTrue();
    }

    /** The text a cell's skin has drawn (its Text node), which lags the cell's text until the cell is laid out. */
    private static String drawn(TableCell<?, ?> cell) {
        return cell.getChildrenUnmodifiable().stream().filter(n -> n instanceof javafx.scene.text.Text)
                .map(n -> ((javafx.scene.text.Text) n).getText()).findFirst().orElse("");
    }

    @Test
    void lookupAnswersATickerFirstSeenOnAnAllTickerConnectionBeforeTheRoutingHasIt() throws Exception {
        openUnconnected(List.of(spec("connection_1", "market", List.of("*")),
                spec("connection_2", "desk", List.of("AAPL"))), 1_000);
        window.board().onTicks(new EventBatch("connection_1", List.of(trade("NEWT", 12.5, 1)),
                System.currentTimeMillis()));
        awaitRefreshes();
        assertThat(manager.routing().connectionOf("NEWT")).as("the routing has not taken NEWT in").isNull();

        fx(() -> {
            window.viewModel().lookup("newt");
            return null;
        });
        assertThat(fx(() -> lookup("#lookupMessage").queryAs(Label.class).getText()))
                .isEqualTo("NEWT on connection_1 (market)");
        assertThat(fx(() -> window.viewModel().subscribeOfferProperty().get())).isEmpty();
        assertThat(fx(() -> lookup(".detail-ticker").queryAs(Label.class).getText())).isEqualTo("NEWT");
        assertThat(fx(() -> lookup("#pane-connection_1").query().getStyleClass())).contains("highlighted");
        awaitRefreshes();
        // The detail keeps naming the connection at every refresh, not "not subscribed".
        assertThat(fx(() -> lookup("#connection").queryAs(Label.class).getText())).isEqualTo("connection_1 (market)");
        until("the last trade in the detail", () -> fx(() -> lookup("#lastTrade").queryAs(Label.class).getText())
                .startsWith("12.50"));

        // A ticker nobody delivered is still not subscribed, and one a ticker-list connection no longer routes (the
        // board may remember it for a moment after an unsubscribe) is not passed off as the '*' connection's.
        window.board().onTicks(new EventBatch("connection_2", List.of(trade("GONE", 5, 1)), System.currentTimeMillis()));
        fx(() -> {
            window.viewModel().lookup("GONE");
            return null;
        });
        assertThat(fx(() -> lookup("#lookupMessage").queryAs(Label.class).getText())).isEqualTo("GONE is not subscribed");
        fx(() -> {
            window.viewModel().lookup("NOPE");
            return null;
        });
        assertThat(fx(() -> lookup("#lookupMessage").queryAs(Label.class).getText())).isEqualTo("NOPE is not subscribed");
    }
}
