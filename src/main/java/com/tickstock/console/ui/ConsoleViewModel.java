package com.tickstock.console.ui;

import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ConsoleFeed;
import com.tickstock.console.manager.FeedLogLine;
import com.tickstock.console.manager.LocalConsoleFeed;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.Registration;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Everything comes from one {@link ConsoleFeed}: this process's own connections, or a feeder followed
 * through Redis; the window does not know which. While the feed says it is {@link ConsoleFeed#unavailable
 * unavailable} (a lost feeder), every pane says so instead of showing its last numbers as if live.
 *
 * <p>Threads: every property is read and written on the FX thread only. The feed side is pulled,
 * not pushed: {@link #pulse} (a fixed-rate UI timer) reads the newest health snapshot, the
 * routing and the {@link TickerBoard}, and drains the state changes that connection control
 * threads queue in {@link #stateChanges} — so there is never one UI hand-off per tick or event.
 */
final class ConsoleViewModel {

    private final ConsoleFeed feed;
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
    // Written by the feed's own thread (an attached feeder's log), drained by the pulse (FX thread).
    private final ConcurrentLinkedQueue<FeedLogLine> feedLog = new ConcurrentLinkedQueue<>();
    private final Registration logListener;
    /** The newest part failure of the process already in the event log; FX thread only. */
    private long failuresLogged = PartFailures.process().sequence();
    /** Connection troubles gathered into incidents, one notification each; FX thread only. */
    private final IncidentNotices incidents = new IncidentNotices();
    private final Map<String, Long> errorsSeen = new HashMap<>();
    private TickerRouting routingShown;
    private Consumer<Notice> notifier = n -> { };
    private long highlightSerial;

    private final ReadOnlyStringWrapper connections = new ReadOnlyStringWrapper(this, "connections", "");
    private final ReadOnlyStringWrapper totalTicks = new ReadOnlyStringWrapper(this, "totalTicks", "0");
    private final ReadOnlyStringWrapper ticksPerSecond = new ReadOnlyStringWrapper(this, "ticksPerSecond", "0");
    private final ReadOnlyStringWrapper errors = new ReadOnlyStringWrapper(this, "errors", "0");
    /** {@link #errors} by kind ("max_connections 3 · auth_failed 1"), "" while there are none. */
    private final ReadOnlyStringWrapper errorKinds = new ReadOnlyStringWrapper(this, "errorKinds", "");
    private final ReadOnlyStringWrapper dropped = new ReadOnlyStringWrapper(this, "dropped", "0");
    // From the health snapshot's 'redis' section; "Redis: off" when no republisher runs.
    private final StringProperty redis = new SimpleStringProperty(this, "redis", "Redis: off");
    // From the health snapshot's 'market_session' section (the feeder's, when attached): "REGULAR · closes in 2 h 14 m".
    private final ReadOnlyStringWrapper marketSession = new ReadOnlyStringWrapper(this, "marketSession", "—");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    /** Why operator actions are not sent from this console (a read-only Redis user), or "". */
    private final ReadOnlyStringWrapper actionsRefused = new ReadOnlyStringWrapper(this, "actionsRefused", "");
    /** Why nothing shown is live now (a lost feeder), or "". */
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper(this, "unavailable", "");
    // From the health snapshot's 'recording' section (the runtime's recording, started with RECORD_DIR or below).
    private final ReadOnlyStringWrapper recording = new ReadOnlyStringWrapper(this, "recording", "off");
    private final javafx.beans.property.ReadOnlyBooleanWrapper recordingActive =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "recordingActive");
    /** Starts and stops recordings; null when the window was opened without one (tests). FX thread sets it once. */
    private com.tickstock.console.recording.ManagedRecording recordingControl;
    private java.nio.file.Path recordingDirectory;
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme", true);
    /** Actions > Notifications: off keeps only the event log (remembered with the window settings). */
    private final BooleanProperty notificationsOn = new SimpleBooleanProperty(this, "notificationsOn", true);
    private final ReadOnlyLongWrapper pulses = new ReadOnlyLongWrapper(this, "pulses");
    private final ReadOnlyStringWrapper lookupMessage = new ReadOnlyStringWrapper(this, "lookupMessage", "");
    private final ReadOnlyStringWrapper subscribeOffer = new ReadOnlyStringWrapper(this, "subscribeOffer", "");
    private final ReadOnlyObjectWrapper<Highlight> highlight = new ReadOnlyObjectWrapper<>(this, "highlight");
    /** The last subscribe's outcome for every ticker asked for, shown next to the subscribe box. */
    private final ReadOnlyStringWrapper subscribeResult = new ReadOnlyStringWrapper(this, "subscribeResult", "");
    /** What the Undo button would undo ("unsubscribe JPM"), or "" when there is nothing to undo. */
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText", "");
    static final long UNDO_MILLIS = 15_000;
    private Runnable undoAction;
    private long undoUntil;

    ConsoleViewModel(ConnectionManager manager, FeedSource source, TickerBoard board, RateHistory rateHistory,
                     Executor background, Executor fx, int logCapacity) {
        this(new LocalConsoleFeed(manager, source), board, rateHistory, background, fx, logCapacity);
    }

    ConsoleViewModel(ConsoleFeed feed, TickerBoard board, RateHistory rateHistory, Executor background, Executor fx,
                     int logCapacity) {
        this.feed = feed;
        this.board = board;
        this.rateHistory = rateHistory;
        this.log = new EventLogViewModel(logCapacity);
        this.actions = new ActionRunner(background, fx, log);
        this.source.set(feed.describeSource(System.currentTimeMillis()));
        for (String id : feed.connectionIds()) {
            panes.put(id, new ConnectionPaneViewModel(id, rateHistory.capacity()));
        }
        stateListener = feed.addStateListener(new ConnectionListener() {
            @Override
            public void onStateChange(StateChange change) {
                // Control thread: queue and return at once.
                stateChanges.add(change);
            }
        });
        logListener = feed.addLogListener(feedLog::add);
        // Changes before the window opened (the first connect) are not replayed: say where each stands.
        feed.health().connections().forEach((id, h) -> log.add(id, LogEntry.Kind.STATE,
                "at window open: " + h.feed().state() + (h.feed().cause().words().isEmpty() ? ""
                        : ": " + h.feed().cause().words())));
        paused.addListener((o, was, now) -> log.add("", LogEntry.Kind.ACTION, now ? "display paused" : "display resumed"));
    }

    // =====================================================================================
    // The pulse
    // =====================================================================================

    /** Applies everything new since the last pulse. FX thread, a few times a second. */
    void pulse(long nowMillis) {
        HealthSnapshot health = feed.health();
        applyTopBar(health);
        redis.set(RedisSummary.describe(health.sections().get("redis"), nowMillis));
        applyAvailability(nowMillis);
        String lost = unavailable.get();
        recording.set(RecordingSummary.describe(health.sections().get("recording")));
        recordingActive.set(RecordingSummary.isActive(health.sections().get("recording")));
        Map<String, Object> session = health.sections().get("market_session");
        marketSession.set(session != null && session.get("text") instanceof String text ? text : "—");
        health.connections().forEach((id, h) -> {
            ConnectionPaneViewModel pane = panes.get(id);
            if (pane != null) {
                pane.applyHealth(h, nowMillis);
                if (!lost.isEmpty()) {
                    pane.showUnavailable(lost);
                }
            }
        });
        if (!lost.isEmpty()) {
            // A pane the last health did not mention must not keep its old numbers either.
            panes.values().forEach(p -> p.showUnavailable(lost));
        }
        if (rateHistory.record(health)) {
            panes.values().forEach(p -> p.applyRates(rateHistory));
        }
        drainStateChanges();
        announceIncidents(nowMillis);
        drainFeedLog();
        logNewErrors(health);
        logDeadParts();
        TickerRouting routing = feed.routing();
        if (routing != routingShown) {
            applyRouting(routing);
        }
        if (!paused.get()) {
            for (ConnectionPaneViewModel pane : panes.values()) {
                pane.refreshRows(board, nowMillis);
            }
            detail.refresh(feed, board, this::ownerOf);
        }
        if (undoAction != null && nowMillis >= undoUntil) {
            undoAction = null;
            undoText.set("");
        }
        pulses.set(pulses.get() + 1);
    }

    /** The source line, and whether the data is live and actions may be sent, as the feed says now. */
    private void applyAvailability(long nowMillis) {
        String refused = feed.commandsRefused();
        if (!refused.equals(actionsRefused.get())) {
            actionsRefused.set(refused);
            if (!refused.isEmpty()) {
                log.add("", LogEntry.Kind.ERROR, "operator actions disabled: " + refused);
            }
        }
        String lost = feed.unavailable(nowMillis);
        String was = unavailable.get();
        if (lost.isEmpty() != was.isEmpty()) {
            log.add("", lost.isEmpty() ? LogEntry.Kind.STATE : LogEntry.Kind.ERROR,
                    lost.isEmpty() ? "live again: " + feed.describeSource(nowMillis) : lost);
        }
        unavailable.set(lost);
        String text = lost.isEmpty() ? feed.describeSource(nowMillis) : lost;
        source.set(refused.isEmpty() ? text : text + " · read-only: " + refused);
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
        errorKinds.set(Formats.errorKinds(health.errorsByKind()));
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
            long at = change.at().toEpochMilli();
            if (problem) {
                // The cause without the retry plan: the notice may come after the retry, or after the recovery.
                incidents.trouble(id, id + " (" + feed.connectionName(id) + ")", state == ConnectionState.FAILED,
                        change.describeCause(), at);
            } else if (state == ConnectionState.STREAMING) {
                incidents.recovered(id, at);
            } else if (state == ConnectionState.DISCONNECTED) {
                incidents.withdrawn(id);
            }
        }
    }

    /** At most one notification per incident, when it has settled (see {@link IncidentNotices}); none while off. */
    private void announceIncidents(long nowMillis) {
        incidents.due(nowMillis).ifPresent(notice -> {
            // The summary stays in the log with notifications off too.
            log.add("", notice.problem() ? LogEntry.Kind.ERROR : LogEntry.Kind.STATE, "incident: " + notice.title());
            if (notificationsOn.get()) {
                notifier.accept(notice);
            }
        });
    }

    /** The feed's own log lines (an attached feeder's), as they came. */
    private void drainFeedLog() {
        FeedLogLine line;
        while ((line = feedLog.poll()) != null) {
            LogEntry.Kind kind = switch (line.level()) {
                case "AUDIT" -> LogEntry.Kind.ACTION;
                case "WARN", "ERROR" -> LogEntry.Kind.ERROR;
                default -> LogEntry.Kind.STATE;
            };
            log.add(new LogEntry(line.epochMillis(), line.source(), kind, line.text()));
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
            // Malformed input and server errors only: a lost socket is logged already, as the state change it caused.
            long now = h.feed().decodeErrors() + h.feed().statusErrors();
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
        List<String> matches = feed.routing().assignments().keySet().stream().filter(t -> t.startsWith(prefix))
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
        String owner = ownerOf(ticker);
        if (owner == null) {
            // The previous ticker's detail and highlight would read as this one's.
            highlight.set(null);
            detail.clear();
            subscribeOffer.set(ticker);
            lookupMessage.set(ticker + " is not subscribed");
            return;
        }
        subscribeOffer.set("");
        lookupMessage.set(ticker + " on " + owner + " (" + feed.connectionName(owner) + ")");
        TickerRouting routing = feed.routing();
        if (routingShown != routing) {
            applyRouting(routing);
        }
        highlight.set(new Highlight(ticker, owner, ++highlightSerial));
        detail.show(ticker);
        detail.refresh(feed, board, this::ownerOf);
    }

    /**
     * The connection carrying {@code ticker}: the routing's answer, or, for a ticker first seen on an all-ticker
     * ({@code *}) connection since the routing last took in new names (the manager folds them in at most every
     * 100 ms), the connection it arrived on: lookup answers any ticker seen so far. FX thread.
     */
    String ownerOf(String ticker) {
        String owner = feed.routing().connectionOf(ticker);
        if (owner != null) {
            return owner;
        }
        TickerState state = board.get(ticker);
        if (state == null) {
            return null;
        }
        // Only an all-ticker connection carries what it delivers unasked; a listed ticker the routing no longer
        // has was unsubscribed, whatever the board still remembers of it.
        String seenOn = state.connectionId();
        ConnectionHealth health = feed.health().connections().get(seenOn);
        return health != null && health.allTickers() ? seenOn : null;
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
        if (refused("subscribe " + String.join(",", tickers))) {
            return;
        }
        subscribeResult.set("subscribing " + String.join(", ", tickers) + "…");
        actions.run("", "subscribe " + String.join(",", tickers), () -> feed.subscribe(tickers), text -> text, text -> {
            // Every ticker's outcome ("AAPL already on connection_1; b@d! rejected: ...; NEWT → connection_2").
            subscribeResult.set(text);
            String only = tickers.size() == 1 ? tickers.get(0).trim().toUpperCase(Locale.ROOT) : "";
            if (!only.isEmpty() && feed.routing().connectionOf(only) != null) {
                lookup(only);
            } else {
                // Several tickers, or an attached console whose routing follows the feeder's a moment later.
                subscribeOffer.set("");
                lookupMessage.set(text);
            }
        }, why -> {
            subscribeOffer.set("");
            lookupMessage.set(why);
            subscribeResult.set(why);
        });
    }

    /** Comma or space separated tickers typed by the operator. */
    void subscribeText(String text) {
        List<String> tickers = Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).collect(Collectors.toList());
        if (!tickers.isEmpty()) {
            subscribe(tickers);
        }
    }

    void unsubscribe(String ticker) {
        if (refused("unsubscribe " + ticker)) {
            return;
        }
        String owner = feed.routing().connectionOf(ticker);
        actions.run("", "unsubscribe " + ticker, () -> feed.unsubscribe(ticker), text -> text, text -> {
            if (ticker.equals(detail.tickerProperty().get())) {
                clearLookup();
            }
            if (owner != null) {
                offerUndo("unsubscribe " + ticker, () -> resubscribe(ticker, owner));
            }
        }, why -> { });
    }

    /** Undo of an unsubscribe: the ticker back, on the connection it was on. */
    private void resubscribe(String ticker, String connectionId) {
        if (refused("subscribe " + ticker)) {
            return;
        }
        actions.run(connectionId, "undo: subscribe " + ticker + " on " + connectionId, () -> {
            String result = feed.subscribe(List.of(ticker));
            if (!connectionId.equals(feed.routing().connectionOf(ticker))) {
                result += "; " + feed.move(ticker, connectionId);
            }
            return result;
        }, text -> text, text -> { }, why -> { });
    }

    /**
     * Offers to undo what was just done, for {@link #UNDO_MILLIS}: Unsubscribe and Disconnect cost the operator data,
     * and one click on the wrong row or pane should not. FX thread.
     */
    private void offerUndo(String what, Runnable undo) {
        undoAction = undo;
        undoUntil = System.currentTimeMillis() + UNDO_MILLIS;
        undoText.set(what);
    }

    /** The Undo button: runs the offered undo once. */
    void undo() {
        Runnable action = undoAction;
        undoAction = null;
        undoText.set("");
        if (action != null) {
            action.run();
        }
    }

    void move(String ticker, String toConnectionId) {
        if (refused("move " + ticker + " to " + toConnectionId)) {
            return;
        }
        actions.run(toConnectionId, "move " + ticker + " to " + toConnectionId, () -> feed.move(ticker, toConnectionId),
                text -> text, text -> {
                    if (ticker.equals(detail.tickerProperty().get())) {
                        lookup(ticker);
                    }
                }, why -> { });
    }

    void connect(String id) {
        command(id, "connect " + id, () -> feed.connect(id));
    }

    void disconnect(String id) {
        if (!refused("disconnect " + id)) {
            actions.run(id, "disconnect " + id, () -> feed.disconnect(id), text -> text,
                    text -> offerUndo("disconnect " + id, () -> connect(id)), why -> { });
        }
    }

    void reconnect(String id) {
        command(id, "reconnect " + id, () -> feed.reconnect(id));
    }

    /** Lets the Actions menu start and stop recording into {@code directory}. FX thread, before the first pulse. */
    void controlRecording(com.tickstock.console.recording.ManagedRecording control, java.nio.file.Path directory) {
        this.recordingControl = control;
        this.recordingDirectory = directory;
    }

    /** Starts a recording, or stops the one running; off the FX thread (stopping writes out what is queued). */
    void toggleRecording() {
        com.tickstock.console.recording.ManagedRecording control = recordingControl;
        if (control == null) {
            return;
        }
        if (recordingActive.get()) {
            actions.run("", "stop recording", control::stop);
        } else {
            java.nio.file.Path dir = recordingDirectory;
            actions.run("", "start recording to " + dir, () -> {
                try {
                    control.start(dir);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot record to " + dir + ": " + e.getMessage(), e);
                }
            });
        }
        recordingActive.set(!recordingActive.get()); // until the next pulse says how it went
    }

    ReadOnlyStringProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    javafx.beans.property.ReadOnlyBooleanProperty recordingActiveProperty() {
        return recordingActive.getReadOnlyProperty();
    }

    /** Where "Start recording" records. */
    String recordingDirectoryText() {
        return recordingDirectory == null ? "" : recordingDirectory.toString();
    }

    boolean canRecord() {
        return recordingControl != null;
    }

    void connectAll() {
        command("", "connect all", feed::connectAll);
    }

    void disconnectAll() {
        if (!refused("disconnect all")) {
            actions.run("", "disconnect all", feed::disconnectAll, text -> text,
                    text -> offerUndo("disconnect all", this::connectAll), why -> { });
        }
    }

    /** The configured universes again (an attached console: the group's desired assignment is deleted). */
    void resetAssignment() {
        command("", "reset assignment", feed::resetAssignment);
    }

    private void command(String connection, String what, java.util.concurrent.Callable<String> action) {
        if (!refused(what)) {
            actions.run(connection, what, action, text -> text, text -> { }, why -> { });
        }
    }

    /** Whether actions are refused here; if so the attempt is logged with the reason and nothing is sent. */
    private boolean refused(String what) {
        String why = actionsRefused.get();
        if (why.isEmpty()) {
            return false;
        }
        log.add("", LogEntry.Kind.ERROR, what + " not sent: " + why);
        return true;
    }

    /** The newest health snapshot as the seed's JSON (built now, so it shows the last action). */
    String healthJson() {
        return HealthJson.toJson(feed.healthNow());
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
        }, f -> "written", f -> { }, why -> { });
    }

    /** Writes every line the event log holds, oldest first, with its date, to {@code file}; off the FX thread. */
    void exportLog(Path file) {
        StringBuilder text = new StringBuilder();
        for (LogEntry e : log.entries()) {
            text.append(Formats.dateTime(e.atMillis())).append(' ')
                    .append(e.connection().isEmpty() ? "console" : e.connection()).append(' ')
                    .append(e.kind()).append(' ').append(e.text()).append('\n');
        }
        String lines = text.toString();
        int count = log.entries().size();
        actions.run("", "export event log to " + file, () -> {
            try {
                Files.writeString(file, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            return file;
        }, f -> count + " lines written", f -> { }, why -> { });
    }

    /** Stops listening to the manager. FX thread, when the window closes. */
    void close() {
        stateListener.close();
        logListener.close();
        stateChanges.clear();
        feedLog.clear();
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
        for (String id : feed.connectionIds()) {
            names.put(id, feed.connectionName(id));
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

    ReadOnlyStringProperty errorKindsProperty() {
        return errorKinds.getReadOnlyProperty();
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

    /** Why operator actions are disabled here, in words, or "". */
    ReadOnlyStringProperty actionsRefusedProperty() {
        return actionsRefused.getReadOnlyProperty();
    }

    /** Why the data shown is not live now (e.g. "feeder lost: ..."), or "". */
    ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    BooleanProperty notificationsOnProperty() {
        return notificationsOn;
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

    ReadOnlyStringProperty subscribeResultProperty() {
        return subscribeResult.getReadOnlyProperty();
    }

    ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Highlight> highlightProperty() {
        return highlight.getReadOnlyProperty();
    }
}
