package com.tickstock.console.ui;

import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.manager.SubscribeResult;
import com.tickstock.console.manager.TickerRouting;
import com.tickstock.console.supervision.PartFailure;
import com.tickstock.console.supervision.PartFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;

/**
 * The console window's state and commands, free of controls: the top bar, one pane per
 * connection, the event log, the ticker lookup and detail, and the operator's actions.
 *
 * <p>Threads: every property is read and written on the FX thread only. The feed side is pulled,
 * not pushed: {@link #pulse} (a fixed-rate UI timer) reads the newest health snapshot, the
 * routing and the {@link TickerBoard}, and drains the state changes that connection control
 * threads queue in {@link #stateChanges} — so there is never one UI hand-off per tick or event.
 */
final class ConsoleViewModel {

    private final ConnectionManager manager;
    private final TickerBoard board;
    private final RateHistory rateHistory;
    private final ActionRunner actions;
    private final EventLogViewModel log;
    private final TickerDetailViewModel detail = new TickerDetailViewModel();
    private final Map<String, ConnectionPaneViewModel> panes = new LinkedHashMap<>();
    private final Map<String, TickerRow> rows = new HashMap<>();
    // Written by connection control threads, drained by the pulse (FX thread).
    private final ConcurrentLinkedQueue<StateChange> stateChanges = new ConcurrentLinkedQueue<>();
    /** Unbound on {@link #close()}, so a closed window leaves nothing of itself in the manager. */
    private final Registration stateListener;
    /** The newest part failure of the process already in the event log; FX thread only. */
    private long failuresLogged = PartFailures.process().sequence();
    private final Set<String> troubled = new HashSet<>();
    private final Map<String, Long> errorsSeen = new HashMap<>();
    private TickerRouting routingShown;
    private Consumer<Notice> notifier = n -> { };
    private long highlightSerial;

    private final ReadOnlyStringWrapper connections = new ReadOnlyStringWrapper(this, "connections", "");
    private final ReadOnlyStringWrapper totalTicks = new ReadOnlyStringWrapper(this, "totalTicks", "0");
    private final ReadOnlyStringWrapper ticksPerSecond = new ReadOnlyStringWrapper(this, "ticksPerSecond", "0");
    private final ReadOnlyStringWrapper errors = new ReadOnlyStringWrapper(this, "errors", "0");
    private final ReadOnlyStringWrapper dropped = new ReadOnlyStringWrapper(this, "dropped", "0");
    // From the health snapshot's 'redis' section; "Redis: off" when no republisher runs.
    private final StringProperty redis = new SimpleStringProperty(this, "redis", "Redis: off");
    // From the health snapshot's 'market_session' section (the feeder's, when attached): "REGULAR · closes in 2 h 14 m".
    private final ReadOnlyStringWrapper marketSession = new ReadOnlyStringWrapper(this, "marketSession", "—");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme", true);
    private final ReadOnlyLongWrapper pulses = new ReadOnlyLongWrapper(this, "pulses");
    private final ReadOnlyStringWrapper lookupMessage = new ReadOnlyStringWrapper(this, "lookupMessage", "");
    private final ReadOnlyStringWrapper subscribeOffer = new ReadOnlyStringWrapper(this, "subscribeOffer", "");
    private final ReadOnlyObjectWrapper<Highlight> highlight = new ReadOnlyObjectWrapper<>(this, "highlight");

    ConsoleViewModel(ConnectionManager manager, FeedSource source, TickerBoard board, RateHistory rateHistory,
                     Executor background, Executor fx, int logCapacity) {
        this.manager = manager;
        this.board = board;
        this.rateHistory = rateHistory;
        this.log = new EventLogViewModel(logCapacity);
        this.actions = new ActionRunner(background, fx, log);
        this.source.set(source.describe());
        for (String id : manager.connectionIds()) {
            panes.put(id, new ConnectionPaneViewModel(id, rateHistory.capacity()));
        }
        stateListener = manager.addStateListener(new ConnectionListener() {
            @Override
            public void onStateChange(StateChange change) {
                // Control thread: queue and return at once.
                stateChanges.add(change);
            }
        });
        // Changes before the window opened (the first connect) are not replayed: say where each stands.
        manager.health().connections().forEach((id, h) -> log.add(id, LogEntry.Kind.STATE,
                "at window open: " + h.feed().state() + (h.feed().cause().words().isEmpty() ? ""
                        : ": " + h.feed().cause().words())));
        paused.addListener((o, was, now) -> log.add("", LogEntry.Kind.ACTION, now ? "display paused" : "display resumed"));
    }

