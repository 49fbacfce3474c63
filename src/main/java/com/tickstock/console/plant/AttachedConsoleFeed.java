package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.manager.ConsoleFeed;
import com.tickstock.console.manager.FeedLogLine;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.manager.TickerLast;
import com.tickstock.console.manager.TickerRouting;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The window's {@link ConsoleFeed} for a headless feeder followed through Redis ({@code --attach URL}): health
 * from its heartbeat ({@link AttachedFeederView}), routing from its {@code assignment} hash, tables filled at
 * once from its {@code last} hash (one {@code HGETALL}) and then fed from the republished tick channel, its event
 * log from the {@code log} stream (the recent history first), operator
 * commands through a {@link CommandClient}. When a feeder of the group heartbeats again after being lost, under
 * the same id or another, it is followed again; a different feeder (or the same one restarted) first resets the
 * tables, since its counts start again.
 *
 * <p>Threads: the {@code attach-tables} thread alone talks to Redis for the routing, the last values, the log,
 * the subscription and the permission probe, calls the log listeners, and writes {@link #routing}, {@link #commandsRefused} and the state it
 * keeps to notice changes (its own fields); ticks arrive on Lettuce's event-loop thread and go straight to the
 * consumers (non-blocking ones, as a DIRECT consumer of a manager must be); commands run on the caller's thread,
 * one at a time (the client serves one at a time). The queries read volatile snapshots and never wait on Redis.
 */
public final class AttachedConsoleFeed implements ConsoleFeed, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AttachedConsoleFeed.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration POLL = Duration.ofMillis(250);
    /** Lines of the feeder's log a window gets when it attaches. */
    private static final int LOG_HISTORY = 200;
    /** What a viewer's Redis user gets, in the words the command line uses too. */
    static final String VIEWER_REFUSAL = "this Redis user may not send commands (ACL)";

    private final AttachedFeederView view;
    private final AttachRedis redis;
    private final AttachKeys keys;
    private final CommandClient commands;
    private final String user;
    private final String host;
    private final Thread thread;
    private final CopyOnWriteArrayList<TickConsumer> consumers = new CopyOnWriteArrayList<>();
    /** Log listeners that have had the history; new ones wait in {@link #newLogListeners} until the attach thread sends it. */
    private final CopyOnWriteArrayList<Consumer<FeedLogLine>> logListeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Consumer<FeedLogLine>> newLogListeners =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile TickerRouting routing = TickerRouting.of(List.of(), Map.of());
    private volatile String commandsRefused = "";
    /** Set by any thread that registers a consumer; taken by the attach thread, which then re-reads {@code last}. */
    private volatile boolean seedWanted;

    // attach-tables thread only
    private String followed = "";
    private String subscribedChannel = "";
    private String routingVersion = "";
    /** The newest {@code log} entry id handed on; {@code null} before the history of the followed feeder was read. */
    private String logSeen;
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisPubSubConnection<String, String> pubSub;

    public AttachedConsoleFeed(RedisUrl url, String group, String user, String host) {
        this.view = new AttachedFeederView(url, group);
        this.redis = new AttachRedis(url, Duration.ofSeconds(2));
        this.keys = new AttachKeys(group);
        this.commands = new CommandClient(url, group);
        this.user = user;
        this.host = host;
        this.thread = new Thread(this::run, "attach-tables");
        thread.setDaemon(true);
        // Attaching is waited for by an operator: the tables start the moment the heartbeat is read, not a poll later.
        view.onAttach(() -> LockSupport.unpark(thread));
    }

    /** Starts following the feeder. */
    public void start() {
        view.start();
        thread.start();
    }

    /** The heartbeat side, e.g. to wait for the first heartbeat before opening a window. */
    public AttachedFeederView view() {
        return view;
    }

    // =====================================================================================
    // The attach thread
    // =====================================================================================

    private void run() {
        while (running) {
            try {
                step();
            } catch (RedisException e) {
                if (!running) {
                    break;
                }
                // The heartbeat view says "feeder lost" on its own; here only the connections are made again.
                LOG.log(Level.DEBUG, "attach: reading the feeder's tables failed: " + redis.scrub(e.getMessage()));
                dropConnections();
                // Ticks published meanwhile never reach this console: the last values make up for them.
                seedWanted = true;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "attach: the feeder's tables could not be read: " + redis.scrub(e.toString()));
            }
            // The poll period; the view unparks this thread early when it attaches to a feeder.
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        dropConnections();
    }

    private void step() {
        AttachedFeederView.State state = view.state();
        if (!state.attached() || state.heartbeat() == null) {
            return;
        }
        if (connection == null) {
            connection = redis.connect();
            commandsRefused = probeCommandPermission(connection.sync());
        }
        RedisCommands<String, String> r = connection.sync();
        AttachedHeartbeat heartbeat = state.heartbeat();
        String incarnation = heartbeat.id() + "@" + heartbeat.startedAt();
        boolean newFeeder = !incarnation.equals(followed);
        subscribeTicks(heartbeat);
        if (newFeeder || seedWanted) {
            seedWanted = false;
            if (newFeeder && !followed.isEmpty()) {
                consumers.forEach(TickConsumer::onReset);
                routingVersion = "";
            }
            seed(r);
            if (newFeeder) {
                logSeen = null;
            }
            followed = incarnation;
        }
        followLog(r);
        pollRouting(r, state.health());
    }

    /** Subscribes to the channel the heartbeat names, once; subscribing returns when Redis confirmed it. */
    private void subscribeTicks(AttachedHeartbeat heartbeat) {
        if (!"pubsub".equals(heartbeat.ticksMode()) || heartbeat.ticksChannel().isEmpty()) {
            if (!subscribedChannel.equals("(not followed)")) {
                LOG.log(Level.WARNING, "attach: the feeder's ticks go to a " + heartbeat.ticksMode() + " ('"
                        + heartbeat.ticksChannel() + "'), which an attached window does not follow yet: its tables"
                        + " show the last values only");
                subscribedChannel = "(not followed)";
            }
            return;
        }
        if (heartbeat.ticksChannel().equals(subscribedChannel) && pubSub != null && pubSub.isOpen()) {
            return;
        }
        if (pubSub == null) {
            pubSub = redis.connectPubSub();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(message);
                }
            });
        } else if (!subscribedChannel.isEmpty()) {
            pubSub.sync().unsubscribe(subscribedChannel);
        }
        pubSub.sync().subscribe(heartbeat.ticksChannel());
        subscribedChannel = heartbeat.ticksChannel();
        LOG.log(Level.INFO, "attach: tables fed from channel " + subscribedChannel);
    }

    /** Lettuce's event-loop thread: one message, one batch per tick (consumers are non-blocking). */
    private void deliver(String message) {
        long now = System.currentTimeMillis();
        try {
            MarketTickDecoder.decode(message, (connectionId, event) -> {
                EventBatch batch = new EventBatch(connectionId, List.<FeedEvent>of(event), now);
                for (TickConsumer consumer : consumers) {
                    try {
                        consumer.onTicks(batch);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "attach: a consumer failed on a tick", e);
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.log(Level.DEBUG, "attach: a message on the tick channel is not a tick: " + e.getMessage());
        }
    }

    /** One round trip for every ticker's last values, handed to every consumer. */
    private void seed(RedisCommands<String, String> r) {
        Map<String, String> all = r.hgetall(keys.last());
        List<TickerLast> values = new ArrayList<>(all.size());
        all.forEach((ticker, json) -> {
            try {
                values.add(parseLast(ticker, json));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.DEBUG, "attach: last values of " + ticker + " unreadable: " + e.getMessage());
            }
        });
        consumers.forEach(c -> c.onLastValues(values));
    }

    /** The feeder's recent history to whoever has not had it, then every new line to everyone. */
    @SuppressWarnings("unchecked") // Lettuce's xread takes varargs of a generic offset type; one offset is passed
    private void followLog(RedisCommands<String, String> r) {
        Consumer<FeedLogLine> fresh;
        boolean history = logSeen == null;
        List<Consumer<FeedLogLine>> needHistory = new ArrayList<>(history ? logListeners : List.of());
        while ((fresh = newLogListeners.poll()) != null) {
            needHistory.add(fresh);
            logListeners.add(fresh);
        }
        if (!needHistory.isEmpty()) {
            List<StreamMessage<String, String>> recent = new ArrayList<>(r.xrevrange(keys.log(), Range.create("-", "+"),
                    Limit.from(LOG_HISTORY)));
            java.util.Collections.reverse(recent);
            for (StreamMessage<String, String> m : recent) {
                FeedLogLine line = logLine(m);
                needHistory.forEach(l -> l.accept(line));
            }
            if (history || logSeen == null) {
                logSeen = recent.isEmpty() ? "0-0" : recent.get(recent.size() - 1).getId();
            }
        }
        if (logSeen == null) {
            return;
        }
        List<StreamMessage<String, String>> next = r.xread(XReadArgs.Builder.count(500),
                XReadArgs.StreamOffset.from(keys.log(), logSeen));
        for (StreamMessage<String, String> m : next) {
            FeedLogLine line = logLine(m);
            logListeners.forEach(l -> l.accept(line));
            logSeen = m.getId();
        }
    }

    private static FeedLogLine logLine(StreamMessage<String, String> m) {
        Map<String, String> b = m.getBody();
        long ts;
        try {
            ts = Long.parseLong(b.getOrDefault("ts", "0"));
        } catch (NumberFormatException e) {
            ts = 0;
        }
        return new FeedLogLine(ts, b.getOrDefault("source", ""), b.getOrDefault("level", "INFO"),
                b.getOrDefault("text", ""));
    }

    /** Re-reads {@code assignment} only when its {@code _version} moved. */
    private void pollRouting(RedisCommands<String, String> r, HealthSnapshot health) {
        String version = r.hget(keys.assignment(), "_version");
        String seen = version == null ? "" : version;
        if (seen.equals(routingVersion) && !routing.connectionIds().isEmpty()) {
            return;
        }
        Map<String, String> byTicker = new HashMap<>(r.hgetall(keys.assignment()));
        byTicker.remove("_version");
        routing = TickerRouting.of(health.connections().keySet(), byTicker);
        routingVersion = seen;
    }

    /**
     * Whether this Redis user may write the command stream, asked without writing: {@code XADD} with the ID 0-0,
     * which Redis always refuses as invalid, but only after the ACL check, which refuses it first with NOPERM.
     */
    static String probeCommandPermission(RedisCommands<String, String> r, AttachKeys keys) {
        try {
            r.xadd(keys.commands(), new XAddArgs().id("0-0"), Map.of("probe", "permission"));
            return "";
        } catch (RedisCommandExecutionException e) {
            return e.getMessage() != null && e.getMessage().startsWith("NOPERM") ? VIEWER_REFUSAL : "";
        }
    }

    private String probeCommandPermission(RedisCommands<String, String> r) {
        return probeCommandPermission(r, keys);
    }

    private void dropConnections() {
        if (pubSub != null) {
            pubSub.close();
            pubSub = null;
        }
        subscribedChannel = "";
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    static TickerLast parseLast(String ticker, String json) {
        String connectionId = "";
        Map<String, Double> n = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("last values are a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("connection")) {
                    connectionId = p.getText();
                } else if (value.isNumeric()) {
                    n.put(field, p.getDoubleValue());
                } else if (value.isStructStart()) {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("last values that are not JSON: " + e.getMessage(), e);
        }
        return new TickerLast(ticker, connectionId, n.getOrDefault("last", Double.NaN),
                n.getOrDefault("size", 0.0).longValue(), n.getOrDefault("trade_ms", 0.0).longValue(),
                n.getOrDefault("bid", Double.NaN), n.getOrDefault("ask", Double.NaN),
                n.getOrDefault("bar_close", Double.NaN), n.getOrDefault("change_pct", Double.NaN),
                n.getOrDefault("ticks", 0.0).longValue(), n.getOrDefault("volume", 0.0).longValue());
    }

    // =====================================================================================
    // ConsoleFeed: queries (any thread, never Redis)
    // =====================================================================================

    @Override
    public HealthSnapshot health() {
        return view.state().health();
    }

    @Override
    public HealthSnapshot healthNow() {
        return health();
    }

    @Override
    public TickerRouting routing() {
        return routing;
    }

    @Override
    public Set<String> connectionIds() {
        return new LinkedHashSet<>(health().connections().keySet());
    }

    @Override
    public String connectionName(String connectionId) {
        var h = health().connections().get(connectionId);
        return h == null ? "" : h.feed().name();
    }

    @Override
    public Map<String, Long> sequenceGapsBySymbol(String connectionId) {
        return Map.of(); // the heartbeat carries each connection's total only
    }

    @Override
    public String describeSource(long nowMillis) {
        AttachedFeederView.State state = view.state();
        AttachedHeartbeat h = state.heartbeat();
        if (h == null) {
            return "waiting for a feeder in group " + keys.group() + " at " + view.masked();
        }
        String leadership = LeadershipText.describe(h.data(), view.standbys(), java.time.ZoneId.systemDefault());
        String differs = h.data().get("assignment") instanceof Map<?, ?> section
                ? DesiredAssignment.describe(stringKeys(section)) : null;
        return "feeder " + h.id() + " on " + h.host() + " · v" + h.version() + " · group " + keys.group()
                + (leadership.isEmpty() ? "" : " · " + leadership) + (differs == null ? "" : " · " + differs)
                + " · heartbeat " + age(state) + " ago";
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    @Override
    public String unavailable(long nowMillis) {
        AttachedFeederView.State state = view.state();
        if (state.attached()) {
            return "";
        }
        return state.heartbeat() == null ? "feeder lost: " + state.why()
                : "feeder lost: " + state.why() + " · last heartbeat " + age(state) + " ago";
    }

    private static String age(AttachedFeederView.State state) {
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, state.heartbeatAgeSeconds()));
    }

    @Override
    public String commandsRefused() {
        return commandsRefused;
    }

    @Override
    public Registration addLogListener(Consumer<FeedLogLine> listener) {
        newLogListeners.add(listener);
        return Registration.once(() -> {
            newLogListeners.remove(listener);
            logListeners.remove(listener);
        });
    }

    /**
     * None are announced here: the feeder's own log lines ({@link #addLogListener}) carry its connections' state
     * changes with their causes, and announcing them twice would log each twice.
     */
    @Override
    public Registration addStateListener(ConnectionListener listener) {
        return () -> { };
    }

    /** Every consumer is called on Lettuce's thread, as a DIRECT one would be: {@code delivery} changes nothing. */
    @Override
    public Registration addConsumer(String name, TickConsumer consumer, TickConsumer.Delivery delivery) {
        consumers.add(consumer);
        seedWanted = true;
        return Registration.once(() -> consumers.remove(consumer));
    }

    // =====================================================================================
    // ConsoleFeed: operator commands (blocking, one at a time)
    // =====================================================================================

    private synchronized String send(String command, String args) {
        String refused = commandsRefused;
        if (!refused.isEmpty()) {
            throw new IllegalStateException(refused);
        }
        CommandClient.Reply reply = commands.send(new AttachCommand(command, args), user, host);
        if (!reply.ok()) {
            throw new IllegalStateException(reply.text());
        }
        return reply.text();
    }

    @Override
    public String connect(String connectionId) {
        return send("connect", connectionId);
    }

    @Override
    public String disconnect(String connectionId) {
        return send("disconnect", connectionId);
    }

    @Override
    public String reconnect(String connectionId) {
        return send("reconnect", connectionId);
    }

    @Override
    public String connectAll() {
        return send("connect", "");
    }

    @Override
    public String disconnectAll() {
        return send("disconnect", "");
    }

    @Override
    public String subscribe(List<String> tickers) {
        return send("subscribe", String.join(" ", tickers));
    }

    @Override
    public String unsubscribe(String ticker) {
        return send("unsubscribe", ticker);
    }

    @Override
    public String move(String ticker, String toConnectionId) {
        return send("move", ticker + " " + toConnectionId);
    }

    @Override
    public String resetAssignment() {
        return send(CommandExecutor.RESET_ASSIGNMENT, "");
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        view.close();
        commands.close();
        redis.close();
    }
}
