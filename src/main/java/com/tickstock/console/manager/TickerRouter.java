package com.tickstock.console.manager;

import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.FeedConnection;
import com.tickstock.console.feed.Topic;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Decides which connection carries which ticker at run time and tells the connections: the
 * configured assignment, then subscribe (to the least-loaded live connection with room),
 * unsubscribe and move. (Which tickers each connection starts with is planned from the
 * configuration by {@link ConnectionPlanner}.)
 *
 * <p>A connection configured with every ticker ({@code _SYMBOLS=*}) is subscribed to {@code <EV>.*}; each ticker
 * it delivers joins its assignment as it arrives ({@link #learn}), and single tickers cannot be subscribed,
 * unsubscribed or moved on or off it (the feed sends them all anyway).
 *
 * <p>Threads: changes are serialised by {@link #lock} and publish a new immutable
 * {@link TickerRouting} through a volatile field, so {@link #routing()} never locks. {@link #learn} runs on the
 * connections' event-delivery threads, everything else on callers' threads; what it learns is in a concurrent map at
 * once and folded into the routing under the lock. The connections map and the set of
 * all-ticker connections never change.
 */
final class TickerRouter {

    private static final System.Logger LOG = System.getLogger(TickerRouter.class.getName());
    /** How an all-ticker connection is named to operators, in the window and in refusals. */
    static final String ALL_TICKERS = "all tickers (*)";
    private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9.\\-]{0,9}");

    private final Map<String, FeedConnection> connections;
    private final Set<EventType> eventTypes;
    private final int capacityPerConnection;
    private final Set<String> allTickerConnections;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile TickerRouting routing;
    /**
     * Tickers seen on all-ticker connections, to their connection: written by {@link #learn} on the connections'
     * delivery threads, read by any thread; never shrinks (such tickers cannot be unsubscribed).
     */
    private final ConcurrentHashMap<String, String> learnt = new ConcurrentHashMap<>();
    /** {@link #learnt} holds tickers the routing does not yet: set by {@link #learn}, cleared by {@link #fold}. */
    private volatile boolean unfolded;
    /** When the routing last took in what was learnt; read and written under no lock, a pacing hint only. */
    private volatile long lastFoldNanos = System.nanoTime();
    static final long FOLD_EVERY_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    TickerRouter(Map<String, FeedConnection> connections, Set<EventType> eventTypes, int capacityPerConnection,
                 Set<String> allTickerConnections) {
        this.connections = connections;
        this.eventTypes = eventTypes;
        this.capacityPerConnection = capacityPerConnection;
        this.allTickerConnections = Set.copyOf(allTickerConnections);
        this.routing = TickerRouting.empty(connections.keySet());
    }

    /**
     * The newest routing: lock-free, except that it takes in the tickers learnt on an all-ticker connection when the
     * last fold is {@link #FOLD_EVERY_NANOS} old.
     */
    TickerRouting routing() {
        if (unfolded) {
            foldIfDue();
        }
        return routing;
    }

    /**
     * Assigns a connection its configured tickers. Throws {@link IllegalArgumentException} for a
     * malformed ticker, one already on another connection, or more than the capacity.
     */
    void assignConfigured(String connectionId, List<String> configured) {
        if (allTickerConnections.contains(connectionId)) {
            // Nothing to route yet: tickers join as they arrive (learn).
            logIfRefused(connections.get(connectionId).subscribe(wildcardTopics()), "subscribe", connectionId,
                    List.of(Topic.WILDCARD));
            return;
        }
        lock.lock();
        try {
            List<String> tickers = new ArrayList<>();
            for (String raw : configured) {
                String ticker = normalise(raw);
                String owner = routing.connectionOf(ticker);
                if (owner != null) {
                    throw new IllegalArgumentException("ticker " + ticker + " is configured on both " + owner + " and "
                            + connectionId);
                }
                tickers.add(ticker);
            }
            if (tickers.size() > capacityPerConnection) {
                throw new IllegalArgumentException(connectionId + " has " + tickers.size()
                        + " tickers, above the capacity of " + capacityPerConnection);
            }
            routing = routing.withAssigned(connectionId, tickers);
            subscribeOn(connectionId, tickers);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link ConnectionManager#subscribe}. */
    SubscribeResult subscribe(Collection<String> tickers) {
        Map<String, String> assigned = new LinkedHashMap<>();
        Map<String, String> already = new LinkedHashMap<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        lock.lock();
        try {
            TickerRouting current = routing;
            Map<String, List<String>> plan = new LinkedHashMap<>();
            Map<String, Integer> load = new LinkedHashMap<>();
            for (String id : connections.keySet()) {
                load.put(id, current.load(id));
            }
            List<String> candidates = routableConnections();
            for (String raw : new LinkedHashSet<>(tickers)) {
                String ticker = normaliseOrNull(raw);
                if (ticker == null) {
                    rejected.put(raw, "not a ticker symbol: '" + raw + "'");
                    continue;
                }
                String owner = ownerOf(current, ticker);
                if (owner != null) {
                    already.put(ticker, owner);
                    continue;
                }
                if (assigned.containsKey(ticker)) {
                    continue;
                }
                String target = leastLoaded(candidates, load);
                if (target == null) {
                    rejected.put(ticker, !allTickerConnections.isEmpty() ? allTickersReason(ticker)
                            : candidates.isEmpty() ? "no live connection (" + describeStates() + ")"
                            : "every live connection is at its capacity of " + capacityPerConnection + " tickers");
                    continue;
                }
                load.merge(target, 1, Integer::sum);
                plan.computeIfAbsent(target, k -> new ArrayList<>()).add(ticker);
                assigned.put(ticker, target);
            }
            TickerRouting next = current;
            for (Map.Entry<String, List<String>> entry : plan.entrySet()) {
                next = next.withAssigned(entry.getKey(), entry.getValue());
                subscribeOn(entry.getKey(), entry.getValue());
            }
            routing = next;
        } finally {
            lock.unlock();
        }
        if (!assigned.isEmpty() || !rejected.isEmpty()) {
            LOG.log(rejected.isEmpty() ? Level.INFO : Level.WARNING, "subscribe: assigned " + assigned
                    + (rejected.isEmpty() ? "" : ", rejected " + rejected));
        }
        return new SubscribeResult(assigned, already, rejected);
    }

    /** See {@link ConnectionManager#unsubscribe}. */
    Map<String, String> unsubscribe(Collection<String> tickers) {
        Map<String, String> removed = new LinkedHashMap<>();
        lock.lock();
        try {
            TickerRouting current = routing;
            Map<String, List<String>> byConnection = new LinkedHashMap<>();
            for (String raw : tickers) {
                String ticker = normaliseOrNull(raw);
                String owner = ticker == null ? null : ownerOf(current, ticker);
                if (owner != null && allTickerConnections.contains(owner)) {
                    throw new IllegalArgumentException("ticker " + ticker + " is on " + owner + ", which carries "
                            + ALL_TICKERS + ": a single ticker cannot be unsubscribed from it (the feed sends every"
                            + " ticker; disable the connection or configure a ticker list instead)");
                }
                if (owner != null && !removed.containsKey(ticker)) {
                    removed.put(ticker, owner);
                    byConnection.computeIfAbsent(owner, k -> new ArrayList<>()).add(ticker);
                }
            }
            byConnection.forEach((id, list) -> unsubscribeOn(id, list));
            routing = current.withRemoved(removed.keySet());
        } finally {
            lock.unlock();
        }
        return removed;
    }

    /** See {@link ConnectionManager#move}. */
    void move(String rawTicker, String toConnectionId) {
        String ticker = normalise(rawTicker);
        if (!connections.containsKey(toConnectionId)) {
            throw ConnectionManager.unknownConnection(toConnectionId, connections.keySet());
        }
        if (allTickerConnections.contains(toConnectionId)) {
            throw new IllegalArgumentException(toConnectionId + " carries " + ALL_TICKERS + ": " + ticker
                    + " arrives there as soon as it trades, it cannot be moved there");
        }
        lock.lock();
        try {
            TickerRouting current = routing;
            String from = ownerOf(current, ticker);
            if (from == null) {
                throw new IllegalArgumentException("ticker " + ticker + " is not subscribed");
            }
            if (allTickerConnections.contains(from)) {
                throw new IllegalArgumentException("ticker " + ticker + " is on " + from + ", which carries "
                        + ALL_TICKERS + ": a single ticker cannot be moved off it (the feed sends every ticker there)");
            }
            if (from.equals(toConnectionId)) {
                throw new IllegalArgumentException("ticker " + ticker + " is already on " + toConnectionId);
            }
            if (current.load(toConnectionId) >= capacityPerConnection) {
                throw new IllegalArgumentException(toConnectionId + " is at its capacity of " + capacityPerConnection
                        + " tickers");
            }
            unsubscribeOn(from, List.of(ticker));
            subscribeOn(toConnectionId, List.of(ticker));
            routing = current.withAssigned(toConnectionId, List.of(ticker));
            LOG.log(Level.INFO, "moved " + ticker + " from " + from + " to " + toConnectionId);
        } finally {
            lock.unlock();
        }
    }

    private void subscribeOn(String connectionId, List<String> tickers) {
        logIfRefused(connections.get(connectionId).subscribe(topics(tickers)), "subscribe", connectionId, tickers);
    }

    private void unsubscribeOn(String connectionId, List<String> tickers) {
        logIfRefused(connections.get(connectionId).unsubscribe(topics(tickers)), "unsubscribe", connectionId, tickers);
    }

    /**
     * The routing is already decided when a connection is asked, so a refusal (the connection closed meanwhile, or an
     * internal error there) changes nothing here; it is logged so that it is not lost. Logged on the connection's
     * control thread, or on the caller's when the connection was already closed.
     */
    private static void logIfRefused(CompletableFuture<Void> request, String action, String connectionId,
            List<String> tickers) {
        request.exceptionally(failure -> {
            LOG.log(Level.WARNING, action + " " + tickers + " on " + connectionId + " failed: " + failure.getMessage());
            return null;
        });
    }

    /** The connection carrying a ticker, or {@code null} (also for a malformed ticker); lock-free. */
    String assignment(String rawTicker) {
        String ticker = normaliseOrNull(rawTicker);
        return ticker == null ? null : ownerOf(routing, ticker);
    }

    /**
     * Notes the tickers of a batch from an all-ticker connection that it did not carry yet. Called on the connection's
     * event-delivery thread for every batch, so it must stay cheap: a known ticker costs one look-up in {@link #learnt};
     * a new one is put there (so {@link #assignment} answers it at once) and folded into the routing, a copy of the
     * whole table, at most every {@link #FOLD_EVERY_NANOS}. Folding each batch instead cost 17 us per tick on an
     * 11,000-ticker tape, where most batches bring a new name for minutes.
     */
    void learn(EventBatch batch) {
        String connectionId = batch.connectionId();
        if (!allTickerConnections.contains(connectionId)) {
            return;
        }
        boolean added = false;
        for (FeedEvent event : batch.events()) {
            String ticker = event.symbol();
            if (!ticker.isEmpty() && learnt.get(ticker) == null && learnt.putIfAbsent(ticker, connectionId) == null) {
                added = true;
            }
        }
        if (added) {
            unfolded = true; // after the puts: a fold that cleared it earlier may have missed them
        }
        if (unfolded) {
            foldIfDue();
        }
    }

    /** The routing with every ticker learnt so far; for callers that must see the last tick's ticker. */
    TickerRouting routingNow() {
        if (unfolded) {
            fold();
        }
        return routing;
    }

    private void foldIfDue() {
        if (System.nanoTime() - lastFoldNanos >= FOLD_EVERY_NANOS) {
            fold();
        }
    }

    private void fold() {
        lock.lock();
        try {
            if (!unfolded) {
                return;
            }
            unfolded = false; // before reading learnt: a ticker put after this sets it again
            TickerRouting current = routing;
            Map<String, List<String>> byConnection = new LinkedHashMap<>();
            learnt.forEach((ticker, id) -> {
                if (current.connectionOf(ticker) == null) {
                    byConnection.computeIfAbsent(id, k -> new ArrayList<>()).add(ticker);
                }
            });
            TickerRouting next = current;
            for (Map.Entry<String, List<String>> e : byConnection.entrySet()) {
                next = next.withAssigned(e.getKey(), e.getValue());
            }
            routing = next;
            lastFoldNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** The connection carrying a normalised ticker, including one learnt but not folded yet; or {@code null}. */
    private String ownerOf(TickerRouting current, String ticker) {
        String owner = current.connectionOf(ticker);
        return owner != null ? owner : learnt.get(ticker);
    }

    /** Whether the connection subscribes every ticker ({@code _SYMBOLS=*}). */
    boolean carriesAllTickers(String connectionId) {
        return allTickerConnections.contains(connectionId);
    }

    private String allTickersReason(String ticker) {
        return String.join(", ", allTickerConnections) + " carries " + ALL_TICKERS + ": " + ticker
                + " arrives there as soon as it trades; single tickers cannot be subscribed beside it";
    }

    private List<Topic> wildcardTopics() {
        List<Topic> topics = new ArrayList<>();
        for (EventType type : eventTypes) {
            topics.add(Topic.of(type, Topic.WILDCARD));
        }
        return topics;
    }

    /** Streaming connections, or, while none streams, those still trying; never an all-ticker connection. */
    private List<String> routableConnections() {
        List<String> streaming = new ArrayList<>();
        List<String> trying = new ArrayList<>();
        connections.forEach((id, connection) -> {
            if (allTickerConnections.contains(id)) {
                return;
            }
            ConnectionState state = connection.state();
            if (state == ConnectionState.STREAMING) {
                streaming.add(id);
            } else if (state.isLive() || state == ConnectionState.RECONNECTING) {
                trying.add(id);
            }
        });
        return streaming.isEmpty() ? trying : streaming;
    }

    private String leastLoaded(List<String> candidates, Map<String, Integer> load) {
        String best = null;
        for (String id : candidates) {
            int n = load.get(id);
            if (n < capacityPerConnection && (best == null || n < load.get(best))) {
                best = id;
            }
        }
        return best;
    }

    private String describeStates() {
        StringBuilder sb = new StringBuilder();
        connections.forEach((id, connection) -> {
            ConnectionSnapshot snap = connection.snapshot();
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(id).append(' ').append(snap.state());
            if (!snap.cause().words().isEmpty()) {
                sb.append(": ").append(snap.cause().words());
            }
        });
        return sb.toString();
    }

    private List<Topic> topics(Collection<String> tickers) {
        List<Topic> topics = new ArrayList<>(tickers.size() * eventTypes.size());
        for (String ticker : tickers) {
            for (EventType type : eventTypes) {
                topics.add(Topic.of(type, ticker));
            }
        }
        return topics;
    }

    private static String normalise(String raw) {
        String ticker = normaliseOrNull(raw);
        if (ticker == null) {
            throw new IllegalArgumentException("not a ticker symbol: '" + raw + "'");
        }
        return ticker;
    }

    private static String normaliseOrNull(String raw) {
        if (raw == null) {
            return null;
        }
        String ticker = raw.trim().toUpperCase(Locale.ROOT);
        return TICKER.matcher(ticker).matches() ? ticker : null;
    }
}
