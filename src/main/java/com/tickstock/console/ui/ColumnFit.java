package com.tickstock.console.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.application.Platform;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Sizes a table's columns to their content and, where the table is narrower than the columns the
 * operator wants, hides the least important ones that do not fit instead of cutting numbers to an
 * ellipsis. A
 * hidden column comes back when room returns; the table's column menu (the "+" in its header
 * corner) lets the operator choose, and a column the operator turns on is then kept ahead of the
 * others.
 *
 * <p>A column's width only grows: each cell reports the text it shows ({@link #shown}), and the
 * column widens when a longer text than any before appears (digits measured as '8', the widest
 * digit, so 1111.11 and 8888.88 need the same room). That is one length comparison per cell
 * update, and a measurement only when a text is longer than any seen: columns never jitter.
 *
 * <p>Threads: FX thread only.
 */
final class ColumnFit {

    private static final String KEY = ColumnFit.class.getName();
    /** A cell's left and right padding (console.css: .ticker-table .table-cell) plus rounding room. */
    private static final double CELL_PADDING = 3 + 3 + 4;
    /** A header's label padding, plus room for the sort arrow that appears when the column is sorted. */
    private static final double HEADER_PADDING = 8 + 10;
    /** The vertical scroll bar's width before the table's skin has made one (modena's, rounded up). */
    private static final double SCROLL_BAR_GUESS = 16;
    /** Layout snaps each column to whole pixels, and 150 % scaling to whole device pixels: room for both. */
    private static final double ROUNDING = 2;

    private final TableView<?> table;
    /** Most important first; the first column is never hidden. */
    private final List<TableColumn<?, ?>> importance;
    private final Set<TableColumn<?, ?>> unwanted = new HashSet<>();
    private final Map<TableColumn<?, ?>, Double> needed = new HashMap<>();
    private final Map<TableColumn<?, ?>, Integer> longest = new HashMap<>();
    private final Text probe = new Text();
    private boolean adjusting;
    private boolean fitQueued;

    private ColumnFit(TableView<?> table, List<TableColumn<?, ?>> importance, Font headerFont) {
        this.table = table;
        this.importance = new ArrayList<>(importance);
        Font bold = Font.font(headerFont.getFamily(), FontWeight.BOLD, headerFont.getSize());
        for (TableColumn<?, ?> column : importance) {
            needed.put(column, measure(column.getText(), bold) + HEADER_PADDING);
            column.visibleProperty().addListener((o, was, now) -> operatorChose(column, now));
        }
        table.widthProperty().addListener((o, a, b) -> fit());
        table.setTableMenuButtonVisible(true);
        fit();
    }

    /**
     * Starts fitting {@code table}; {@code importance} lists its columns, most important first (the
     * first is always shown). {@code font} is the header's font before CSS applies.
     */
    static ColumnFit install(TableView<?> table, List<TableColumn<?, ?>> importance, Font font) {
        ColumnFit fit = new ColumnFit(table, importance, font);
        table.getProperties().put(KEY, fit);
        return fit;
    }

    /** Reserves {@code width} for {@code column} whatever its texts (e.g. a column that shows a graphic). */
    void reserve(TableColumn<?, ?> column, double width) {
        needed.merge(column, width, Math::max);
        fit();
    }

    /** Called by a cell with the text it now shows: widens its column if the text would not fit. */
    static void shown(TableView<?> table, TableColumn<?, ?> column, String text, Font font) {
        if (table == null || column == null || text == null) {
            return;
        }
        Object fit = table.getProperties().get(KEY);
        if (fit instanceof ColumnFit columnFit) {
            columnFit.shown(column, text, font);
        }
    }

    private void shown(TableColumn<?, ?> column, String text, Font font) {
        Integer before = longest.get(column);
        if (before != null && text.length() <= before) {
            return;
        }
        longest.put(column, text.length());
        double width = measure(widest(text), font) + CELL_PADDING;
        Double now = needed.get(column);
        if (now == null || width > now) {
            needed.put(column, width);
            queueFit();
        }
    }

    /** Fitting from inside a cell's update would change widths in the middle of a layout: do it once, after. */
    private void queueFit() {
        if (!fitQueued) {
            fitQueued = true;
            Platform.runLater(() -> {
                fitQueued = false;
                fit();
            });
        }
    }

    private void operatorChose(TableColumn<?, ?> column, boolean visible) {
        if (adjusting) {
            return;
        }
        if (visible) {
            unwanted.remove(column);
            // The operator asked for it: keep it ahead of everything but the first column.
            importance.remove(column);
            importance.add(Math.min(1, importance.size()), column);
        } else {
            unwanted.add(column);
        }
        queueFit();
    }

    /** Shows the wanted columns, most important first, while they fit at their needed width. */
    void fit() {
        // The columns get exactly this (the table resizes them no further), so none lies under the scroll bar, where
        // its right-aligned numbers would be cut; the bar's room is kept whether or not it shows yet.
        double available = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset()
                - verticalScrollBarWidth() - ROUNDING;
        if (available <= 0) {
            return;
        }
        adjusting = true;
        try {
            double used = 0;
            TableColumn<?, ?> lastShown = null;
            for (int i = 0; i < importance.size(); i++) {
                TableColumn<?, ?> column = importance.get(i);
                double width = needed.getOrDefault(column, 30.0);
                // A column that does not fit is skipped and a less important narrower one may take the
                // room: what is hidden depends only on the widths, in a fixed order of importance.
                boolean show = i == 0 || (!unwanted.contains(column) && used + width <= available);
                if (show) {
                    used += width;
                    if (column.getMinWidth() != width) {
                        column.setMinWidth(width);
                    }
                    column.setPrefWidth(width);
                    if (lastShown == null || table.getColumns().indexOf(column) > table.getColumns().indexOf(lastShown)) {
                        lastShown = column;
                    }
                }
                if (column.isVisible() != show) {
                    column.setVisible(show);
                }
            }
            // The room left goes to the rightmost shown column, so the columns fill the table up to the scroll bar.
            if (lastShown != null && available > used) {
                lastShown.setPrefWidth(lastShown.getMinWidth() + Math.floor(available - used));
            }
        } finally {
            adjusting = false;
        }
    }

    private double verticalScrollBarWidth() {
        for (javafx.scene.Node node : table.lookupAll(".scroll-bar")) {
            if (node instanceof javafx.scene.control.ScrollBar bar
                    && bar.getOrientation() == javafx.geometry.Orientation.VERTICAL && bar.getWidth() > 0) {
                return Math.ceil(bar.getWidth());
            }
        }
        return SCROLL_BAR_GUESS;
    }

    /** The columns the fit currently hides although the operator did not turn them off (for tooltips and tests). */
    List<String> collapsed() {
        List<String> names = new ArrayList<>();
        for (TableColumn<?, ?> column : importance) {
            if (!column.isVisible() && !unwanted.contains(column)) {
                names.add(column.getText());
            }
        }
        return names;
    }

    private double measure(String text, Font font) {
        probe.setFont(font);
        probe.setText(text);
        return Math.ceil(probe.getLayoutBounds().getWidth());
    }

    private static String widest(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= '0' && chars[i] <= '9') {
                chars[i] = '8';
            }
        }
        return new String(chars);
    }
}
