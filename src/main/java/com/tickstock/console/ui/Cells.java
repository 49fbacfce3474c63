package com.tickstock.console.ui;

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
     * A text cell with an optional CSS pseudo-class derived from the value ({@code .table-cell:flash-up}). A
     * pseudo-class, not a style class: a flash starts and ends on most price cells at every refresh of a busy
     * window, and a style-class change makes JavaFX match every selector against the cell and its text again,
     * where a pseudo-class change only re-applies the styles already matched.
     */
    static class Formatted<S, T> extends TableCell<S, T> {
        private final Function<T, String> text;
        private final Function<T, PseudoClass> state;
        private PseudoClass applied;

        Formatted(Function<T, String> text, Function<T, PseudoClass> state) {
            this.text = text;
            this.state = state;
        }

        Formatted(Function<T, String> text) {
            this(text, v -> null);
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
            PseudoClass next = empty || item == null ? null : state.apply(item);
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
    }

    static final PseudoClass FLASH_UP = PseudoClass.getPseudoClass("flash-up");
    static final PseudoClass FLASH_DOWN = PseudoClass.getPseudoClass("flash-down");
    static final PseudoClass POSITIVE = PseudoClass.getPseudoClass("positive");
    static final PseudoClass NEGATIVE = PseudoClass.getPseudoClass("negative");
    static final PseudoClass OLD = PseudoClass.getPseudoClass("old");

    static TableCell<TickerRow, PriceValue> price() {
        return new Formatted<>(PriceValue::text, v -> v.direction() > 0 ? FLASH_UP : v.direction() < 0 ? FLASH_DOWN : null);
    }

    static TableCell<TickerRow, Number> change() {
        return new Formatted<TickerRow, Number>(v -> Formats.percent(v.doubleValue()),
                v -> Formats.roundsToZero(v.doubleValue()) ? null : v.doubleValue() > 0 ? POSITIVE : NEGATIVE);
    }

    static TableCell<TickerRow, Number> volume() {
        return new Formatted<>(v -> Formats.volume(v.longValue()));
    }

    static TableCell<TickerRow, Number> count() {
        return new Formatted<>(v -> Formats.count(v.longValue()));
    }

    static TableCell<TickerRow, Number> age() {
        return new Formatted<TickerRow, Number>(v -> v.longValue() < 0 ? Formats.NONE : v.longValue() + " s",
                v -> v.longValue() >= 10 ? OLD : null);
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
