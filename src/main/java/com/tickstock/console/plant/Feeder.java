package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tickstock.console.config.FeederSettings;
import com.tickstock.console.config.RedisSettings;
import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.manager.TickerRouting;
import com.tickstock.console.republish.RedisEndpoint;
import com.tickstock.console.republish.RedisTimer;
import com.tickstock.console.supervision.PartFailures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The feeder side of the ticker plant (docs/plant-protocol.md): publishes the heartbeat with the health
 * snapshot every second, every event-log line, the ticker assignment on every routing change and the changed
 * tickers' last values every 250 ms under {@code tickstock:GROUP:}, and executes operator commands from the
 * {@code commands} stream ({@link CommandLoop}).
 *
 * <p>None of it makes the feed's threads wait: ticks update {@link LastValues} in place on the dispatch threads
 * (a map lookup and an uncontended per-ticker lock; never a Redis call), log lines go through a bounded queue, and the publisher thread here does all Redis writes on a Lettuce connection of its
 * own. While Redis is away it keeps the newest state (assignment, last values, the most recent log lines up to
 * the bound) and counts what it had to drop; once Redis answers again it republishes the state whole, since a
 * restarted Redis may have lost it.
 *
 * <p>Threads: {@code plant-publisher} owns the publisher connection and the fields marked so; the counters are
 * atomics read by the manager's health thread for the {@code plant} health section.
 */
