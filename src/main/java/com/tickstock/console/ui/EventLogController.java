package com.tickstock.console.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;

/** The event log at the bottom: binds {@link EventLogViewModel} to EventLog.fxml. */
public final class EventLogController {

    private final EventLogViewModel log;

    @FXML private TextField filterField;
    @FXML private ChoiceBox<LogEntry.Kind> kindChoice;
    @FXML private Label countLabel;
    @FXML private TableView<LogEntry> table;
    @FXML private TableColumn<LogEntry, String> timeColumn;
    @FXML private TableColumn<LogEntry, String> connectionColumn;
    @FXML private TableColumn<LogEntry, String> kindColumn;
    @FXML private TableColumn<LogEntry, String> textColumn;

    EventLogController(EventLogViewModel log) {
        this.log = log;
    }

    @FXML
    private void initialize() {
        log.filterTextProperty().bind(filterField.textProperty());
        kindChoice.getItems().add(null);
        kindChoice.getItems().addAll(LogEntry.Kind.values());
        kindChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(LogEntry.Kind kind) {
                return kind == null ? "all kinds" : kind.name().toLowerCase(java.util.Locale.ROOT);
            }

            @Override
            public LogEntry.Kind fromString(String s) {
                return null;
            }
        });
        kindChoice.getSelectionModel().select(0);
        log.kindFilterProperty().bind(kindChoice.valueProperty());
        table.setItems(log.filtered());
        timeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().time()));
        connectionColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().connection()));
        kindColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().kind().name().toLowerCase(java.util.Locale.ROOT)));
        textColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().text()));
        textColumn.setCellFactory(c -> new LineCell());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(LogEntry item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("log-error", "log-action");
                if (!empty && item != null && item.kind() != LogEntry.Kind.STATE) {
                    getStyleClass().add(item.kind() == LogEntry.Kind.ERROR ? "log-error" : "log-action");
                }
            }
        });
        countLabel.textProperty().bind(Bindings.concat(Bindings.size(log.filtered()).asString(), " of ",
                Bindings.size(log.entries()).asString(), " lines"));
        // Follow the newest line: lines arrive in batches (one per pulse at most), so this is cheap.
        log.filtered().addListener((ListChangeListener<LogEntry>) c -> {
            if (!table.getItems().isEmpty()) {
                table.scrollTo(table.getItems().size() - 1);
            }
        });
    }

    /** A log line: one row high, so a line longer than the column is cut; its tooltip holds all of it. */
    private static final class LineCell extends TableCell<LogEntry, String> {
        private final Tooltip whole = new Tooltip();

        LineCell() {
            whole.setWrapText(true);
            whole.setMaxWidth(640);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            String text = empty ? null : item;
            setText(text);
            whole.setText(text);
            setTooltip(text == null ? null : whole);
        }
    }
}
