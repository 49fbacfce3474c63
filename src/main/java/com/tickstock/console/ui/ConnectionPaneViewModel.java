package com.tickstock.console.ui;

import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One connection's pane: its badge, figures, msgs/s history and ticker rows.
 *
 * <p>Threads: FX thread only; fed by {@link ConsoleViewModel#pulse}.
 */
final class ConnectionPaneViewModel {

    /** A connection subscribed to every ticker ({@code _SYMBOLS=*}); its ticker count is those seen so far. */
    static final String ALL_TICKERS = "all tickers (*)";

    private final String connectionId;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name", "");
    private final ReadOnlyStringWrapper universe = new ReadOnlyStringWrapper(this, "universe", "");
    private final ReadOnlyObjectWrapper<ConnectionState> state = new ReadOnlyObjectWrapper<>(this, "state",
            ConnectionState.DISCONNECTED);
    private final ReadOnlyObjectWrapper<Badge> badge = new ReadOnlyObjectWrapper<>(this, "badge",
            new Badge("disconnected", "", Badge.Severity.IDLE));
    private final Map<Stat, ReadOnlyStringWrapper> stats = new EnumMap<>(Stat.class);
    private final ReadOnlyStringWrapper tickerCount = new ReadOnlyStringWrapper(this, "tickerCount", "");
    /** This connection's errors by kind ("auth_failed 1 · transport 2"), "" while there are none. */
    private final ReadOnlyStringWrapper errorKinds = new ReadOnlyStringWrapper(this, "errorKinds", "");
    private final ReadOnlyLongWrapper rateSamples = new ReadOnlyLongWrapper(this, "rateSamples");
    private final double[] rates;
    private int rateCount;
    private final ObservableList<TickerRow> rows = FXCollections.observableArrayList();

    ConnectionPaneViewModel(String connectionId, int rateCapacity) {
        this.connectionId = connectionId;
        this.rates = new double[rateCapacity];
        for (Stat stat : Stat.values()) {
            stats.put(stat, new ReadOnlyStringWrapper(this, stat.name(), Formats.NONE));
        }
    }

    /** The figures a pane shows under its badge, in display order. */
    enum Stat {
        MSGS_PER_SECOND("msg/s", "Market-data events per second received on this connection."),
        TOTAL("total", "Market-data events received on this connection since the console started."),
        ERRORS("errors", "Sockets lost or refused on this connection (a bad key, a connection-limit kick, a drop,"
                + " ...), status errors from the feed and frames that could not be decoded; the event log says what"
                + " each was."),
        LAG_P99("lag p99", "99th percentile of the delay from an event's exchange (SIP) timestamp to its arrival here,"
                + " over recent events: clock skew between this machine and the exchange is included."),
        GAPS("gaps", "Breaks in a ticker's sequence numbers (trades and quotes): events the feed did not deliver."),
        CONNECTED_FOR("connected for", "Time since this connection's current socket was opened."),
        LAST_MESSAGE("last message", "Time since the last frame of any kind arrived on this connection.");

        final String label;
        /** What the figure measures, for the operator's tooltip. */
        final String explanation;

        Stat(String label, String explanation) {
            this.label = label;
            this.explanation = explanation;
        }
    }

    void applyHealth(ConnectionHealth health, long nowMillis) {
        ConnectionSnapshot feed = health.feed();
        name.set(feed.name());
        universe.set(health.allTickers() ? ALL_TICKERS
                : health.universeKey().isEmpty() ? "listed symbols" : health.universeKey());
        state.set(feed.state());
        Badge next = Badge.of(feed, nowMillis);
        if (!next.equals(badge.get())) {
            badge.set(next);
        }
        tickerCount.set(Formats.count(health.assignedTickers()) + (health.allTickers() ? " tickers seen" : " tickers"));
        stats.get(Stat.MSGS_PER_SECOND).set(Formats.rate(feed.msgsPerSecond()));
        stats.get(Stat.TOTAL).set(Formats.count(feed.marketDataEvents()));
        stats.get(Stat.ERRORS).set(Formats.count(health.errorCount()));
        errorKinds.set(Formats.errorKinds(health.errorsByKind()));
        stats.get(Stat.LAG_P99).set(Formats.lagMillis(feed.lagMsP99()));
        stats.get(Stat.GAPS).set(Formats.count(feed.sequenceGaps()));
        stats.get(Stat.CONNECTED_FOR).set(feed.connectedSince() == null ? Formats.NONE
                : Formats.duration(nowMillis - feed.connectedSince().toEpochMilli()));
        stats.get(Stat.LAST_MESSAGE).set(feed.lastMessageMillis() <= 0 ? Formats.NONE
                : Formats.age(feed.lastMessageMillis(), nowMillis) + " ago");
    }

    /**
     * The data behind this pane is not live (a lost feeder): the badge says why and the figures that would look
     * live are blanked, so no frozen number passes for a current one. The next live health restores them.
     */
    void showUnavailable(String why) {
        Badge lost = new Badge("feeder lost", why, Badge.Severity.BAD);
        if (!lost.equals(badge.get())) {
            badge.set(lost);
        }
        stats.get(Stat.MSGS_PER_SECOND).set(Formats.NONE);
        stats.get(Stat.CONNECTED_FOR).set(Formats.NONE);
        stats.get(Stat.LAST_MESSAGE).set(Formats.NONE);
    }

    void applyRates(RateHistory history) {
        long samples = history.samples(connectionId);
        if (samples != rateSamples.get()) {
            rateCount = history.copy(connectionId, rates);
            rateSamples.set(samples);
        }
    }

    /**
     * Makes the rows match the tickers routed to this connection, reusing the row objects in
     * {@code allRows} so a moved ticker keeps its identity (and its selection).
     */
    void applyRouting(Set<String> tickers, Map<String, TickerRow> allRows) {
        Set<String> present = new HashSet<>();
        List<TickerRow> gone = new ArrayList<>();
        for (TickerRow row : rows) {
            if (tickers.contains(row.getSymbol())) {
                present.add(row.getSymbol());
            } else {
                gone.add(row);
            }
        }
        if (!gone.isEmpty()) {
            rows.removeAll(gone);
        }
        List<TickerRow> added = new ArrayList<>();
        for (String ticker : tickers) {
            if (!present.contains(ticker)) {
                added.add(allRows.computeIfAbsent(ticker, TickerRow::new));
            }
        }
        if (!added.isEmpty()) {
            added.sort((a, b) -> a.getSymbol().compareTo(b.getSymbol()));
            rows.addAll(added);
        }
    }

    /** Refreshes every row from the board; returns how many changed. */
    int refreshRows(TickerBoard board, long nowMillis) {
        int changed = 0;
        for (int i = 0, n = rows.size(); i < n; i++) {
            if (rows.get(i).refresh(board, nowMillis)) {
                changed++;
            }
        }
        return changed;
    }

    TickerRow row(String ticker) {
        for (TickerRow row : rows) {
            if (row.getSymbol().equals(ticker)) {
                return row;
            }
        }
        return null;
    }

    String connectionId() {
        return connectionId;
    }

    ObservableList<TickerRow> rows() {
        return rows;
    }

    /** The msgs/s history buffer (oldest first, {@link #rateCount()} valid points). */
    double[] rates() {
        return rates;
    }

    int rateCount() {
        return rateCount;
    }

    ReadOnlyLongProperty rateSamplesProperty() {
        return rateSamples.getReadOnlyProperty();
    }

    ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    ReadOnlyStringProperty universeProperty() {
        return universe.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Badge> badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    ReadOnlyStringProperty statProperty(Stat stat) {
        return stats.get(stat).getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorKindsProperty() {
        return errorKinds.getReadOnlyProperty();
    }

    ReadOnlyStringProperty tickerCountProperty() {
        return tickerCount.getReadOnlyProperty();
    }
}
