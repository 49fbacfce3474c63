package com.tickstock.console.app;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ConnectionSpecs;
import com.tickstock.console.manager.MarketSessionHealth;
import com.tickstock.console.market.MarketHours;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.config.RedisSettings;
import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.config.FeederSettings;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.plant.Feeder;
import com.tickstock.console.plant.Leadership;
import com.tickstock.console.recording.ManagedRecording;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RepublisherConfig;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import com.tickstock.console.status.StatusServer;
import com.tickstock.console.status.StatusSource;
import com.tickstock.console.supervision.PartFailure;
import com.tickstock.console.supervision.PartFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The running feed side, shared by every mode (window, headless, self-test): the embedded
 * simulator when no API key is configured, the connection manager, and (when configured) the
 * Redis republisher. Starting it connects every connection; closing it shuts all down in order.
 */
public final class ConsoleRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsoleRuntime.class.getName());

    private final ConsoleConfig config;
    private final SimulatorServer simulator;
    private final ConnectionManager manager;
    private final FeedSource source;
    /** Null when REDIS_URL (or REDIS_HOST) is not configured or REDIS_ENABLED=false. */
    private final RedisRepublisher republisher;
    /** Set by the thread that starts the endpoint (main), read by whichever thread closes the runtime. */
    private volatile StatusServer statusServer;
    /** Written by the lease thread (lead, step down) and the starting thread; read by close() and health. */
    private volatile Feeder feeder;
    private volatile Leadership leadership;
    private volatile Registration leaseSection;
    private volatile Registration topLevelFields;
    /** Recording of the raw feed: started at once with RECORD_DIR, or later from the window. */
    private final ManagedRecording recording;
    /** The process's failures before this runtime's first thread started: none of them are ours. */
    private final long failuresBefore;
    /** The ticker → connection assignment of the configured universes, taken before any operator change. */
    private final Map<String, String> configuredAssignment;

    private ConsoleRuntime(long failuresBefore, ConsoleConfig config, SimulatorServer simulator,
                           ConnectionManager manager, FeedSource source, RedisRepublisher republisher,
                           ManagedRecording recording) {
        this.failuresBefore = failuresBefore;
        this.recording = recording;
        this.config = config;
        this.simulator = simulator;
        this.manager = manager;
        this.source = source;
        this.republisher = republisher;
        this.configuredAssignment = Map.copyOf(manager.routing().assignments());
        if (republisher != null && republisher.topology() != null) {
            // A failover's line goes to the group's event log when this process feeds one (the logger has it anyway).
            republisher.topology().addListener(line -> {
                Feeder plant = feeder;
                if (plant != null) {
                    plant.note("redis", "WARN", line);
                }
            });
        }
    }

    /**
     * Starts the simulator if needed, the manager and, when Redis is configured, the republisher
     * (which connects in the background and buffers until Redis answers); does not connect yet.
     */
    public static ConsoleRuntime create(ConsoleConfig config) {
        long failuresBefore = PartFailures.process().sequence();
        // First, so that Lettuce's slow first connect (seconds of class loading on a busy machine)
        // overlaps the simulator's start; ticks are buffered until Redis answers.
        RedisRepublisher republisher = config.redis().enabled() ? startRepublisher(config.redis()) : null;
        SimulatorServer simulator = null;
        try {
            URI url;
            String key;
            FeedSource source;
            if (config.useEmbeddedSimulator()) {
                try {
                    simulator = SimulatorServer.start(embeddedSimulator(config.feed().market().hours()));
                } catch (IOException e) {
                    throw new UncheckedIOException("the embedded simulator could not start: " + e.getMessage(), e);
                }
                url = simulator.url();
                key = SimulatorConfig.DEV_API_KEY;
                source = new FeedSource(true, url.toString(), "(simulator key)");
                LOG.log(Level.INFO, "no MASSIVE_API_KEY configured: running against the embedded simulator at " + url);
            } else {
                url = config.feed().url();
                key = config.massiveApiKey().reveal();
                source = new FeedSource(false, url.toString(), config.massiveApiKey().masked());
            }
            ConnectionManager manager = new ConnectionManager(ConnectionSpecs.from(config, url, key),
                    config.feed().eventTypes(), config.feed().connectionCapacity());
            if (republisher != null) {
                attach(republisher, manager);
            }
            manager.addHealthSection("market_session",
                    () -> MarketSessionHealth.section(config.feed().market().hours()));
            FaultHook.installIfRequested(manager);
            ManagedRecording recording = new ManagedRecording(manager, config.record().rollBytes(),
                    config.record().compression(), config.record().cpuBudgetPercent(), List.of(key));
            if (config.record().directory().isPresent()) {
                Path directory = config.record().directory().get();
                try {
                    recording.start(directory);
                } catch (IOException e) {
                    manager.close();
                    throw new UncheckedIOException("cannot record to RECORD_DIR=" + directory + ": " + e.getMessage(), e);
                }
            }
            return new ConsoleRuntime(failuresBefore, config, simulator, manager, source, republisher, recording);
        } catch (RuntimeException e) {
            if (simulator != null) {
                simulator.close();
            }
            if (republisher != null) {
                republisher.close();
            }
            throw e;
        }
    }

    /**
     * The embedded simulator runs on the console's market clock, so that MARKET_CLOCK rehearses a session end to
     * end; with the clock set, its activity follows the sessions too (at plain wall time it streams at any hour,
     * so that the console and its self-test work out of the box at night).
     */
    private static SimulatorConfig embeddedSimulator(MarketHours hours) {
        SimulatorConfig.Builder simulator = SimulatorConfig.builder()
                .apiKeys(SimulatorConfig.DEV_API_KEY)
                .eventsPerSecond(2_000)
                .marketClock(hours.clock());
        if (!hours.clock().isWallTime() && hours.followsCalendar()) {
            simulator.sessions(hours.calendar());
        }
        return simulator.build();
    }

    private static RedisRepublisher startRepublisher(RedisSettings redis) {
        RepublisherConfig republish = RepublisherConfig.fromUrl(redis.url())
                .withChannel(redis.channel())
                .withFormat(RepublisherConfig.Format.valueOf(redis.format().name()))
                .withMode(RepublisherConfig.Mode.valueOf(redis.mode().name()))
                .withBufferSize(redis.bufferSize())
                .withOverflow(RepublisherConfig.Overflow.valueOf(redis.overflow().name()))
                .withDrainRate(redis.drainRate())
                .withReplicasAck(redis.replicasAck())
                .withShards(redis.shards());
        LOG.log(Level.INFO, "republishing ticks to Redis " + redis.redactedUrl() + " " + redis.channel());
        return new RedisRepublisher(republish).start();
    }

    private static void attach(RedisRepublisher republisher, ConnectionManager manager) {
        // DIRECT: offer() never blocks (it only fills the republisher's buffer), so it may run on the
        // connections' dispatch threads, and every delivered tick is offered before manager.close() returns.
        // A frame at a time: the publisher is woken once per frame and sends it in one write.
        manager.addConsumer("redis", batch -> republisher.offerAll(batch.events(), batch.connectionId(),
                batch.receivedNanos()), TickConsumer.Delivery.DIRECT);
        manager.addHealthSection("redis", republisher::healthMap);
    }

    public ConsoleConfig config() {
        return config;
    }

    public ConnectionManager manager() {
        return manager;
    }

    public FeedSource source() {
        return source;
    }

    public Optional<SimulatorServer> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** Recording of the raw feed (running or not). */
    public ManagedRecording recording() {
        return recording;
    }

    /** The Redis republisher, when Redis is configured. */
    public Optional<RedisRepublisher> republisher() {
        return Optional.ofNullable(republisher);
    }

    /** What the status endpoint reports: the manager's health (with the republisher's) and the republisher's metrics. */
    public StatusSource statusSource() {
        return new StatusSource() {
            @Override
            public HealthSnapshot health() {
                return manager.health();
            }

            @Override
            public HealthSnapshot healthNow() {
                return manager.healthNow();
            }

            @Override
            public List<String> unrecoverable() {
                return deadParts().stream().map(PartFailure::describe).toList();
            }

            @Override
            public void appendMetrics(StringBuilder out) {
                appendPartFailures(out);
                recording.status().ifPresent(status -> status.appendMetrics(out));
                if (republisher != null) {
                    republisher.status().appendMetrics(out);
                    republisher.appendShardMetrics(out);
                }
            }
        };
    }

    /**
     * The parts of this runtime whose thread died of an uncaught error (a connection's control,
     * connector or dispatch thread, the manager's health thread, a queued consumer, the republisher),
     * oldest first. None of them recovers; while any is listed the counts cannot be trusted.
     */
    public List<PartFailure> deadParts() {
        return PartFailures.process().since(failuresBefore);
    }

    private void appendPartFailures(StringBuilder out) {
        out.append("# HELP tickstock_part_failures_total Threads of the console that died of an uncaught error.\n")
                .append("# TYPE tickstock_part_failures_total counter\n")
                .append("tickstock_part_failures_total ").append(PartFailures.process().sequence() - failuresBefore)
                .append('\n');
    }

    /**
     * Starts the HTTP status endpoint as configured ({@code STATUS_PORT}, {@code STATUS_BIND},
     * {@code STATUS_TOKEN}); it is closed with the runtime. Call at most once.
     *
     * @throws IOException when the address cannot be bound
     */
    public StatusServer startStatusEndpoint() throws IOException {
        if (statusServer != null) {
            throw new IllegalStateException("the status endpoint is already running at " + statusServer.url());
        }
        // The endpoint's JSON holds URLs only; these are a last line of defence against a future field that is not.
        List<String> secrets = new ArrayList<>(List.of(config.massiveApiKey().reveal(),
                config.status().token().reveal()));
        if (config.redis().enabled()) {
            String redisPassword = RedisUrl.parse(config.redis().url()).password();
            if (redisPassword != null) {
                secrets.add(redisPassword);
            }
        }
        statusServer = StatusServer.start(config.status(), statusSource(), secrets);
        return statusServer;
    }

    /**
     * Starts publishing this runtime's state to Redis as a feeder of the ticker plant ({@code FEEDER_ID},
     * {@code FEEDER_GROUP}) and taking operator commands from there; it is closed with the runtime.
     * Call at most once, and only when Redis is configured.
     */
    public Feeder startFeeder() {
        if (feeder != null) {
            throw new IllegalStateException("the feeder is already running");
        }
        feeder = Feeder.start(manager, config.feeder(), config.redis(), Version.current(), configuredAssignment);
        return feeder;
    }

    /**
     * Runs this process as a feeder of its group under the group's lease ({@link Leadership}): it connects to the
     * vendor and publishes as the feeder only while it holds the lease, and waits as a standby otherwise. On a
     * takeover it resubscribes the previous leader's last assignment. Call at most once, only with Redis, instead
     * of {@link #startFeeder()} and connecting.
     */
    public Leadership startLeadership() {
        if (leadership != null || feeder != null) {
            throw new IllegalStateException("the feeder is already running");
        }
        FeederSettings settings = config.feeder();
        leadership = new Leadership(settings, config.redis().url(), hostName(), Version.current(),
                new Leadership.LeaderDuties() {
                    @Override
                    public void lead(Leadership.Takeover takeover) {
                        Feeder plant = Feeder.start(manager, settings, config.redis(), Version.current(),
                                configuredAssignment);
                        feeder = plant;
                        manager.connect();
                        String from = takeover.previousLeader() == null || takeover.previousLeader().equals(settings.id())
                                ? "feeder " + settings.id() + " leads group " + settings.group()
                                : String.format(Locale.ROOT, "takeover: feeder %s took over group %s from %s after %.1f s"
                                        + " without a leader", settings.id(), settings.group(), takeover.previousLeader(),
                                        takeover.gapSeconds());
                        // The group's desired assignment when operators changed it, else the configuration (which
                        // may have been edited since the last leader published its assignment).
                        String restored = "; " + plant.applyAssignment(takeover.desired());
                        plant.note("manager", takeover.previousLeader() == null ? "INFO" : "WARN", from + restored);
                    }

                    @Override
                    public void stepDown(String why) {
                        // The vendor connections close first: that is what the lease protects.
                        manager.disconnect();
                        Feeder plant = feeder;
                        feeder = null;
                        if (plant != null) {
                            plant.note("manager", "WARN", "feeder " + settings.id() + " stepped down: " + why);
                            plant.close();
                        }
                    }
                });
        Leadership gate = leadership;
        manager.connectionIds().forEach(id -> manager.connection(id).gateConnects(gate::mayConnect));
        leaseSection = manager.addHealthSection("lease", leadership::healthSection);
        topLevelFields = manager.addHealthSection(HealthJson.TOP_LEVEL, leadership::topLevelFields);
        leadership.start();
        return leadership;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The feeder, once started. */
    public Optional<Feeder> feeder() {
        return Optional.ofNullable(feeder);
    }

    /**
     * Stops the status endpoint first (so no caller sees a half-closed runtime), then the feeder (its heartbeat
     * vanishes, so attached consoles see it gone at once), then closes the
     * connections (so nothing new arrives), then ends the recording, then flushes and closes the republisher (every tick
     * delivered has been offered to it by then), then the simulator.
     */
    @Override
    public void close() {
        StatusServer status = statusServer;
        if (status != null) {
            status.close();
        }
        Leadership lease = leadership;
        if (lease != null) {
            lease.stop();
        }
        Feeder plant = feeder;
        if (plant != null) {
            plant.close();
        }
        manager.close();
        if (lease != null) {
            // Only now that the vendor connections are closed: a standby may take over at once.
            lease.close();
            leaseSection.close();
            topLevelFields.close();
        }
        // After the connections: every frame they received is in the queue by now, and is written.
        recording.close();
        if (republisher != null) {
            republisher.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