public final class Feeder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Feeder.class.getName());
    private static final JsonFactory JSON = new JsonFactory();

    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    static final long HEARTBEAT_TTL_MS = 5_000;
    static final Duration LAST_INTERVAL = Duration.ofMillis(250);
    private static final Duration ROUND = Duration.ofMillis(50);
    private static final int LOG_CAPACITY = 10_000;
    private static final int LOG_STREAM_LENGTH = 2_000;
    private static final int LOG_BATCH = 500;

    private final ConnectionManager manager;
    private final FeederSettings settings;
    private final PlantKeys keys;
    private final String host;
    private final String version;
    private final long startedAtMillis;
    private final String ticksMode;
    private final String ticksChannel;
    private final String ticksFormat;

    private final ClientResources resources;
    private final RedisClient client;
    private final PlantConnection publisherConnection;
    private final BoundedLog log = new BoundedLog(LOG_CAPACITY);
    private final LastValues lastValues = new LastValues();
    private final CommandLoop commands;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Registration> registrations = new ArrayList<>();
    private final Runnable partFailureListener;
    private final Thread publisher;

    // Publisher thread only.
    /** The routing last written to the assignment hash, null to write it again. */
    private TickerRouting publishedRouting;
    private long assignmentVersion;
    /** Last values taken but not yet written (Redis away): the newest per ticker. */
    private final Map<String, String> unsentLast = new LinkedHashMap<>();
    private long nextHeartbeatNanos;
    private long nextLastNanos;
    private boolean redisWasDown;

    // Written by the publisher thread (and the command thread for commands), read by the health thread.
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong heartbeatsFailed = new AtomicLong();
    private final AtomicLong logPublished = new AtomicLong();
    private final AtomicLong lastPublished = new AtomicLong();
    private final AtomicLong assignmentsPublished = new AtomicLong();
    private volatile boolean redisUp;

    /** The assignment of the configured universes, which the {@code assignment} health section compares with. */
    private final Map<String, String> configured;
    /** The newest {@code assignment} section and the routing it describes: rebuilt only when the routing changed. */
    private volatile AssignmentDifferences differences;

    /** Written and read by the health thread (volatile: a snapshot may be built on another thread too). */
    private record AssignmentDifferences(TickerRouting routing, Map<String, Object> section) {
    }

    private Feeder(ConnectionManager manager, FeederSettings settings, RedisSettings redis, String version,
                   Map<String, String> configured) {
        this.manager = manager;
        this.configured = Map.copyOf(configured);
        this.settings = settings;
        this.keys = PlantKeys.of(settings);
        this.host = localHost();
        this.version = version;
        this.startedAtMillis = System.currentTimeMillis();
        this.ticksMode = redis.mode().name().toLowerCase(Locale.ROOT);
        this.ticksChannel = redis.channel();
        this.ticksFormat = redis.format().name().toLowerCase(Locale.ROOT);
        RedisEndpoint endpoint = RedisEndpoint.parse(redis.url());
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .timer(RedisTimer.shared()).build(); // one wheel for the process: see RedisTimer
        this.client = RedisClient.create(resources);
        client.setOptions(PlantConnection.options());
        this.publisherConnection = new PlantConnection(client, endpoint, "tickstock-feeder-" + settings.id());
        this.commands = new CommandLoop(new PlantConnection(client, endpoint, "tickstock-feeder-commands-"
                + settings.id()), keys, settings.id(), new CommandExecutor(manager, configured), this::audit);
        this.partFailureListener = PartFailures.process().addListener(f ->
                log.offer(new LogEntry(f.at().toEpochMilli(), f.part(), "ERROR", "part failed: " + f.describe())));
        this.publisher = PartFailures.process().newThread("plant", "plant-publisher", this::publishUntilStopped);
    }

    /**
     * Starts publishing for {@code manager} to the Redis of {@code redis} (which must be enabled) under the
     * group of {@code settings}. Close it before the manager: closing removes the heartbeat at once.
     *
     * @param configured the ticker → connection assignment of the configured universes: what
     *                   {@code reset-assignment} returns to, and what the {@code assignment} health section compares with
     */
    public static Feeder start(ConnectionManager manager, FeederSettings settings, RedisSettings redis,
                               String version, Map<String, String> configured) {
        if (!redis.enabled()) {
            throw new IllegalArgumentException("the feeder publishes through Redis, and no Redis is configured");
        }
        Feeder feeder = new Feeder(manager, settings, redis, version, configured);
        try {
            feeder.registrations.add(manager.addStateListener(new ConnectionListener() {
                @Override
                public void onStateChange(StateChange change) {
                    feeder.log.offer(new LogEntry(change.at().toEpochMilli(), change.connectionId(),
                            level(change.state()), change.describe()));
                }
            }));
            feeder.registrations.add(manager.addConsumer("plant-last", feeder.lastValues,
                    TickConsumer.Delivery.DIRECT));
            feeder.registrations.add(manager.addHealthSection("plant", feeder::healthSection));
            feeder.registrations.add(manager.addHealthSection("assignment", feeder::assignmentSection));
            feeder.log.offer(new LogEntry(feeder.startedAtMillis, "manager", "INFO", "feeder " + settings.id()
                    + " on " + feeder.host + " started (version " + version + ", group " + settings.group() + ")"));
            feeder.publisher.start();
            feeder.commands.start();
            LOG.log(System.Logger.Level.INFO, "feeder " + settings.id() + " publishes its state to Redis "
                    + redis.redactedUrl() + " under " + feeder.keys.prefix());
        } catch (RuntimeException e) {
            // Leave nothing registered on the manager and no Lettuce threads behind.
            feeder.close();
            throw e;
        }
        return feeder;
    }

    public PlantKeys keys() {
        return keys;
    }

    public String id() {
        return settings.id();
    }

    static String level(ConnectionState state) {
        return switch (state) {
            case FAILED -> "ERROR";
            case RECONNECTING -> "WARN";
            default -> "INFO";
        };
    }

    /**
     * Makes the manager carry the group's desired assignment ({@code desired}, operator changes stored in Redis) or,
     * when none is stored (null), the configured one; one line saying what changed.
     */
    public String applyAssignment(Map<String, String> desired) {
        return desired == null ? AssignmentRestore.apply(manager, configured, "the configured assignment")
                : AssignmentRestore.apply(manager, desired, "the group's desired assignment (operator changes)");
    }

    private Map<String, Object> assignmentSection() {
        TickerRouting routing = manager.routing();
        AssignmentDifferences known = differences;
        if (known == null || known.routing() != routing) {
            known = new AssignmentDifferences(routing, DesiredAssignment.differences(configured,
                    manager.chosenAssignments(routing)));
            differences = known;
        }
        return known.section();
    }

    /** Adds one line to the group's event log (published off this thread, like every other line). */
    public void note(String source, String level, String text) {
        log.offer(new LogEntry(System.currentTimeMillis(), source, level, text));
    }

    private void audit(LogEntry entry) {
        log.offer(entry);
    }

    private void publishUntilStopped() {
        try {
            while (stop.getCount() > 0) {
                long now = System.nanoTime();
                publishRound(now);
                if (!redisUp) {
                    // Unsent lines were put back: retry a round later rather than spin on them.
                    if (stop.await(ROUND.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    continue;
                }
                // Asleep until the heartbeat or the last values are due, or a log line arrives: a quiet feeder
                // woke every 50 ms to look for lines (20 wake-ups a second, most finding nothing). A routing
                // change is published with the next last values, within 250 ms.
                // (A heartbeat held back until the command stream is ready stays overdue: look again a round later.)
                long due = Math.min(nextHeartbeatNanos, nextLastNanos) - System.nanoTime();
                log.awaitEntry(due <= 0 ? ROUND.toNanos() : Math.min(due, LAST_INTERVAL.toNanos()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        farewell();
    }

    /** One round: whatever is due, each step on its own so that one failing does not hold back the others. */
    private void publishRound(long now) {
        try {
            RedisCommands<String, String> redis = publisherConnection.commands();
            if (redisWasDown) {
                // A restarted Redis may have lost the hashes: write the whole state again.
                publishedRouting = null;
                lastValues.markAllChanged();
                redisWasDown = false;
            }
            if (now - nextHeartbeatNanos >= 0 && commands.ready()) {
                heartbeat(redis);
                nextHeartbeatNanos = now + HEARTBEAT_INTERVAL.toNanos();
            }
            publishLog(redis);
            publishAssignment(redis);
            if (now - nextLastNanos >= 0) {
                publishLast(redis);
                nextLastNanos = now + LAST_INTERVAL.toNanos();
            }
            publisherConnection.succeeded();
            redisUp = true;
        } catch (RedisException e) {
            if (now - nextHeartbeatNanos >= 0) {
                heartbeatsFailed.incrementAndGet();
                nextHeartbeatNanos = now + HEARTBEAT_INTERVAL.toNanos();
            }
            publisherConnection.failed(e);
            redisUp = false;
            redisWasDown = true;
        }
    }

    private void heartbeat(RedisCommands<String, String> redis) {
        String json = heartbeatJson(System.currentTimeMillis());
        redis.set(keys.heartbeat(), json, SetArgs.Builder.px(HEARTBEAT_TTL_MS));
        redis.publish(keys.healthChannel(), json);
        heartbeats.incrementAndGet();
    }

    String heartbeatJson(long nowMillis) {
        StringWriter data = new StringWriter(2048);
        HealthJson.write(manager.health(), data, false);
        StringWriter out = new StringWriter(data.getBuffer().length() + 400);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("feeder");
            g.writeStringField("id", settings.id());
            g.writeStringField("host", host);
            g.writeStringField("version", version);
            g.writeFieldName("started_at");
            g.writeNumber(BigDecimal.valueOf(startedAtMillis, 3));
            g.writeFieldName("published_at");
            g.writeNumber(BigDecimal.valueOf(nowMillis, 3));
            g.writeStringField("group", settings.group());
            g.writeEndObject();
            g.writeObjectFieldStart("ticks");
            g.writeStringField("mode", ticksMode);
            g.writeStringField("channel", ticksChannel);
            g.writeStringField("format", ticksFormat);
            g.writeEndObject();
            g.writeFieldName("data");
            g.writeRawValue(data.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void publishLog(RedisCommands<String, String> redis) {
        List<LogEntry> batch = log.take(LOG_BATCH);
        XAddArgs trim = XAddArgs.Builder.maxlen(LOG_STREAM_LENGTH).approximateTrimming();
        for (int i = 0; i < batch.size(); i++) {
            LogEntry e = batch.get(i);
            try {
                redis.xadd(keys.log(), trim, Map.of("ts", Long.toString(e.epochMillis()), "source", e.source(),
                        "level", e.level(), "text", e.text()));
                logPublished.incrementAndGet();
            } catch (RedisException failure) {
                log.putBack(batch.subList(i, batch.size()));
                throw failure;
            }
        }
    }

    private void publishAssignment(RedisCommands<String, String> redis) {
        TickerRouting routing = manager.routing();
        if (routing == publishedRouting) {
            return;
        }
        long version = assignmentVersion + 1;
        Map<String, String> hash = new LinkedHashMap<>(routing.assignments());
        hash.put("_version", Long.toString(version));
        // Replaced in one transaction: a console never reads a half-written table.
        DesiredAssignment.replaceHash(redis, keys.assignment(), hash);
        assignmentVersion = version;
        publishedRouting = routing;
        assignmentsPublished.incrementAndGet();
    }

    private void publishLast(RedisCommands<String, String> redis) {
        unsentLast.putAll(lastValues.takeChanged());
        if (unsentLast.isEmpty()) {
            return;
        }
        redis.hset(keys.last(), unsentLast);
        lastPublished.addAndGet(unsentLast.size());
        unsentLast.clear();
    }

    /** On the way out: the last log lines if Redis takes them, and the heartbeat removed so consoles see us gone. */
    private void farewell() {
        try {
            RedisCommands<String, String> redis = publisherConnection.commands();
            publishLog(redis);
            redis.del(keys.heartbeat());
        } catch (RedisException e) {
            LOG.log(System.Logger.Level.WARNING, "feeder " + settings.id()
                    + " could not remove its heartbeat (it expires in 5 s): " + e.getMessage());
        }
    }

    private Map<String, Object> healthSection() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("feeder_id", settings.id());
        section.put("group", settings.group());
        section.put("redis", redisUp ? "connected" : "unavailable");
        section.put("last_error", publisherConnection.lastError());
        section.put("heartbeats", heartbeats.get());
        section.put("heartbeats_failed", heartbeatsFailed.get());
        section.put("log_published", logPublished.get());
        section.put("log_queued", log.size());
        section.put("log_dropped", log.dropped());
        section.put("last_values_published", lastPublished.get());
        section.put("assignments_published", assignmentsPublished.get());
        section.put("commands_executed", commands.executed());
        section.put("commands_refused", commands.refused());
        section.put("commands_duplicates", commands.duplicates());
        section.put("commands_expired", commands.expired());
        section.put("commands_claimed", commands.claimed());
        section.put("commands_error", commands.lastError());
        return section;
    }

    /** Stops publishing and taking commands, removes the heartbeat and releases the Redis threads. */
    @Override
    public void close() {
        registrations.forEach(Registration::close);
        partFailureListener.run();
        stop.countDown();
        log.stopWaiting();
        commands.stop();
        joinQuietly(publisher);
        commands.join();
        publisherConnection.close();
        PlantConnection.shutdown(client, resources, "feeder");
    }

    static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                // Bounded: each round ends within the command timeout.
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
