package com.tickstock.console.ui;

import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.NestedTableColumnHeader;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.control.skin.TableHeaderRow;

/**
 * A tooltip on each column header saying what the column measures. JavaFX has no header tooltip of its own and
 * the header nodes come and go with the skin (a column hidden and shown again gets a new one), so the tips are put
 * on whatever headers the header row holds, each time that list changes — never per layout or per pulse.
 *
 * <p>Threads: FX thread only.
 */
final class HeaderTips {

    /** The explanation a header carries, in its properties (read by tests). */
    static final String KEY = "tickstock.header.tip";

    private HeaderTips() {
    }

    static void install(TableView<?> table, Map<TableColumn<?, ?>, String> explanations) {
        if (table.getSkin() != null) {
            attach(table, explanations);
        } else {
            table.skinProperty().addListener((o, was, now) -> {
                if (now != null) {
                    attach(table, explanations);
                }
            });
        }
    }

    private static void attach(TableView<?> table, Map<TableColumn<?, ?>, String> explanations) {
        if (table.lookup(".column-header-background") instanceof TableHeaderRow row) {
            NestedTableColumnHeader root = row.getRootHeader();
            root.getColumnHeaders().addListener((ListChangeListener<TableColumnHeader>) c -> apply(root, explanations));
            apply(root, explanations);
        }
    }

    private static void apply(NestedTableColumnHeader root, Map<TableColumn<?, ?>, String> explanations) {
        for (TableColumnHeader header : root.getColumnHeaders()) {
            String text = explanations.get(header.getTableColumn());
            if (text != null && !text.equals(header.getProperties().get(KEY))) {
                Tooltip tip = new Tooltip(text);
                tip.setWrapText(true);
                tip.setMaxWidth(380);
                tip.setShowDuration(javafx.util.Duration.seconds(30));
                Tooltip.install(header, tip);
                header.getProperties().put(KEY, text);
            }
        }
    }
}
