package com.tickstock.console.ui;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;

/** The ticker table's cells: each redraws only when its own value changes. FX thread only. */
final class Cells {

    private Cells() {
    }

    /** A text cell with an optional style class derived from the value. */
    static class Formatted<S, T> extends TableCell<S, T> {
        private final Function<T, String> text;
        private final Function<T, String> styleClass;
        private final List<String> allClasses;
        private String applied;

        Formatted(Function<T, String> text, Function<T, String> styleClass, List<String> allClasses) {
            this.text = text;
            this.styleClass = styleClass;
            this.allClasses = allClasses;
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
            String next = empty || item == null ? null : styleClass.apply(item);
            if (next == null ? applied != null : !next.equals(applied)) {
                getStyleClass().removeAll(allClasses);
                if (next != null) {
                    getStyleClass().add(next);
                }
                applied = next;
            }
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

    /** The per-row price sparkline: redrawn when the ticker's history gained a point. */
    static final class SparklineCell extends TableCell<TickerRow, Number> {
        private final Sparkline sparkline = new Sparkline();
        private final double[] buffer = new double[TickerBoard.HISTORY_POINTS];

        SparklineCell() {
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            sparkline.setPrefHeight(14);
        }

        @Override
        protected void updateItem(Number item, boolean empty) {
            super.updateItem(item, empty);
            TickerRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            TickerState state = row == null ? null : row.state();
            if (state == null) {
                setGraphic(null);
                return;
            }
            sparkline.setValues(buffer, state.copyHistory(buffer));
            setGraphic(sparkline);
        }
    }
}