    // =====================================================================================
    // The pulse
    // =====================================================================================

    /** Applies everything new since the last pulse. FX thread, a few times a second. */
    void pulse(long nowMillis) {
        HealthSnapshot health = manager.health();
        applyTopBar(health);
        redis.set(RedisSummary.describe(health.sections().get("redis"), nowMillis));
        Map<String, Object> session = health.sections().get("market_session");
        marketSession.set(session != null && session.get("text") instanceof String text ? text : "—");
        health.connections().forEach((id, h) -> {
            ConnectionPaneViewModel pane = panes.get(id);
            if (pane != null) {
                pane.applyHealth(h, nowMillis);
            }
        });
        if (rateHistory.record(health)) {
            panes.values().forEach(p -> p.applyRates(rateHistory));
        }
        drainStateChanges();
        logNewErrors(health);
        logDeadParts();
        TickerRouting routing = manager.routing();
        if (routing != routingShown) {
            applyRouting(routing);
        }
        if (!paused.get()) {
            for (ConnectionPaneViewModel pane : panes.values()) {
                pane.refreshRows(board, nowMillis);
            }
            detail.refresh(manager, board);
        }
        pulses.set(pulses.get() + 1);
    }

    private void applyTopBar(HealthSnapshot health) {
        double rate = 0;
        for (ConnectionHealth h : health.connections().values()) {
            rate += h.feed().msgsPerSecond();
        }
        connections.set(health.connectedCount() + " / " + health.totalConnections() + " streaming");
        totalTicks.set(Formats.count(health.totalTicksReceived()));
        ticksPerSecond.set(Formats.rate(rate));
        errors.set(Formats.count(health.totalErrors()));
        dropped.set(Formats.count(health.totalDropped()));
    }

    private void drainStateChanges() {
        StateChange change;
        while ((change = stateChanges.poll()) != null) {
            String id = change.connectionId();
            ConnectionState state = change.state();
            boolean problem = state == ConnectionState.FAILED || state == ConnectionState.STALE
                    || state == ConnectionState.RECONNECTING;
            log.add(new LogEntry(change.at().toEpochMilli(), id, problem ? LogEntry.Kind.ERROR : LogEntry.Kind.STATE,
                    change.describe()));
            String name = id + " (" + manager.connection(id).config().name() + ")";
            if (problem && troubled.add(id)) {
                notifier.accept(new Notice(true, name + (state == ConnectionState.FAILED ? " failed" : " in trouble"),
                        change.describe()));
            } else if (state == ConnectionState.FAILED) {
                notifier.accept(new Notice(true, name + " failed", change.describe()));
            } else if (state == ConnectionState.STREAMING && troubled.remove(id)) {
                notifier.accept(new Notice(false, name + " recovered", "streaming again"));
            }
        }
    }

    /** A thread that died changes no connection state by itself, so it would not reach the log otherwise. */
    private void logDeadParts() {
        for (PartFailure f : PartFailures.process().since(failuresLogged)) {
            log.add(new LogEntry(f.at().toEpochMilli(), f.part(), LogEntry.Kind.ERROR, f.part() + " FAILED: thread "
                    + f.thread() + " died of " + f.cause() + "; it will not recover and its counts can no longer be trusted"));
            failuresLogged = f.sequence();
        }
    }

