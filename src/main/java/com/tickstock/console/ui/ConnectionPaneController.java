package com.tickstock.console.ui;

import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import com.tickstock.console.feed.ConnectionState;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/** One connection's pane: binds {@link ConnectionPaneViewModel} to ConnectionPane.fxml, handlers delegate. */
public final class ConnectionPaneController {

    private final ConsoleViewModel console;
    private final ConnectionPaneViewModel pane;
    /**
     * A lookup's ticker this pane does not list yet: one first seen on an all-ticker connection moments ago, whose
     * row comes with the next routing. Selected when it arrives, once. FX thread only.
     */
    private String pendingHighlight;

    @FXML private VBox root;
    @FXML private Label name;
    @FXML private Label universe;
    @FXML private Label tickerCount;
    @FXML private Label badge;
    @FXML private Label cause;
    @FXML private GridPane stats;
    @FXML private Sparkline rateSparkline;
    @FXML private Button connectButton;
    @FXML private Button disconnectButton;
    @FXML private Button reconnectButton;
    @FXML private TableView<TickerRow> table;
    @FXML private TableColumn<TickerRow, String> symbolColumn;
    @FXML private TableColumn<TickerRow, PriceValue> lastColumn;
    @FXML private TableColumn<TickerRow, Number> changeColumn;
    @FXML private TableColumn<TickerRow, TickerRow.BidAsk> bidAskColumn;
    @FXML private TableColumn<TickerRow, Number> volumeColumn;
    @FXML private TableColumn<TickerRow, Number> ticksColumn;
    @FXML private TableColumn<TickerRow, Number> ageColumn;
    @FXML private TableColumn<TickerRow, Number> trendColumn;

    /** Room for a row's sparkline: narrower would not show a trend. */
    private static final double TREND_WIDTH = 44;
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    /** The menu last opened from the keyboard, in the table's properties (read by tests). */
    static final String KEYBOARD_MENU = "tickstock.keyboardMenu";

    ConnectionPaneController(ConsoleViewModel console, ConnectionPaneViewModel pane) {
        this.console = console;
        this.pane = pane;
    }

