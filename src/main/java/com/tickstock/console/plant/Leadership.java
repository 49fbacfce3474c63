package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tickstock.console.config.FeederSettings;
import com.tickstock.console.republish.RedisEndpoint;
import com.tickstock.console.republish.RedisTimer;
import com.tickstock.console.supervision.PartFailures;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Which feeder of a group holds the vendor connections: the holder of the group's lease in Redis
 * ({@link FeederLease}). One {@code feeder-lease} thread per process looks every {@link #period(long)}: as a standby it
 * tries to take the lease and otherwise says what it waits for (its own {@code standby:<id>} key); as the leader it
 * renews the lease and <em>fences</em>: when no renewal has succeeded for {@link #fenceAfter(long)} — Redis unreachable
 * or frozen, or this process paused — it steps down, closing its vendor connections <em>before</em> the lease can
 * expire and a standby can take over, so two feeders never hold the account's connections at once. A leader that
 * finds its lease taken steps down at once. Redis is the only arbiter: with a Redis failover a lease can be lost,
 * and this fencing is what keeps the account safe then.
 *
 * <p>Why the times are safe: the fence time is counted from when a successful renewal was <em>sent</em>, so Redis
 * set the expiry later than this process thinks; every Redis call times out after {@link #period(long)}, so a frozen
 * Redis delays the check by at most that; and {@link #fenceAfter(long)} leaves one second for closing the connections
 * before the lease ends.
 *
 * <p>Threads: the lease thread alone runs the loop and calls the {@link LeaderDuties}; {@link #state()} is an
 * immutable snapshot in a volatile field, read by the health thread and anyone else.
 */
public final class Leadership implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Leadership.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    private static final long STANDBY_KEY_TTL_MILLIS = 5_000;

    /** What the lease holder does: both run on the lease thread and must return within about a second. */
    public interface LeaderDuties {

        /** Connect to the vendor and start publishing; {@code takeover} says from whom, when there was one. */
        void lead(Takeover takeover);

        /** Close the vendor connections first, then stop publishing as the leader. */
        void stepDown(String why);
    }

    /**
     * How this feeder came to lead.
     *
     * @param previousLeader the feeder id that held the lease before, or null when none was seen
     * @param gapSeconds     estimated seconds without a leader: since the previous one last renewed its lease
     * @param assignment     the group's last published ticker → connection assignment, empty when none
     * @param desired        the group's desired assignment (operator changes, {@link DesiredAssignment}), null when
     *                       none is stored and the configuration applies
     */
    public record Takeover(String previousLeader, double gapSeconds, Map<String, String> assignment,
                           Map<String, String> desired) {
    }

    public enum Role {
        STANDBY, LEADER;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What is known now.
     *
     * @param role           this feeder's role
     * @param leader         the lease holder's feeder id, null when none is known
     * @param leaseExpiresAt {@link System#nanoTime()} at which the holder's lease ends if not renewed (0: unknown)
     * @param since          epoch millis of the last role change
     * @param takeovers      how many times this feeder took over from another leader
     * @param lastError      the newest Redis problem, null when the last call worked
     */
    public record State(Role role, String leader, long leaseExpiresAt, long since, long takeovers, String lastError) {

        /** Seconds until the holder's lease ends if not renewed, -1 when unknown. */
        public double leaseExpiresInSeconds() {
            if (leaseExpiresAt == 0) {
                return -1;
            }
            return Math.max(0, (leaseExpiresAt - System.nanoTime()) / 1e9);
        }
    }

    private final FeederSettings settings;
    private final PlantKeys keys;
    private final FeederLease lease;
    private final LeaderDuties duties;
    private final String host;
    private final String version;
    private final long leaseMillis;
    private final Duration period;
    private final ClientResources resources;
    private final RedisClient client;
    private final PlantConnection connection;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile State state;
    /**
     * Until when ({@link System#nanoTime()}) the vendor connections may open sockets: the fence time while leading,
     * 0 otherwise. Written by the lease thread, read by the connections' connector threads ({@link #mayConnect()}).
     */
    private volatile long connectUntilNanos;

    // Lease thread only.
    /** When a leader fences unless a renewal succeeds first. */
    private long fenceAtNanos;
    /** The newest look at another feeder's lease: when, and the estimated time of its last renewal. */
    private String lastSeenHolder;
    private long lastSeenRenewalNanos;

    public Leadership(FeederSettings settings, String redisUrl, String host, String version, LeaderDuties duties) {
        this.settings = settings;
        this.keys = PlantKeys.of(settings);
        this.leaseMillis = settings.leaseSeconds() * 1000L;
        this.period = period(leaseMillis);
        this.lease = new FeederLease(keys.lease(), settings.id(), UUID.randomUUID().toString().substring(0, 8),
                leaseMillis);
        this.duties = duties;
        this.host = host;
        this.version = version;
        RedisEndpoint endpoint = RedisEndpoint.parse(redisUrl);
        this.resources = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
                .timer(RedisTimer.shared()).build(); // one wheel for the process: see RedisTimer
        this.client = RedisClient.create(resources);
        // Every call gives up after one period: a frozen Redis must not hold the fence check back.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(period).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(period))
                .build());
        this.connection = new PlantConnection(client, endpoint, "tickstock-lease-" + settings.id());
        this.state = new State(Role.STANDBY, null, 0, System.currentTimeMillis(), 0, null);
        this.thread = PartFailures.process().newThread("lease", "feeder-lease", this::run);
    }

    /** How often the lease is renewed or looked at: a sixth of it, between 250 ms and 1 s. */
    static Duration period(long leaseMillis) {
        return Duration.ofMillis(Math.max(250, Math.min(1_000, leaseMillis / 6)));
    }

    /**
     * How long after the last successful renewal was sent a leader closes its connections: the lease less two
     * periods (the check runs once a period, and a Redis call in progress may take one more to time out) and one
     * second to close them.
     */
    static Duration fenceAfter(long leaseMillis) {
        return Duration.ofMillis(leaseMillis - 2 * period(leaseMillis).toMillis() - 1_000);
    }

    private Duration fenceAfter() {
        return fenceAfter(leaseMillis);
    }

    public void start() {
        thread.start();
    }

    public State state() {
        return state;
    }

    /**
     * Whether a vendor connection may open a socket now: only while this feeder leads and its fence time has not
     * passed. The monotonic clock runs on while a process is paused, so a leader resumed after its lease ran out
     * is refused at once, even before its lease thread has looked and stepped down.
     */
    public boolean mayConnect() {
        long until = connectUntilNanos;
        return until != 0 && System.nanoTime() - until < 0;
    }

    /** The {@code lease} section of the health JSON. */
    public Map<String, Object> healthSection() {
        State s = state;
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("role", s.role().word());
        section.put("leader", s.leader());
        double expires = s.leaseExpiresInSeconds();
        section.put("lease_expires_in", expires < 0 ? null : Math.round(expires * 10) / 10.0);
        section.put("lease_seconds", settings.leaseSeconds());
        section.put("since", Instant.ofEpochMilli(s.since()).toString());
        section.put("takeovers", s.takeovers());
        section.put("last_error", s.lastError());
        return section;
    }

    /**
     * The figures every reader of a feeder's health looks for first, written at the top level of its health JSON
     * ({@code HealthJson.TOP_LEVEL}): {@code role}, {@code leader} (the lease holder's feeder id),
     * {@code lease_expires_in} (seconds, null when unknown) and {@code takeovers}.
     */
    public Map<String, Object> topLevelFields() {
        State s = state;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", s.role().word());
        fields.put("leader", s.leader());
        double expires = s.leaseExpiresInSeconds();
        fields.put("lease_expires_in", expires < 0 ? null : Math.round(expires * 10) / 10.0);
        fields.put("takeovers", s.takeovers());
        return fields;
    }

    private void run() {
        while (running) {
            long started = System.nanoTime();
            try {
                if (state.role() == Role.LEADER) {
                    keepLeading();
                } else {
                    tryToLead();
                }
            } catch (RedisException e) {
                noteError(e);
            }
            long sleep = period.toNanos() - (System.nanoTime() - started);
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000)); // the lease period, not a wait for work
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    private void keepLeading() {
        long now = System.nanoTime();
        if (now - fenceAtNanos >= 0) {
            stepDown("the lease could not be renewed for " + seconds(now - fenceAtNanos + fenceAfter().toNanos())
                    + " s (" + (state.lastError() == null ? "Redis did not answer" : state.lastError())
                    + "): vendor connections closed before it could expire");
            return;
        }
        RedisCommands<String, String> redis = connection.commands();
        if (lease.renew(redis)) {
            fenceAtNanos = now + fenceAfter().toNanos();
            connectUntilNanos = fenceAtNanos;
            connection.succeeded();
            State s = state;
            state = new State(Role.LEADER, settings.id(), now + leaseMillis * 1_000_000, s.since(), s.takeovers(), null);
            return;
        }
        FeederLease.Holder holder = lease.holder(redis);
        stepDown(holder.value() == null ? "the lease expired in Redis before it was renewed"
                : "the lease is held by " + holder.feederId());
    }

    private void tryToLead() {
        RedisCommands<String, String> redis = connection.commands();
        long now = System.nanoTime();
        boolean taken = lease.tryTake(redis);
        FeederLease.Holder holder = taken ? null : lease.holder(redis);
        if (!taken && holder.value() != null && settings.id().equals(holder.feederId())) {
            // An earlier run of this very feeder id (it crashed or was killed): no other feeder may use the id,
            // so waiting for its lease to run out would only lengthen the gap.
            LOG.log(Level.WARNING, "the lease is held by an earlier instance of feeder " + settings.id()
                    + " (" + holder.value() + "): taking it over");
            taken = lease.replace(redis, holder.value());
        }
        connection.succeeded();
        if (taken) {
            becomeLeader(now, redis);
            return;
        }
        if (holder.value() != null) {
            lastSeenHolder = holder.feederId();
            lastSeenRenewalNanos = now - (leaseMillis - holder.remainingMillis()) * 1_000_000;
        }
        State s = state;
        long expiresAt = holder.value() == null ? 0 : now + holder.remainingMillis() * 1_000_000;
        state = new State(Role.STANDBY, holder.feederId(), expiresAt, s.since(), s.takeovers(), null);
        redis.set(keys.standby(settings.id()), standbyJson(state), SetArgs.Builder.px(STANDBY_KEY_TTL_MILLIS));
        // The index consoles read; it lives as long as some standby keeps looking (a dead one's id stays until then,
        // harmless: its own key is gone).
        redis.sadd(keys.standbys(), settings.id());
        redis.pexpire(keys.standbys(), STANDBY_KEY_TTL_MILLIS);
    }

    private void becomeLeader(long tookAtNanos, RedisCommands<String, String> redis) {
        String previous = lastSeenHolder;
        double gap = previous == null ? 0 : Math.max(0, (System.nanoTime() - lastSeenRenewalNanos) / 1e9);
        // Read before the connect gate opens: a Redis that stops answering here leaves this feeder a standby holding
        // a lease it takes up again next period (as an earlier instance of itself), with nothing connected.
        Map<String, String> assignment = new LinkedHashMap<>(unlessUnreadable(() -> redis.hgetall(keys.assignment()),
                Map.of(), "the last leader's assignment " + keys.assignment(), "the configured universes"));
        assignment.remove("_version");
        Map<String, String> desired = unlessUnreadable(() -> DesiredAssignment.read(redis, keys).orElse(null), null,
                "the group's desired assignment " + keys.desired(), "the last leader's assignment");
        fenceAtNanos = tookAtNanos + fenceAfter().toNanos();
        connectUntilNanos = fenceAtNanos;
        redis.del(keys.standby(settings.id()));
        redis.srem(keys.standbys(), settings.id());
        State s = state;
        long takeovers = s.takeovers() + (previous == null || previous.equals(settings.id()) ? 0 : 1);
        state = new State(Role.LEADER, settings.id(), tookAtNanos + leaseMillis * 1_000_000,
                System.currentTimeMillis(), takeovers, null);
        LOG.log(Level.INFO, previous == null ? "feeder " + settings.id() + " leads group " + settings.group()
                : "feeder " + settings.id() + " takes over group " + settings.group() + " from " + previous
                + " after " + String.format(Locale.ROOT, "%.1f", gap) + " s without a leader");
        duties.lead(new Takeover(previous, gap, assignment, desired));
        lastSeenHolder = null;
    }

    /**
     * What {@code read} gives, or {@code otherwise} when Redis answers it with an error (e.g. WRONGTYPE: someone
     * wrote another type under the key): such an answer would come again every period, and a feeder that cannot
     * read an assignment must still lead — with {@code fallback}, saying so — or the group would have no leader.
     * A Redis that does not answer at all throws on, as before.
     */
    private static <T> T unlessUnreadable(java.util.function.Supplier<T> read, T otherwise, String what,
                                          String fallback) {
        try {
            return read.get();
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            LOG.log(Level.WARNING, what + " cannot be read (" + e.getMessage() + "): leading with " + fallback);
            return otherwise;
        }
    }

    private void stepDown(String why) {
        connectUntilNanos = 0;
        LOG.log(Level.WARNING, "feeder " + settings.id() + " steps down: " + why);
        State s = state;
        state = new State(Role.STANDBY, null, 0, System.currentTimeMillis(), s.takeovers(), s.lastError());
        duties.stepDown(why);
    }

    private void noteError(RedisException e) {
        connection.failed(e);
        State s = state;
        state = new State(s.role(), s.leader(), s.leaseExpiresAt(), s.since(), s.takeovers(), connection.lastError());
    }

    private String standbyJson(State s) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", settings.id());
            g.writeStringField("host", host);
            g.writeStringField("version", version);
            g.writeStringField("role", s.role().word());
            g.writeStringField("leader", s.leader());
            g.writeNumberField("lease_expires_in", Math.round(s.leaseExpiresInSeconds() * 10) / 10.0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /**
     * Stops looking at the lease. A leader must close its vendor connections first and then call
     * {@link #release()}, so a standby can take over at once without ever overlapping.
     */
    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Gives the lease up (when held) for a clean hand-over; call after the vendor connections are closed and after
     * {@link #stop()}: the connection then belongs to the calling thread.
     */
    public void release() {
        connectUntilNanos = 0;
        if (state.role() != Role.LEADER) {
            return;
        }
        try {
            if (lease.release(connection.commands())) {
                LOG.log(Level.INFO, "feeder " + settings.id() + " released the lease of group " + settings.group());
            }
        } catch (RedisException e) {
            connection.failed(e);
            LOG.log(Level.WARNING, "the lease could not be released (a standby takes over when it expires): "
                    + connection.lastError());
        }
        State s = state;
        state = new State(Role.STANDBY, null, 0, System.currentTimeMillis(), s.takeovers(), s.lastError());
    }

    @Override
    public void close() {
        stop();
        release();
        connection.close();
        PlantConnection.shutdown(client, resources, "lease");
    }
}