    private void logNewErrors(HealthSnapshot health) {
        health.connections().forEach((id, h) -> {
            long now = h.errorCount();
            Long before = errorsSeen.put(id, now);
            if (before != null && now > before) {
                ConnectionSnapshot feed = h.feed();
                String last = !feed.lastStatusError().isEmpty() ? feed.lastStatusError() : feed.lastDecodeError();
                log.add(id, LogEntry.Kind.ERROR, (now - before) + " new error(s)" + (last.isEmpty() ? "" : ": " + last));
            }
        });
    }

    private void applyRouting(TickerRouting routing) {
        for (ConnectionPaneViewModel pane : panes.values()) {
            pane.applyRouting(routing.tickersOf(pane.connectionId()), rows);
        }
        // Tickers no connection carries any more (unsubscribed): forget them everywhere.
        rows.keySet().removeIf(ticker -> {
            if (routing.connectionOf(ticker) == null) {
                board.forget(ticker);
                return true;
            }
            return false;
        });
        routingShown = routing;
    }

    // =====================================================================================
    // Lookup
    // =====================================================================================

    /** Assigned tickers starting with {@code text}, for the type-ahead. Any thread (lock-free reads). */
    List<String> suggestions(String text, int limit) {
        String prefix = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (prefix.isEmpty()) {
            return List.of();
        }
        List<String> matches = manager.routing().assignments().keySet().stream().filter(t -> t.startsWith(prefix))
                .sorted().limit(limit).collect(Collectors.toList());
        // Nothing to complete when the box already holds the one match: no popup to dismiss first.
        return matches.size() == 1 && matches.get(0).equals(prefix) ? List.of() : matches;
    }

    /** Enter in the lookup box: highlight the ticker's row and show its detail, or offer to subscribe. */
    void lookup(String text) {
        String ticker = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (ticker.isEmpty()) {
            clearLookup();
            return;
        }
        String owner = manager.tickerAssignment(ticker).orElse(null);
        if (owner == null) {
            subscribeOffer.set(ticker);
            lookupMessage.set(ticker + " is not subscribed");
            return;
        }
        subscribeOffer.set("");
        lookupMessage.set(ticker + " on " + owner + " (" + manager.connection(owner).config().name() + ")");
        if (routingShown != manager.routing()) {
            applyRouting(manager.routing());
        }
        highlight.set(new Highlight(ticker, owner, ++highlightSerial));
        detail.show(ticker);
        detail.refresh(manager, board);
    }

    void clearLookup() {
        subscribeOffer.set("");
        lookupMessage.set("");
        highlight.set(null);
        detail.clear();
    }

    /** Subscribes the ticker the lookup offered; shows where it went, or why not. */
    void subscribeOffered() {
        String ticker = subscribeOffer.get();
        if (!ticker.isEmpty()) {
            subscribe(List.of(ticker));
        }
    }

    // =====================================================================================
    // Operator actions (each runs off the FX thread and is logged)
    // =====================================================================================

    void subscribe(List<String> tickers) {
        actions.run("", "subscribe " + String.join(",", tickers), () -> manager.subscribe(tickers),
                ConsoleViewModel::describe, result -> {
                    if (result.assigned().size() + result.alreadyAssigned().size() == 1 && result.rejected().isEmpty()) {
                        lookup(tickers.get(0));
                    } else if (!result.rejected().isEmpty()) {
                        subscribeOffer.set("");
                        lookupMessage.set("rejected: " + result.rejected().entrySet().stream()
                                .map(e -> e.getKey() + " — " + e.getValue()).collect(Collectors.joining("; ")));
                    }
                });
    }

