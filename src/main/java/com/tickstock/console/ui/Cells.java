package com.tickstock.console.ui;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.css.PseudoClass;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;

/** The ticker table's cells: each redraws only when its own value changes. FX thread only. */
final class Cells {

    private Cells() {
    }

    /**
     * A text cell with an optional state derived from the value (flash-up, positive, old, ...), set as a CSS
     * pseudo-class ({@code .table-cell:flash-up}). A style class would do the same in the stylesheet, but changing
     * one makes JavaFX throw the cell's styles away and look them all up again ({@code createStyleHelper}, about a
     * tenth of the FX thread at 9,000 ticks/s); a pseudo-class change only moves the cell to another state.
     *
     * <p>The state is set when the value changes, in the refresh, not when the cell updates its item: a TableCell
     * updates its item while the table lays it out, after the pulse's CSS pass, and a pseudo-class changed then
     * costs the scene another pulse and a second paint of the cell (measured: 12 pulses/s instead of 8, the render
     * thread 3.7 → 15 % at 9k). The value's change reaches the cell as a layout request ({@link #requestLayout}),
     * before the pulse.
     */
    static class Formatted<S, T> extends TableCell<S, T> {
        private final Function<T, String> text;
        private final Function<T, String> state;
        private final Map<String, PseudoClass> states;
        private PseudoClass applied;

        Formatted(Function<T, String> text, Function<T, String> state, List<String> allStates) {
            this.text = text;
            this.state = state;
            this.states = allStates.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(s -> s,
                    PseudoClass::getPseudoClass));
        }

        @Override
        public void requestLayout() {
            super.requestLayout();
            if (!states.isEmpty() && getTableColumn() != null && !isEmpty() && getIndex() >= 0
                    && getTableView() != null && getIndex() < getTableView().getItems().size()) {
                javafx.beans.value.ObservableValue<T> value = getTableColumn().getCellObservableValue(getIndex());
                if (value != null) {
                    applyState(value.getValue());
                }
            }
        }

        private void applyState(T value) {
            String name = value == null ? null : state.apply(value);
            PseudoClass next = name == null ? null : states.get(name);
            if (next != applied) {
                if (applied != null) {
                    pseudoClassStateChanged(applied, false);
                }
                if (next != null) {
                    pseudoClassStateChanged(next, true);
                }
                applied = next;
            }
        }

        Formatted(Function<T, String> text) {
            this(text, v -> null, List.of());
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            String shown = empty || item == null ? null : text.apply(item);
            // Touch the text only when it changed: an equal string would still cost a relayout.
            if (!Objects.equals(shown, getText())) {
                setText(shown);
                ColumnFit.shown(getTableView(), getTableColumn(), shown, getFont());
            }
            applyState(empty ? null : item);
        }
    }

    static TableCell<TickerRow, PriceValue> price() {
        return new Formatted<>(PriceValue::text,
                v -> v.direction() > 0 ? "flash-up" : v.direction() < 0 ? "flash-down" : null,
                List.of("flash-up", "flash-down"));
    }

    static TableCell<TickerRow, Number> change() {
        return new Formatted<TickerRow, Number>(v -> Formats.percent(v.doubleValue()),
                v -> Formats.roundsToZero(v.doubleValue()) ? null : v.doubleValue() > 0 ? "positive" : "negative",
                List.of("positive", "negative"));
    }

    static TableCell<TickerRow, Number> volume() {
        return new Formatted<>(v -> Formats.volume(v.longValue()));
    }

    static TableCell<TickerRow, Number> count() {
        return new Formatted<>(v -> Formats.count(v.longValue()));
    }

    static TableCell<TickerRow, Number> age() {
        return new Formatted<TickerRow, Number>(v -> Formats.tickerAge(v.longValue()),
                v -> v.longValue() >= Formats.TICKER_OLD_SECONDS ? "old" : null, List.of("old"));
    }

    static TableCell<TickerRow, String> text() {
        return new Formatted<>(v -> v);
    }

    /**
     * The per-row price sparkline: redrawn when the ticker's history gained a point.
     *
     * <p>The cell holds its sparkline from the start, empty until the ticker's first event, and only fills or clears
     * it. Setting it as the graphic at the first event added a node to the scene while the table laid its cells out,
     * and JavaFX repainted the whole window in the next pulse (seen with {@code -Djavafx.pulseLogger=true}: a full
     * repaint of some 1,700 nodes, 30-90 ms of the render thread, after a ticker's first tick on screen, where a
     * refresh otherwise repaints a few cells).
     */
    static final class SparklineCell extends TableCell<TickerRow, Number> {
        private final Sparkline sparkline = new Sparkline();
        private final double[] buffer = new double[TickerBoard.HISTORY_POINTS];

        SparklineCell() {
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            sparkline.setPrefHeight(14);
            setGraphic(sparkline);
        }

        @Override
        protected void updateItem(Number item, boolean empty) {
            super.updateItem(item, empty);
            TickerRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            TickerState state = row == null ? null : row.state();
            if (state == null) {
                sparkline.clear();
                return;
            }
            sparkline.setValues(buffer, state.copyHistory(buffer));
        }
    }
}
