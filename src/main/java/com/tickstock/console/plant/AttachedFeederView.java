package com.tickstock.console.plant;

import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.supervision.Causes;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An attached console's view of the feeder of a group: the {@code attach-feeder} thread reads the heartbeat key
 * every {@link #POLL} and keeps the newest {@link State}; everything else only reads that snapshot, so no reader
 * ever waits on Redis. The feeder is <em>lost</em> when its key is gone, older than {@link #LOST_AFTER} (its age
 * is the contract's 5 s TTL minus the key's remaining time, so no clock of another host is trusted), or Redis
 * cannot be read; a feeder that heartbeats again, under the same id or another, is attached to again.
 *
 * <p>Threads: {@link #state} is written by the attach thread only, read (volatile) by any thread.
 */
public final class AttachedFeederView implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AttachedFeederView.class.getName());
    public static final Duration POLL = Duration.ofMillis(250);
    /** The heartbeat is written every second: three missed ones mean the feeder is gone or hung. */
    public static final Duration LOST_AFTER = Duration.ofSeconds(3);
    private static final long HEARTBEAT_TTL_MILLIS = 5_000;

    /**
     * What is known of the feeder now.
     *
     * @param heartbeat       the newest heartbeat read, {@code null} before the first
     * @param health          that heartbeat's health, rebuilt; empty before the first
     * @param heartbeatNanos  {@link System#nanoTime()} at which the newest heartbeat was written (estimated)
     * @param attached        a heartbeat younger than {@link #LOST_AFTER} was read on the last poll
     * @param why             when not attached: why, in words
     */
    public record State(AttachedHeartbeat heartbeat, HealthSnapshot health, long heartbeatNanos, boolean attached,
                        String why) {

        /** Seconds since the newest heartbeat was written, or -1 when none was ever read. */
        public double heartbeatAgeSeconds() {
            return heartbeat == null ? -1 : (System.nanoTime() - heartbeatNanos) / 1e9;
        }
    }

    private final AttachRedis redis;
    private final AttachKeys keys;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile State state;
    /** The standbys' words, newest look first written by the attach thread, read by any ({@link LeadershipText}). */
    private volatile List<String> standbys = List.of();
    /**
     * Run by the attach thread when it attaches to a feeder (the first, or another incarnation), so whoever follows
     * the feeder's tables starts at once instead of at its next poll. Set before {@link #start()}; must not block.
     */
    private volatile Runnable onAttach = () -> { };
    /** Attach thread only: when the standby keys are next looked at (once a second is plenty for words). */
    private long nextStandbyLookNanos;

    public AttachedFeederView(RedisUrl url, String group) {
        this.keys = new AttachKeys(group);
        this.redis = new AttachRedis(url, Duration.ofSeconds(1));
        this.state = new State(null, new HealthSnapshot(Map.of(), List.of(), Instant.now()), 0, false,
                "no heartbeat read yet from group " + group);
        this.thread = new Thread(this::run, "attach-feeder");
        thread.setDaemon(true);
    }

    /** {@code action} runs on the attach thread each time a feeder is attached to; it must not block. */
    void onAttach(Runnable action) {
        this.onAttach = action;
    }

    /** Starts reading the heartbeat. */
    public void start() {
        thread.start();
    }

    public State state() {
        return state;
    }

    /** What each standby of the group waits for, in words; empty when none heartbeats. */
    public List<String> standbys() {
        return standbys;
    }

    public String group() {
        return keys.group();
    }

    /** The Redis URL, password masked. */
    public String masked() {
        return redis.masked();
    }

    private void run() {
        StatefulRedisConnection<String, String> connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = redis.connect();
                }
                poll(connection.sync());
            } catch (RedisException e) {
                if (!running) {
                    break; // interrupted by close(): stopping, not losing the feeder
                }
                lose("Redis at " + redis.masked() + " cannot be read: " + redis.scrub(Causes.rootMessage(e)));
                if (connection != null && !connection.isOpen()) {
                    connection.close();
                    connection = null;
                }
            } catch (RuntimeException e) {
                // Said once, by lose(), when the feeder was attached; the trace for whoever turns DEBUG on.
                LOG.log(Level.DEBUG, "attach: reading the heartbeat failed", e);
                lose("the heartbeat could not be read: " + e);
            }
            try {
                Thread.sleep(POLL.toMillis()); // the poll period, not synchronisation
            } catch (InterruptedException e) {
                break;
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * How old the heartbeat is, from the key's remaining time to live ({@code PTTL}): the contract's TTL minus
     * what is left, so no clock of the feeder's host is trusted. A key without expiry counts as fresh.
     */
    static long heartbeatAgeMillis(long pttl) {
        return pttl < 0 ? 0 : Math.max(0, HEARTBEAT_TTL_MILLIS - pttl);
    }

    private void poll(RedisCommands<String, String> r) {
        String json = r.get(keys.heartbeat());
        long ttl = r.pttl(keys.heartbeat());
        long now = System.nanoTime();
        if (json == null) {
            lose("no feeder heartbeat in group " + keys.group());
            return;
        }
        AttachedHeartbeat heartbeat;
        try {
            heartbeat = AttachedHeartbeat.parse(json);
        } catch (IllegalArgumentException e) {
            lose("the heartbeat of group " + keys.group() + " is unreadable: " + e.getMessage());
            return;
        }
        long ageMillis = heartbeatAgeMillis(ttl);
        long writtenNanos = now - Duration.ofMillis(ageMillis).toNanos();
        State before = state;
        HealthSnapshot health = before.heartbeat() != null && before.heartbeat().dataJson().equals(heartbeat.dataJson())
                ? before.health() : AttachedHealth.rebuild(heartbeat.data());
        if (ageMillis > LOST_AFTER.toMillis()) {
            lose(new State(heartbeat, health, writtenNanos, false, "no heartbeat from feeder " + heartbeat.id()
                    + " for " + ageMillis / 1000 + " s"));
            return;
        }
        if (now - nextStandbyLookNanos >= 0) {
            nextStandbyLookNanos = now + Duration.ofSeconds(1).toNanos();
            standbys = readStandbys(r);
        }
        State attached = new State(heartbeat, health, writtenNanos, true, "");
        state = attached;
        if (!before.attached() || before.heartbeat() == null || !before.heartbeat().id().equals(heartbeat.id())) {
            LOG.log(Level.INFO, "attached to feeder " + heartbeat.id() + " on " + heartbeat.host() + " (version "
                    + heartbeat.version() + ", group " + keys.group() + ")");
            onAttach.run();
        }
    }

    /** The standbys named by the group's index set, each from its own key (gone when that standby is). */
    private List<String> readStandbys(RedisCommands<String, String> r) {
        List<String> found = new java.util.ArrayList<>();
        for (String id : r.smembers(keys.standbys())) {
            String json = r.get(keys.standby(id));
            if (json != null) {
                found.add(LeadershipText.standby(json));
            }
        }
        java.util.Collections.sort(found);
        return List.copyOf(found);
    }

    /** Lost for {@code why}, keeping the last heartbeat known for its age. */
    private void lose(String why) {
        State before = state;
        lose(new State(before.heartbeat(), before.health(), before.heartbeatNanos(), false, why));
    }

    private void lose(State lost) {
        boolean wasAttached = state.attached();
        state = lost;
        if (wasAttached) {
            LOG.log(Level.WARNING, "feeder lost: " + lost.why() + " (last heartbeat "
                    + String.format(java.util.Locale.ROOT, "%.1f", lost.heartbeatAgeSeconds()) + " s ago)");
        }
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
        redis.close();
    }
}
