package com.tickstock.console.manager;

import com.tickstock.console.config.FeedSource;
import com.tickstock.console.feed.ConnectionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The window's {@link ConsoleFeed} over this process's own connections: a thin adapter, every call goes to the
 * {@link ConnectionManager} (whose methods are thread-safe) as it did before there was an attached console.
 */
public final class LocalConsoleFeed implements ConsoleFeed {

    private final ConnectionManager manager;
    private final FeedSource source;

    public LocalConsoleFeed(ConnectionManager manager, FeedSource source) {
        this.manager = manager;
        this.source = source;
    }

    @Override
    public HealthSnapshot health() {
        return manager.health();
    }

    @Override
    public HealthSnapshot healthNow() {
        return manager.healthNow();
    }

    @Override
    public TickerRouting routing() {
        return manager.routing();
    }

    @Override
    public Set<String> connectionIds() {
        return manager.connectionIds();
    }

    @Override
    public String connectionName(String connectionId) {
        return manager.connectionIds().contains(connectionId) ? manager.connection(connectionId).config().name() : "";
    }

    @Override
    public Map<String, Long> sequenceGapsBySymbol(String connectionId) {
        return manager.connectionIds().contains(connectionId)
                ? manager.connection(connectionId).sequenceGapsBySymbol() : Map.of();
    }

    @Override
    public String describeSource(long nowMillis) {
        return source.describe();
    }

    @Override
    public String unavailable(long nowMillis) {
        return "";
    }

    @Override
    public String commandsRefused() {
        return "";
    }

    @Override
    public Registration addStateListener(ConnectionListener listener) {
        return manager.addStateListener(listener);
    }

    /** None: the window sees this process's state changes itself. */
    @Override
    public Registration addLogListener(java.util.function.Consumer<FeedLogLine> listener) {
        return () -> { };
    }

    @Override
    public Registration addConsumer(String name, TickConsumer consumer, TickConsumer.Delivery delivery) {
        return manager.addConsumer(name, consumer, delivery);
    }

    @Override
    public String connect(String connectionId) {
        manager.connect(connectionId);
        return "done";
    }

    @Override
    public String disconnect(String connectionId) {
        manager.disconnect(connectionId);
        return "done";
    }

    @Override
    public String reconnect(String connectionId) {
        manager.reconnect(connectionId);
        return "done";
    }

    @Override
    public String connectAll() {
        manager.connect();
        return "done";
    }

    @Override
    public String disconnectAll() {
        manager.disconnect();
        return "done";
    }

    /** Where each ticker went; refused as a whole (with every reason) when none of them could be placed. */
    @Override
    public String subscribe(List<String> tickers) {
        SubscribeResult r = manager.subscribe(tickers);
        if (r.assigned().isEmpty() && r.alreadyAssigned().isEmpty() && !r.rejected().isEmpty()) {
            throw new IllegalArgumentException("rejected: " + r.rejected().entrySet().stream()
                    .map(e -> e.getKey() + " — " + e.getValue()).collect(Collectors.joining("; ")));
        }
        List<String> parts = new ArrayList<>();
        r.assigned().forEach((t, c) -> parts.add(t + " → " + c));
        r.alreadyAssigned().forEach((t, c) -> parts.add(t + " already on " + c));
        r.rejected().forEach((t, why) -> parts.add(t + " rejected: " + why));
        return String.join("; ", parts);
    }

    @Override
    public String unsubscribe(String ticker) {
        Map<String, String> removed = manager.unsubscribe(List.of(ticker));
        return removed.isEmpty() ? ticker + " was not subscribed" : ticker + " left " + removed.get(ticker);
    }

    @Override
    public String move(String ticker, String toConnectionId) {
        manager.move(ticker, toConnectionId);
        return "done";
    }
}
