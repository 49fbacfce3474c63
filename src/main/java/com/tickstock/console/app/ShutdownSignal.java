package com.tickstock.console.app;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Turns SIGTERM, SIGHUP and SIGINT into a request the main thread acts on, so a stop is an ordinary
 * return from {@code main}: the shutdown runs on the main thread with logging still working, and
 * the process exits 0 rather than the 143/129/130 the JVM reports after a signal it handled itself.
 * SIGHUP (the terminal went away, or a service manager's reload) stops like SIGTERM: a feeder has no
 * configuration to reload in place. Under {@code nohup} the JVM leaves an ignored SIGHUP ignored.
 *
 * <p>A shutdown hook covers the other ways out ({@code -Xrs}, a {@code System.exit}
 * elsewhere): it asks for the stop too and waits, bounded, for the main thread to finish it.
 *
 * <p>Threads: the JVM's signal thread and the hook thread count {@link #requested} down; the main
 * thread awaits it and counts {@link #finished} down when the shutdown is complete.
 */
final class ShutdownSignal {

    private static final System.Logger LOG = System.getLogger(ShutdownSignal.class.getName());
    private static final Duration HOOK_WAIT = Duration.ofSeconds(15);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String reason = "";

    private ShutdownSignal() {
    }

    static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        for (String name : List.of("TERM", "HUP", "INT")) {
            try {
                Signal.handle(new Signal(name), s -> signal.request("SIG" + s.getName()));
            } catch (IllegalArgumentException e) {
                // The JVM runs with -Xrs or the signal is taken: the hook below still stops us, exit code 143.
                LOG.log(Level.WARNING, "cannot handle SIG" + name + " (" + e.getMessage() + "); relying on the shutdown hook");
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signal.request("JVM shutdown");
            try {
                signal.finished.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tickstock-shutdown-hook"));
        return signal;
    }

    private void request(String why) {
        if (requested.getCount() > 0) {
            reason = why;
            requested.countDown();
        }
    }

    /** Blocks the calling (main) thread until a stop is requested; returns what requested it. */
    String await() throws InterruptedException {
        requested.await();
        return reason;
    }

    /** Called by the main thread once everything is closed, releasing a waiting shutdown hook. */
    void finished() {
        finished.countDown();
    }
}
