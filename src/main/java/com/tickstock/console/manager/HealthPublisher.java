package com.tickstock.console.manager;

import com.tickstock.console.supervision.PartFailures;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds {@link HealthSnapshot}s of the feed side plus the sections added from outside (e.g. the
 * republisher's {@code redis}), keeps the newest for readers, and hands each one to the listeners.
 *
 * <p>Snapshots are built every {@link #PERIOD} only while a listener wants each one (the window, the self-test);
 * otherwise {@link #latest()} builds one on demand when the newest is older than {@link #PERIOD}, so a headless
 * console whose health is read once a second (the plant heartbeat, a status request) builds it once a second
 * instead of waking a thread four times a second for snapshots nobody reads. Either way a reader never gets a
 * snapshot older than about {@link #PERIOD}.
 *
 * <p>Threads: with listeners, snapshots are built and listeners called on the {@code manager-health} thread;
 * {@link #buildNow()} and an on-demand {@link #latest()} build on the caller's thread (so a section's supplier
 * may be called on any thread). Sections and listeners are copy-on-write lists, added and removed from any
 * thread; {@link #latest} and its build time are volatile; the schedule is guarded by {@code this}.
 */
final class HealthPublisher {

    private static final System.Logger LOG = System.getLogger(HealthPublisher.class.getName());
    static final Duration PERIOD = Duration.ofMillis(250);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);

    /** One added section; a class of its own so that removal is by identity, even for a key added twice. */
    private static final class Section {
        final String key;
        final Supplier<Map<String, Object>> supplier;

        Section(String key, Supplier<Map<String, Object>> supplier) {
            this.key = key;
            this.supplier = supplier;
        }
    }

    /** One added listener, wrapped so that removal is by identity and a removed one is called no more. */
    private static final class Listener {
        final Consumer<HealthSnapshot> consumer;
        /** Written by whoever closes the registration, read on the manager-health thread. */
        volatile boolean removed;
        /** Times it threw; manager-health thread only. */
        long errors;

        Listener(Consumer<HealthSnapshot> consumer) {
            this.consumer = consumer;
        }
    }

    private final Supplier<Map<String, ConnectionHealth>> connections;
    private final Supplier<List<ConsumerStats>> consumers;
    private final List<Section> sections = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService healthThread;
    private volatile HealthSnapshot latest;
    /** When {@link #latest} was built ({@link System#nanoTime}). */
    private volatile long latestBuiltNanos;
    /** Set by {@link #start()}; the periodic publication runs while this is set and a listener is registered. */
    private boolean started;
    /** Set by {@link #stop()}: from then on {@link #latest} changes only by {@link #refresh()}. */
    private volatile boolean stopped;
    /** The periodic publication, once a listener needed it; guarded by {@code this}. */
    private ScheduledFuture<?> schedule;

    /**
     * @param connections each connection's health in configuration order, built on demand
     * @param consumers   each registered consumer's figures, built on demand
     */
    HealthPublisher(Supplier<Map<String, ConnectionHealth>> connections, Supplier<List<ConsumerStats>> consumers) {
        this.connections = connections;
        this.consumers = consumers;
        this.latest = buildNow();
        this.latestBuiltNanos = System.nanoTime();
        this.healthThread = PartFailures.process().scheduledExecutor("manager-health", "manager-health");
    }

    /** Starts publishing every {@link #PERIOD} to the listeners, as soon as there is one. */
    synchronized void start() {
        started = true;
        scheduleIfListened();
    }

    /** Any thread, holding {@code this}: starts the periodic publication when it is wanted and not yet running. */
    private void scheduleIfListened() {
        if (started && !stopped && schedule == null && !listeners.isEmpty()) {
            // A publish that throws is reported by the PartFailures executor (it reads the failed future), and
            // stopping shuts the executor down, which ends the schedule.
            schedule = healthThread.scheduleAtFixedRate(this::publish, PERIOD.toMillis(), PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The newest snapshot, at most about {@link #PERIOD} old: the published one, or, when none was published that
     * recently (no listener asks for them), one built now on the caller's thread.
     */
    HealthSnapshot latest() {
        if (stopped || System.nanoTime() - latestBuiltNanos < PERIOD.toNanos()) {
            return latest;
        }
        // Built without holding the lock: a section's supplier may take locks of its own. Two readers arriving
        // together may each build one; either is fresh.
        HealthSnapshot built = buildNow();
        synchronized (this) {
            // Once stopped, only refresh() writes: a build that raced with the close must not replace its snapshot.
            if (!stopped) {
                latest = built;
                latestBuiltNanos = System.nanoTime();
            }
        }
        return built;
    }

    /** A snapshot built now, on the caller's thread. */
    HealthSnapshot buildNow() {
        Map<String, Map<String, Object>> built = new LinkedHashMap<>();
        for (Section section : sections) {
            try {
                built.put(section.key, section.supplier.get());
            } catch (RuntimeException e) {
                // Built four times a second: say it in the snapshot rather than flooding the log.
                built.put(section.key, Collections.singletonMap("error", e.toString()));
            }
        }
        return new HealthSnapshot(connections.get(), consumers.get(), Instant.now(), built);
    }

    Registration addSection(String key, Supplier<Map<String, Object>> supplier) {
        Section section = new Section(key, supplier);
        sections.add(section);
        return Registration.once(() -> sections.remove(section));
    }

    Registration addListener(Consumer<HealthSnapshot> consumer) {
        Listener listener = new Listener(consumer);
        listeners.add(listener);
        synchronized (this) {
            scheduleIfListened();
        }
        return Registration.once(() -> {
            listener.removed = true;
            listeners.remove(listener);
        });
    }

    private void publish() {
        HealthSnapshot snapshot;
        try {
            snapshot = buildNow();
        } catch (RuntimeException e) {
            // A periodic task that throws is cancelled for good: log, and keep publishing.
            LOG.log(Level.ERROR, "health snapshot could not be built", e);
            return;
        }
        latest = snapshot;
        latestBuiltNanos = System.nanoTime();
        for (Listener listener : listeners) {
            // A publication that copied the list before a removal must not call the removed one.
            if (!listener.removed) {
                call(listener, snapshot);
            }
        }
    }

    /** One listener that throws must not keep the snapshot from the others (nor stop the publishing). */
    private static void call(Listener listener, HealthSnapshot snapshot) {
        try {
            listener.consumer.accept(snapshot);
        } catch (RuntimeException e) {
            long n = ++listener.errors;
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th...: visible without flooding the log
                LOG.log(Level.WARNING, "a health listener threw (" + n + " times so far)", e);
            }
        }
    }

    /** Stops publishing; waits briefly for a publication under way so it cannot overwrite a later {@link #refresh()}. */
    void stop() {
        stopped = true;
        healthThread.shutdownNow();
        try {
            healthThread.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Replaces the newest snapshot with one built now (after the connections closed, say), telling no listener. */
    void refresh() {
        HealthSnapshot built = buildNow();
        synchronized (this) {
            latest = built;
            latestBuiltNanos = System.nanoTime();
        }
    }
}
