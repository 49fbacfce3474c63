package com.tickstock.console.ui;

import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs operator actions (connect, subscribe, move ...) off the FX thread — the manager's calls
 * block while a socket opens — and reports each one in the event log when it ends. A failure is
 * logged once here, where it is handled, in words; no stack trace reaches the operator.
 *
 * <p>Threads: {@link #run} is called on the FX thread; the action runs on {@code background};
 * the outcome is applied through {@code fx} (Platform::runLater in the window, direct in tests).
 */
final class ActionRunner {

    private static final System.Logger LOG = System.getLogger(ActionRunner.class.getName());

    private final Executor background;
    private final Executor fx;
    private final EventLogViewModel log;

    ActionRunner(Executor background, Executor fx, EventLogViewModel log) {
        this.background = background;
        this.fx = fx;
        this.log = log;
    }

    /**
     * Runs {@code action}; logs "what" when it starts and "what: outcome" when it ends.
     *
     * @param connection the connection the action is about, or ""
     * @param describe   turns the result into the outcome words
     * @param onDone     called on the FX thread with the result (not on failure)
     * @param onFailed   called on the FX thread with the reason in words when the action failed
     */
    <T> void run(String connection, String what, Callable<T> action, Function<T, String> describe, Consumer<T> onDone,
                 Consumer<String> onFailed) {
        log.add(connection, LogEntry.Kind.ACTION, what);
        background.execute(() -> {
            T result;
            try {
                result = action.call();
            } catch (Exception | Error e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!(e instanceof IllegalArgumentException)) {
                    LOG.log(Level.WARNING, what + " failed", e);
                }
                fx.execute(() -> {
                    log.add(connection, LogEntry.Kind.ERROR, what + " failed: " + message);
                    onFailed.accept(message);
                });
                return;
            }
            fx.execute(() -> {
                String outcome = describe.apply(result);
                log.add(connection, LogEntry.Kind.ACTION, what + ": " + outcome);
                onDone.accept(result);
            });
        });
    }

    void run(String connection, String what, Runnable action) {
        run(connection, what, () -> {
            action.run();
            return null;
        }, r -> "done", r -> { }, why -> { });
    }
}
