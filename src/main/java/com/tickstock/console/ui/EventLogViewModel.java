package com.tickstock.console.ui;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The event log: state changes, errors and operator actions, newest last, capped so a flapping
 * connection cannot grow it without bound. Filterable by words and by kind.
 *
 * <p>Threads: FX thread only; other threads hand lines over through the console's pulse.
 */
final class EventLogViewModel {

    static final int DEFAULT_CAPACITY = 2_000;

    private final int capacity;
    private final ObservableList<LogEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<LogEntry> filtered = new FilteredList<>(entries, e -> true);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    /** {@code null} shows every kind. */
    private final ObjectProperty<LogEntry.Kind> kindFilter = new SimpleObjectProperty<>(this, "kindFilter");

    EventLogViewModel(int capacity) {
        this.capacity = capacity;
        filterText.addListener((o, a, b) -> applyFilter());
        kindFilter.addListener((o, a, b) -> applyFilter());
    }

    void add(LogEntry entry) {
        entries.add(entry);
        if (entries.size() > capacity) {
            entries.remove(0, entries.size() - capacity);
        }
    }

    void add(String connection, LogEntry.Kind kind, String text) {
        add(new LogEntry(System.currentTimeMillis(), connection, kind, text));
    }

    private void applyFilter() {
        String words = filterText.get() == null ? "" : filterText.get().trim().toLowerCase(Locale.ROOT);
        LogEntry.Kind kind = kindFilter.get();
        filtered.setPredicate(e -> (kind == null || e.kind() == kind)
                && (words.isEmpty() || e.line().toLowerCase(Locale.ROOT).contains(words)));
    }

    ObservableList<LogEntry> entries() {
        return FXCollections.unmodifiableObservableList(entries);
    }

    FilteredList<LogEntry> filtered() {
        return filtered;
    }

    StringProperty filterTextProperty() {
        return filterText;
    }

    ObjectProperty<LogEntry.Kind> kindFilterProperty() {
        return kindFilter;
    }
}