    /** Comma or space separated tickers typed by the operator. */
    void subscribeText(String text) {
        List<String> tickers = Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).collect(Collectors.toList());
        if (!tickers.isEmpty()) {
            subscribe(tickers);
        }
    }

    private static String describe(SubscribeResult r) {
        List<String> parts = new ArrayList<>();
        r.assigned().forEach((t, c) -> parts.add(t + " → " + c));
        r.alreadyAssigned().forEach((t, c) -> parts.add(t + " already on " + c));
        r.rejected().forEach((t, why) -> parts.add(t + " rejected: " + why));
        return String.join("; ", parts);
    }

    void unsubscribe(String ticker) {
        actions.run("", "unsubscribe " + ticker, () -> manager.unsubscribe(List.of(ticker)),
                removed -> removed.isEmpty() ? ticker + " was not subscribed" : ticker + " left " + removed.get(ticker),
                removed -> {
                    if (ticker.equals(detail.tickerProperty().get())) {
                        clearLookup();
                    }
                });
    }

    void move(String ticker, String toConnectionId) {
        actions.run(toConnectionId, "move " + ticker + " to " + toConnectionId, () -> {
            manager.move(ticker, toConnectionId);
            return toConnectionId;
        }, to -> "done", to -> {
            if (ticker.equals(detail.tickerProperty().get())) {
                lookup(ticker);
            }
        });
    }

    void connect(String id) {
        actions.run(id, "connect " + id, () -> manager.connect(id));
    }

    void disconnect(String id) {
        actions.run(id, "disconnect " + id, () -> manager.disconnect(id));
    }

    void reconnect(String id) {
        actions.run(id, "reconnect " + id, () -> manager.reconnect(id));
    }

    void connectAll() {
        actions.run("", "connect all", manager::connect);
    }

    void disconnectAll() {
        actions.run("", "disconnect all", manager::disconnect);
    }

    /** The newest health snapshot as the seed's JSON (built now, so it shows the last action). */
    String healthJson() {
        return HealthJson.toJson(manager.healthNow());
    }

    void healthCopied() {
        log.add("", LogEntry.Kind.ACTION, "health snapshot copied to the clipboard as JSON");
    }

    void exportHealth(Path file) {
        String json = healthJson();
        actions.run("", "export health to " + file, () -> {
            try {
                Files.writeString(file, json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            return file;
        }, f -> "written", f -> { });
    }

    /** Stops listening to the manager. FX thread, when the window closes. */
    void close() {
        stateListener.close();
        stateChanges.clear();
    }

    // =====================================================================================
    // Properties
    // =====================================================================================

    void setNotifier(Consumer<Notice> notifier) {
        this.notifier = notifier;
    }

    Map<String, ConnectionPaneViewModel> panes() {
        return panes;
    }

    ConnectionPaneViewModel pane(String id) {
        return panes.get(id);
    }

    /** Id and name of every connection, for "move to" menus. */
    Map<String, String> connectionNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String id : manager.connectionIds()) {
            names.put(id, manager.connection(id).config().name());
        }
        return names;
    }

    EventLogViewModel log() {
        return log;
    }

    TickerDetailViewModel detail() {
        return detail;
    }

    ActionRunner actions() {
        return actions;
    }

    ReadOnlyStringProperty connectionsProperty() {
        return connections.getReadOnlyProperty();
    }

    ReadOnlyStringProperty totalTicksProperty() {
        return totalTicks.getReadOnlyProperty();
    }

    ReadOnlyStringProperty ticksPerSecondProperty() {
        return ticksPerSecond.getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorsProperty() {
        return errors.getReadOnlyProperty();
    }

    ReadOnlyStringProperty droppedProperty() {
        return dropped.getReadOnlyProperty();
    }

    /** Writable so the Redis republisher's status can be bound to it later. */
    ReadOnlyStringProperty marketSessionProperty() {
        return marketSession.getReadOnlyProperty();
    }

    StringProperty redisProperty() {
        return redis;
    }

    ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    BooleanProperty pausedProperty() {
        return paused;
    }

    ReadOnlyLongProperty pulsesProperty() {
        return pulses.getReadOnlyProperty();
    }

    ReadOnlyStringProperty lookupMessageProperty() {
        return lookupMessage.getReadOnlyProperty();
    }

    ReadOnlyStringProperty subscribeOfferProperty() {
        return subscribeOffer.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Highlight> highlightProperty() {
        return highlight.getReadOnlyProperty();
    }
}
