package com.tickstock.console.manager;

import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnection;
import com.tickstock.console.feed.Topic;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Holds the configured feed connections, routes every ticker to exactly one of them, fans their
 * market data out to consumers and publishes health snapshots.
 *
 * <p>Threads: routing changes (subscribe, unsubscribe, move) are serialised by {@link #routingLock}
 * and publish a new immutable {@link TickerRouting} through a volatile field, so queries never lock.
 * The connections map never changes after construction. Consumers are called as their
 * {@link TickConsumer.Delivery} says; health is built on the {@code manager-health} thread.
 */
public final class ConnectionManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConnectionManager.class.getName());
    private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9.\\-]{0,9}");
    private static final Duration HEALTH_PERIOD = Duration.ofMillis(250);
    private static final int CONSUMER_QUEUE_FRAMES = 16_384;

    private final Map<String, FeedConnection> connections;
    private final Map<String, String> universeKeys;
    private final Set<EventType> eventTypes;
    private final int capacityPerConnection;
    private final ReentrantLock routingLock = new ReentrantLock();
    private volatile TickerRouting routing;
    private final List<ConsumerSlot> consumers = new CopyOnWriteArrayList<>();
    private final List<Consumer<HealthSnapshot>> healthListeners = new CopyOnWriteArrayList<>();
    /** Key and supplier of each extra health section, in the order added; read by whichever thread builds health. */
    private final List<Map.Entry<String, Supplier<Map<String, Object>>>> healthSections = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService healthThread;
    private volatile HealthSnapshot health;
    /** Notified on every state change of any connection, for {@link #awaitSettled}. */
    private final Object settleMonitor = new Object();

    public ConnectionManager(List<ManagedConnectionSpec> specs, Set<EventType> eventTypes, int capacityPerConnection) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no connection configured");
        }
        if (eventTypes.isEmpty() || eventTypes.contains(EventType.STATUS)) {
            throw new IllegalArgumentException("event types to subscribe must be market-data types, were " + eventTypes);
        }
        this.eventTypes = Set.copyOf(eventTypes);
        this.capacityPerConnection = capacityPerConnection;
        Map<String, FeedConnection> byId = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        ConnectionListener fanOut = new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
                fanOut(batch);
            }

            @Override
            public void onStateChange(com.tickstock.console.feed.StateChange change) {
                synchronized (settleMonitor) {
                    settleMonitor.notifyAll();
                }
            }
        };
        for (ManagedConnectionSpec spec : specs) {
            if (byId.containsKey(spec.id())) {
                throw new IllegalArgumentException("connection id " + spec.id() + " configured twice");
            }
            FeedConnection connection = new FeedConnection(spec.feed());
            connection.addListener(fanOut);
            byId.put(spec.id(), connection);
            keys.put(spec.id(), spec.universeKey());
        }
        this.connections = Collections.unmodifiableMap(byId);
        this.universeKeys = Collections.unmodifiableMap(keys);
        this.routing = TickerRouting.empty(byId.keySet());
        for (ManagedConnectionSpec spec : specs) {
            assignInitial(spec);
        }
        this.health = buildHealth();
        this.healthThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "manager-health");
            thread.setDaemon(true);
            return thread;
        });
        healthThread.scheduleAtFixedRate(this::publishHealth, HEALTH_PERIOD.toMillis(), HEALTH_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void assignInitial(ManagedConnectionSpec spec) {
        List<String> tickers = new ArrayList<>();
        for (String raw : spec.tickers()) {
            String ticker = normalise(raw);
            String owner = routing.connectionOf(ticker);
            if (owner != null) {
                throw new IllegalArgumentException("ticker " + ticker + " is configured on both " + owner + " and " + spec.id());
            }
            tickers.add(ticker);
        }
        if (tickers.size() > capacityPerConnection) {
            throw new IllegalArgumentException(spec.id() + " has " + tickers.size() + " tickers, above the capacity of "
                    + capacityPerConnection);
        }
        routing = routing.withAssigned(spec.id(), tickers);
        connections.get(spec.id()).subscribe(topics(tickers));
    }

    // =====================================================================================
    // Lifecycle
    // =====================================================================================

    /** Connects every connection at once; returns when each has been asked to (not when it streams). */
    public void connect() {
        CompletableFuture.allOf(connections.values().stream().map(FeedConnection::connect)
                .toArray(CompletableFuture[]::new)).join();
    }

    public void disconnect() {
        CompletableFuture.allOf(connections.values().stream().map(FeedConnection::disconnect)
                .toArray(CompletableFuture[]::new)).join();
    }

    public void connect(String connectionId) {
        connection(connectionId).connect().join();
    }

    public void disconnect(String connectionId) {
        connection(connectionId).disconnect().join();
    }

    public void reconnect(String connectionId) {
        connection(connectionId).reconnect().join();
    }

    /**
     * Waits up to {@code timeout} for every connection to stream, or to give up. Returns each
     * connection's state at the end — a partial failure shows as some FAILED, some STREAMING.
     */
    public Map<String, ConnectionState> awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settleMonitor) {
            while (!isSettled(states())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                // Woken by every state change (see the constructor); the timeout only bounds the wait.
                TimeUnit.NANOSECONDS.timedWait(settleMonitor, left);
            }
        }
        return states();
    }

    private static boolean isSettled(Map<String, ConnectionState> states) {
        return states.values().stream().allMatch(s -> s == ConnectionState.STREAMING
                || s == ConnectionState.FAILED || s == ConnectionState.DISCONNECTED);
    }

    public Map<String, ConnectionState> states() {
        Map<String, ConnectionState> states = new LinkedHashMap<>();
        connections.forEach((id, connection) -> states.put(id, connection.state()));
        return states;
    }

    // =====================================================================================
    // Routing: subscribe, unsubscribe, move
    // =====================================================================================

    /**
     * Adds tickers: each new one goes to the least-loaded streaming connection with room (any
     * connection still trying, if none streams). Duplicates and already-carried tickers are
     * reported, not re-sent; tickers that cannot be placed are rejected with the reason.
     */
    public SubscribeResult subscribe(Collection<String> tickers) {
        Map<String, String> assigned = new LinkedHashMap<>();
        Map<String, String> already = new LinkedHashMap<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        routingLock.lock();
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
                String owner = current.connectionOf(ticker);
                if (owner != null) {
                    already.put(ticker, owner);
                    continue;
                }
                if (assigned.containsKey(ticker)) {
                    continue;
                }
                String target = leastLoaded(candidates, load);
                if (target == null) {
                    rejected.put(ticker, candidates.isEmpty() ? "no live connection (" + describeStates() + ")"
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
                connections.get(entry.getKey()).subscribe(topics(entry.getValue()));
            }
            routing = next;
        } finally {
            routingLock.unlock();
        }
        if (!assigned.isEmpty() || !rejected.isEmpty()) {
            LOG.log(rejected.isEmpty() ? Level.INFO : Level.WARNING, "subscribe: assigned " + assigned
                    + (rejected.isEmpty() ? "" : ", rejected " + rejected));
        }
        return new SubscribeResult(assigned, already, rejected);
    }

    /** Removes tickers from whichever connection carries them; returns ticker → connection it left. */
    public Map<String, String> unsubscribe(Collection<String> tickers) {
        Map<String, String> removed = new LinkedHashMap<>();
        routingLock.lock();
        try {
            TickerRouting current = routing;
            Map<String, List<String>> byConnection = new LinkedHashMap<>();
            for (String raw : tickers) {
                String ticker = normaliseOrNull(raw);
                String owner = ticker == null ? null : current.connectionOf(ticker);
                if (owner != null && !removed.containsKey(ticker)) {
                    removed.put(ticker, owner);
                    byConnection.computeIfAbsent(owner, k -> new ArrayList<>()).add(ticker);
                }
            }
            byConnection.forEach((id, list) -> connections.get(id).unsubscribe(topics(list)));
            routing = current.withRemoved(removed.keySet());
        } finally {
            routingLock.unlock();
        }
        return removed;
    }

    /**
     * Moves a ticker to another connection. Throws {@link IllegalArgumentException} naming the
     * problem: unknown ticker or connection, already there, or no room.
     */
    public void move(String rawTicker, String toConnectionId) {
        String ticker = normalise(rawTicker);
        connection(toConnectionId);
        routingLock.lock();
        try {
            TickerRouting current = routing;
            String from = current.connectionOf(ticker);
            if (from == null) {
                throw new IllegalArgumentException("ticker " + ticker + " is not subscribed");
            }
            if (from.equals(toConnectionId)) {
                throw new IllegalArgumentException("ticker " + ticker + " is already on " + toConnectionId);
            }
            if (current.load(toConnectionId) >= capacityPerConnection) {
                throw new IllegalArgumentException(toConnectionId + " is at its capacity of " + capacityPerConnection + " tickers");
            }
            List<Topic> topics = topics(List.of(ticker));
            connections.get(from).unsubscribe(topics);
            connections.get(toConnectionId).subscribe(topics);
            routing = current.withAssigned(toConnectionId, List.of(ticker));
            LOG.log(Level.INFO, "moved " + ticker + " from " + from + " to " + toConnectionId);
        } finally {
            routingLock.unlock();
        }
    }

    private List<String> routableConnections() {
        List<String> streaming = new ArrayList<>();
        List<String> trying = new ArrayList<>();
        connections.forEach((id, connection) -> {
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

    // =====================================================================================
    // The seed's queries (thread-safe, lock-free)
    // =====================================================================================

    /** The seed's {@code get_ticker_assignment}. */
    public Optional<String> tickerAssignment(String ticker) {
        String normal = normaliseOrNull(ticker);
        return normal == null ? Optional.empty() : Optional.ofNullable(routing.connectionOf(normal));
    }

    /** The seed's {@code get_connection_tickers}; throws for an unknown connection id. */
    public Set<String> connectionTickers(String connectionId) {
        connection(connectionId);
        return routing.tickersOf(connectionId);
    }

    public TickerRouting routing() {
        return routing;
    }

    /** The seed's {@code get_health_status}: the newest published snapshot (at most ~250 ms old). */
    public HealthSnapshot health() {
        return health;
    }

    /** A snapshot built now, for callers that must see their own last action. */
    public HealthSnapshot healthNow() {
        return buildHealth();
    }

    public Set<String> connectionIds() {
        return connections.keySet();
    }

    public FeedConnection connection(String connectionId) {
        FeedConnection connection = connections.get(connectionId);
        if (connection == null) {
            throw new IllegalArgumentException("unknown connection '" + connectionId + "'; configured: "
                    + connections.keySet());
        }
        return connection;
    }

    public int capacityPerConnection() {
        return capacityPerConnection;
    }

    public Set<EventType> eventTypes() {
        return eventTypes;
    }

    // =====================================================================================
    // Fan-out and listeners
    // =====================================================================================

    /** Registers a consumer of every connection's market data; closing the handle removes it. */
    public Registration addConsumer(String name, TickConsumer consumer, TickConsumer.Delivery delivery) {
        ConsumerSlot slot = new ConsumerSlot(name, consumer, delivery, CONSUMER_QUEUE_FRAMES);
        consumers.add(slot);
        return Registration.once(() -> {
            consumers.remove(slot);
            slot.close();
        });
    }

    /**
     * State changes of every connection, on that connection's control thread: return quickly.
     * Closing the handle removes the listener from every connection.
     */
    public Registration addStateListener(ConnectionListener listener) {
        StateForwarder forwarder = new StateForwarder(listener);
        connections.values().forEach(c -> c.addListener(forwarder));
        return Registration.once(() -> {
            forwarder.closed = true;
            connections.values().forEach(c -> c.removeListener(forwarder));
        });
    }

    /** Passes on state changes only (market data goes to consumers) until its registration is closed. */
    private static final class StateForwarder implements ConnectionListener {
        private final ConnectionListener listener;
        /** Written by whoever closes the registration, read by the control threads. */
        private volatile boolean closed;

        StateForwarder(ConnectionListener listener) {
            this.listener = listener;
        }

        @Override
        public void onStateChange(com.tickstock.console.feed.StateChange change) {
            // A control thread may still iterate a listener list copied before the removal.
            if (!closed) {
                listener.onStateChange(change);
            }
        }
    }

    /**
     * Adds a part of the health snapshot that lives outside the manager, e.g. {@code redis} for the
     * republisher, so every reader of the snapshot (window, status endpoint) sees it. The supplier is
     * called whenever a snapshot is built, on the building thread: it must be cheap and thread-safe.
     * Closing the handle drops the section from later snapshots.
     */
    public Registration addHealthSection(String key, Supplier<Map<String, Object>> section) {
        // A fresh entry object per call: removal is by identity, even for a key added twice.
        Map.Entry<String, Supplier<Map<String, Object>>> entry = new java.util.AbstractMap.SimpleImmutableEntry<>(key, section) {
            @Override
            public boolean equals(Object o) {
                return this == o;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(this);
            }
        };
        healthSections.add(entry);
        return Registration.once(() -> healthSections.remove(entry));
    }

    /**
     * Called with every published health snapshot on the {@code manager-health} thread until the
     * handle is closed.
     */
    public Registration addHealthListener(Consumer<HealthSnapshot> listener) {
        // Wrapped so that removal is by identity (even for a listener added twice), and so that a
        // publication that copied the list before the removal does not call it any more.
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        Consumer<HealthSnapshot> registered = snapshot -> {
            if (!closed.get()) {
                listener.accept(snapshot);
            }
        };
        healthListeners.add(registered);
        return Registration.once(() -> {
            closed.set(true);
            healthListeners.remove(registered);
        });
    }

    private void fanOut(EventBatch batch) {
        for (ConsumerSlot slot : consumers) {
            slot.accept(batch);
        }
    }

    private HealthSnapshot buildHealth() {
        TickerRouting current = routing;
        Map<String, ConnectionHealth> byId = new LinkedHashMap<>();
        connections.forEach((id, connection) -> byId.put(id,
                new ConnectionHealth(connection.snapshot(), universeKeys.get(id), current.load(id))));
        List<ConsumerStats> stats = new ArrayList<>();
        for (ConsumerSlot slot : consumers) {
            stats.add(slot.stats());
        }
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Map<String, Object>>> section : healthSections) {
            try {
                sections.put(section.getKey(), section.getValue().get());
            } catch (RuntimeException e) {
                // Built four times a second: say it in the snapshot rather than flooding the log.
                sections.put(section.getKey(), Collections.singletonMap("error", e.toString()));
            }
        }
        return new HealthSnapshot(byId, stats, Instant.now(), sections);
    }

    private void publishHealth() {
        try {
            HealthSnapshot snapshot = buildHealth();
            health = snapshot;
            for (Consumer<HealthSnapshot> listener : healthListeners) {
                listener.accept(snapshot);
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is cancelled for good: log, and keep publishing.
            LOG.log(Level.ERROR, "health publication failed", e);
        }
    }

    @Override
    public void close() {
        healthThread.shutdownNow();
        connections.values().parallelStream().forEach(FeedConnection::close);
        for (ConsumerSlot slot : consumers) {
            slot.close();
        }
        health = buildHealth();
    }
}