    @FXML
    private void initialize() {
        root.setId("pane-" + pane.connectionId());
        name.textProperty().bind(Bindings.concat(pane.connectionId(), " · ", pane.nameProperty()));
        universe.textProperty().bind(pane.universeProperty());
        tickerCount.textProperty().bind(pane.tickerCountProperty());
        badge.textProperty().bind(Bindings.createStringBinding(() -> pane.badgeProperty().get().text(), pane.badgeProperty()));
        cause.textProperty().bind(Bindings.createStringBinding(() -> pane.badgeProperty().get().cause(), pane.badgeProperty()));
        pane.badgeProperty().addListener((o, was, now) -> applySeverity(now));
        // The badge's meaning, and the whole cause line (it may wrap past the room it has).
        Tooltip badgeTip = new Tooltip();
        badgeTip.setWrapText(true);
        badgeTip.setMaxWidth(380);
        badgeTip.textProperty().bind(Bindings.createStringBinding(() -> pane.badgeProperty().get().explanation(),
                pane.badgeProperty()));
        badge.setTooltip(badgeTip);
        Tooltip causeTip = new Tooltip();
        causeTip.setWrapText(true);
        causeTip.setMaxWidth(380);
        causeTip.textProperty().bind(badgeTip.textProperty());
        cause.setTooltip(causeTip);
        applySeverity(pane.badgeProperty().get());
        int i = 0;
        for (ConnectionPaneViewModel.Stat stat : ConnectionPaneViewModel.Stat.values()) {
            Label caption = new Label(stat.label);
            caption.getStyleClass().add("stat-caption");
            Label value = new Label();
            value.getStyleClass().add("stat-value");
            // A figure is shown whole: the grid's column takes its width, never an ellipsis.
            value.setMinWidth(Region.USE_PREF_SIZE);
            caption.setMinWidth(Region.USE_PREF_SIZE);
            Tooltip tip = new Tooltip(stat.explanation);
            if (stat == ConnectionPaneViewModel.Stat.ERRORS) {
                // The kinds of this connection's errors, as the health JSON's "errors" counts them.
                tip.textProperty().bind(Bindings.createStringBinding(
                        () -> Formats.withErrorKinds(stat.explanation, pane.errorKindsProperty().get()),
                        pane.errorKindsProperty()));
            }
            tip.setWrapText(true);
            tip.setMaxWidth(380);
            caption.setTooltip(tip);
            value.setTooltip(tip);
            value.setId(pane.connectionId() + "-" + stat.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            value.textProperty().bind(pane.statProperty(stat));
            stats.add(caption, i % 4, (i / 4) * 2);
            stats.add(value, i % 4, (i / 4) * 2 + 1);
            i++;
        }
        pane.rateSamplesProperty().addListener((o, a, b) -> rateSparkline.setValues(pane.rates(), pane.rateCount()));
        // A console whose Redis user may not send commands shows why on each button instead of letting it fail.
        connectButton.disableProperty().bind(Bindings.createBooleanBinding(() -> pane.stateProperty().get().isLive()
                || !console.actionsRefusedProperty().get().isEmpty(), pane.stateProperty(), console.actionsRefusedProperty()));
        // Nothing to disconnect from while disconnected or failed for good (a reconnecting one stops retrying).
        disconnectButton.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            ConnectionState state = pane.stateProperty().get();
            return state == ConnectionState.DISCONNECTED || state == ConnectionState.FAILED
                    || !console.actionsRefusedProperty().get().isEmpty();
        }, pane.stateProperty(), console.actionsRefusedProperty()));
        reconnectButton.disableProperty().bind(console.actionsRefusedProperty().isNotEmpty());
        console.actionsRefusedProperty().addListener((o, was, why) -> {
            javafx.scene.control.Tooltip tip = why.isEmpty() ? null : new javafx.scene.control.Tooltip(why);
            for (Button b : new Button[] {connectButton, disconnectButton, reconnectButton}) {
                b.setTooltip(tip);
            }
        });
        setUpTable();
        console.highlightProperty().addListener((o, was, now) -> applyHighlight(now));
        pane.rows().addListener((javafx.collections.ListChangeListener<TickerRow>) change -> {
            if (pendingHighlight != null && console.highlightProperty().get() != null
                    && pendingHighlight.equals(console.highlightProperty().get().ticker())) {
                TickerRow row = pane.row(pendingHighlight);
                if (row != null) {
                    pendingHighlight = null;
                    // Not from inside the list's change notification: the table handles the same change after us.
                    javafx.application.Platform.runLater(() -> select(row));
                }
            }
        });
        // Values change under a sorted table without list changes; re-sort twice a second, not per value.
        console.pulsesProperty().addListener((o, a, b) -> {
            if (b.longValue() % 5 == 0 && !table.getSortOrder().isEmpty() && !console.pausedProperty().get()) {
                table.sort();
            }
        });
    }

    private void setUpTable() {
        table.setItems(pane.rows());
        table.skinProperty().addListener((o, was, skin) -> keepRowChangesInTheSheet(table));
        keepRowChangesInTheSheet(table);
        symbolColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().getSymbol()));
        symbolColumn.setCellFactory(c -> Cells.text());
        lastColumn.setCellValueFactory(c -> c.getValue().lastProperty());
        lastColumn.setCellFactory(c -> Cells.price());
        changeColumn.setCellValueFactory(c -> c.getValue().changePercentProperty());
        changeColumn.setCellFactory(c -> Cells.change());
        changeColumn.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        bidAskColumn.setCellValueFactory(c -> c.getValue().bidAskProperty());
        bidAskColumn.setCellFactory(c -> new Cells.Formatted<>(TickerRow.BidAsk::text));
        bidAskColumn.setComparator((a, b) -> Double.compare(a.bid(), b.bid()));
        volumeColumn.setCellValueFactory(c -> c.getValue().volumeProperty());
        volumeColumn.setCellFactory(c -> Cells.volume());
        ticksColumn.setCellValueFactory(c -> c.getValue().ticksProperty());
        ticksColumn.setCellFactory(c -> Cells.volume());
        ageColumn.setCellValueFactory(c -> c.getValue().ageSecondsProperty());
        ageColumn.setCellFactory(c -> Cells.age());
        trendColumn.setCellValueFactory(c -> c.getValue().historySamplesProperty());
        trendColumn.setCellFactory(c -> new Cells.SparklineCell());
        trendColumn.setSortable(false);
        // What gives way first when the pane is narrow: the trend, then the counts; never symbol or price.
        // The header font is the table's (console.css: .ticker-table, 11px).
        ColumnFit fit = ColumnFit.install(table, List.of(symbolColumn, lastColumn, changeColumn, ageColumn,
                bidAskColumn, volumeColumn, ticksColumn, trendColumn), Font.font(Font.getDefault().getFamily(), 11));
        fit.reserve(trendColumn, TREND_WIDTH);
        HeaderTips.install(table, Map.of(
                symbolColumn, "The ticker. Right-click the row, or press the menu key or Shift+F10, for its details,"
                        + " moving it to another connection or unsubscribing it.",
                lastColumn, "Last trade price (before the first trade: the last bar's close). Flashes green or red"
                        + " for a moment when it rose or fell.",
                changeColumn, "Change of the last price from the first price this console saw for the ticker (its first"
                        + " trade, or its first bar's close until a trade came), not from the previous day's close.",
                bidAskColumn, "The latest quote: best bid / best ask. '—' until a quote arrives (quotes not subscribed).",
                volumeColumn, "Shares traded since this console started: the trades' sizes (bar volumes until the first"
                        + " trade). Compact: 950, 12.3k = 12,300, 4.56M = 4,560,000.",
                ticksColumn, "Market-data events received for this ticker since the console started, in the same"
                        + " compact format as Vol.",
                ageColumn, "Time since the last event for this ticker: '<10 s' while it is fresh, then whole seconds,"
                        + " in orange (a ticker gone quiet). Ctrl+C copies the exact seconds. Frozen while the display"
                        + " is paused.",
                trendColumn, "The last price, sampled every half second over the last minute."));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copySelectedRows();
                e.consume();
            }
        });
        // The keyboard's ways to a context menu: the menu key, and Shift+F10 as on every desktop.
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.CONTEXT_MENU || (e.getCode() == KeyCode.F10 && e.isShiftDown())) {
                showRowMenuFromKeyboard();
                e.consume();
            }
        });
        table.setRowFactory(t -> {
            TableRow<TickerRow> row = new TableRow<>();
            row.itemProperty().addListener((o, was, now) -> row.setContextMenu(now == null ? null : contextMenu(now)));
            return row;
        });
    }

    /**
     * Lets a changed cell lay out its row and itself without the table laying out every row on screen again.
     *
     * <p>The table's flow keeps its rows in a {@code Group} (style class {@code sheet}). A cell whose value changes
     * asks for layout (a TableCell updates its item in its next layout), and a new text or a style class change
     * (which resets the cell's background first) changes the group's bounds; both climbed from the group to the
     * flow, whose layout then took every row on screen off and put it back, re-running CSS on each row that asked
     * and all its cells. In a JFR of the window at 9,000 ticks/s that was two fifths of the FX thread
     * (VirtualFlow.layoutChildren → setCellIndex → applyCss) for a few changed texts per row. With the group
     * unmanaged it is a layout root: a request from inside it lays out only the rows and cells that asked, and the
     * flow lays itself out when it has a reason of its own (scrolling, rows added or removed, a new size or column
     * width), which its skin requests on the flow directly. The group is not sized by its parent either way (the
     * flow places the rows itself). A skin internal, looked up by its style class: if a JavaFX release renames
     * it, the table still works, only as before ({@code FullMarketWindowTest} then fails on the flow's layouts).
     */
    private static void keepRowChangesInTheSheet(TableView<?> table) {
        Node sheet = table.lookup(".sheet");
        if (sheet != null) {
            sheet.setManaged(false);
        }
    }

    /** Ctrl+C: the selected rows as shown (but ages in exact seconds), tab-separated with a header line, for a ticket. */
    private void copySelectedRows() {
        List<TickerRow> selected = List.copyOf(table.getSelectionModel().getSelectedItems());
        if (selected.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("Symbol\tLast\tChg %\tBid/Ask\tVol\tTicks\tAge\n");
        for (TickerRow row : selected) {
            long age = row.ageSecondsProperty().get();
            text.append(row.getSymbol()).append('\t').append(row.lastProperty().get().text())
                    .append('\t').append(Formats.percent(row.changePercentProperty().get()))
                    .append('\t').append(row.bidAskProperty().get().text())
                    .append('\t').append(Formats.volume(row.volumeProperty().get()))
                    .append('\t').append(Formats.count(row.ticksProperty().get()))
                    .append('\t').append(age < 0 ? Formats.NONE : age + " s").append('\n');
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(text.toString());
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** Opens the focused row's menu beside that row (or at the table's top when it is scrolled out of view). */
    private void showRowMenuFromKeyboard() {
        TickerRow focused = table.getFocusModel().getFocusedItem();
        if (focused == null) {
            focused = table.getSelectionModel().getSelectedItem();
        }
        if (focused == null) {
            return;
        }
        TickerRow item = focused;
        Node anchor = table.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() == item && r.isVisible())
                .findFirst().orElse(table);
        ContextMenu menu = contextMenu(item);
        menu.show(anchor, Side.BOTTOM, 24, anchor == table ? -table.getHeight() + 24 : 0);
        table.getProperties().put(KEYBOARD_MENU, menu);
    }

    private ContextMenu contextMenu(TickerRow row) {
        String ticker = row.getSymbol();
        MenuItem details = new MenuItem("Show details");
        details.setOnAction(e -> console.lookup(ticker));
        Menu move = new Menu("Move to");
        for (Map.Entry<String, String> entry : console.connectionNames().entrySet()) {
            if (!entry.getKey().equals(pane.connectionId())) {
                MenuItem item = new MenuItem(entry.getKey() + " (" + entry.getValue() + ")");
                // "connection_1": the underscore is part of the name, not a keyboard mnemonic.
                item.setMnemonicParsing(false);
                item.setOnAction(e -> console.move(ticker, entry.getKey()));
                move.getItems().add(item);
            }
        }
        MenuItem unsubscribe = new MenuItem("Unsubscribe " + ticker);
        unsubscribe.setMnemonicParsing(false);
        unsubscribe.setOnAction(e -> console.unsubscribe(ticker));
        MenuItem copy = new MenuItem("Copy symbol");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(ticker);
            Clipboard.getSystemClipboard().setContent(content);
        });
        return new ContextMenu(details, move, unsubscribe, new SeparatorMenuItem(), copy);
    }

    private void applySeverity(Badge now) {
        for (Badge.Severity s : Badge.Severity.values()) {
            badge.getStyleClass().remove(s.styleClass());
        }
        badge.getStyleClass().add(now.severity().styleClass());
    }

    private void applyHighlight(Highlight highlight) {
        root.getStyleClass().remove("highlighted");
        pendingHighlight = null;
        if (highlight == null || !highlight.connectionId().equals(pane.connectionId())) {
            return;
        }
        root.getStyleClass().add("highlighted");
        TickerRow row = pane.row(highlight.ticker());
        if (row != null) {
            select(row);
        } else {
            pendingHighlight = highlight.ticker();
        }
    }

    private void select(TickerRow row) {
        int index = table.getItems().indexOf(row);
        if (index >= 0) {
            table.getSelectionModel().clearAndSelect(index);
            table.scrollTo(row);
        }
    }

    @FXML
    private void connect() {
        console.connect(pane.connectionId());
    }

    @FXML
    private void disconnect() {
        console.disconnect(pane.connectionId());
    }

    @FXML
    private void reconnect() {
        console.reconnect(pane.connectionId());
    }
}
