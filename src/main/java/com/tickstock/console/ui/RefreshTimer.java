package com.tickstock.console.ui;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the window's refresh on the FX thread at the operator's rate, without an animation. A
 * running JavaFX {@code Timeline} asks for every pulse (60 a second), so the scene was synchronised
 * and checked for repaint 60 times a second even when nothing had changed. Here a timer thread hands
 * the FX thread one refresh per period; the scene is laid out and repainted only when a refresh
 * changed something on it, so an idle window requests no pulse at all.
 *
 * <p>Threads: {@link #start}/{@link #close} on the FX thread; the timer thread only offers; {@code
 * waiting} is their hand-off: set by the timer when it queues a refresh, cleared by the FX thread as
 * the refresh begins, so a busy FX thread gets at most one refresh queued, never a backlog.
 */
final class RefreshTimer implements AutoCloseable {

    /** Displayed values change at most this often unless the operator chooses otherwise. */
    static final double DEFAULT_HZ = 4;
    /** The rates offered to the operator (Actions menu). */
    static final double[] RATES = {1, 2, 4, 10};

    private final Runnable refresh;
    private final Executor fx;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ui-refresh-timer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean waiting = new AtomicBoolean();
    private ScheduledFuture<?> task;
    private double hz;
    /** FX thread only: a refresh queued before {@link #close} must not run after it. */
    private boolean closed;

    RefreshTimer(Runnable refresh, Executor fx) {
        this.refresh = refresh;
        this.fx = fx;
    }

    /** Starts, or changes the rate of, the refresh. FX thread. */
    void start(double refreshesPerSecond) {
        if (!(refreshesPerSecond > 0) || refreshesPerSecond > 60) {
            throw new IllegalArgumentException("refresh rate must be above 0 and at most 60 per second, was "
                    + refreshesPerSecond);
        }
        if (task != null) {
            task.cancel(false);
        }
        hz = refreshesPerSecond;
        long period = Math.round(1e9 / refreshesPerSecond);
        task = timer.scheduleAtFixedRate(this::offer, period, period, TimeUnit.NANOSECONDS);
    }

    double hz() {
        return hz;
    }

    private void offer() {
        if (waiting.compareAndSet(false, true)) {
            fx.execute(() -> {
                waiting.set(false);
                if (!closed) {
                    refresh.run();
                }
            });
        }
    }

    @Override
    public void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
        timer.shutdownNow();
    }
}
