package com.tickstock.console.app;

import com.tickstock.console.supervision.PartFailure;
import com.tickstock.console.ui.ConsoleApp;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * A stop signal to the window's process ends it the way headless ends: the window closes as its close button does
 * (its settings saved), the runtime closes (close frames, the republisher flushed), the final counts are logged and
 * the process exits 0.
 *
 * <p>Threads: a daemon thread of its own waits for the signal and asks the FX thread to close the window; the
 * main thread, back from the window, logs the counts.
 */
final class WindowStop {

    private static final System.Logger LOG = System.getLogger(WindowStop.class.getName());

    private WindowStop() {
    }

    static void onSignal(ShutdownSignal signal) {
        Thread waiter = new Thread(() -> {
            try {
                String why = signal.await();
                LOG.log(Level.INFO, "window: " + why + " received, closing the window");
                ConsoleApp.requestExit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tickstock-window-stop");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** The headless console's final line, after the runtime closed. */
    static void logFinalCounts(ConsoleRuntime runtime) {
        List<PartFailure> dead = runtime.deadParts();
        LOG.log(dead.isEmpty() ? Level.INFO : Level.ERROR, HeadlessMode.finalCounts(runtime.manager().health())
                + runtime.republisher().map(r -> HeadlessMode.finalRedisCounts(r.status())).orElse("")
                + HeadlessMode.trust(dead));
    }
}
