package com.tickstock.console.republish;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a republisher connector may try to connect again: at once at first, then after the shared back-off
 * ({@link RedisConnector#BACKOFF}) for each failed attempt in a row; a success starts over. One schedule for the
 * standalone and the cluster connector. Threads: the publisher thread only.
 */
final class ConnectAttempts {

    private long nextAttemptNanos;
    private int failedInARow;

    /**
     * The connection a finished attempt made, or null when it failed or the thread was interrupted. The outcome is
     * recorded: a success clears {@code problem} and the back-off, a failure is named in {@code problem} (the cause,
     * not the future's wrapper) and makes the next attempt wait.
     */
    <C> C settle(Future<C> attempt, ConnectionProblem problem, long nowNanos) {
        try {
            C connected = attempt.get();
            problem.connected();
            succeeded();
            return connected;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | RuntimeException e) {
            problem.record(e instanceof ExecutionException ? e.getCause() : e);
            failed(nowNanos);
            return null;
        }
    }

    /** An attempt connected: the next outage starts with no back-off. */
    void succeeded() {
        failedInARow = 0;
    }

    /** An attempt failed at {@code nowNanos}: the next waits one back-off step longer. */
    void failed(long nowNanos) {
        failedInARow++;
        nextAttemptNanos = nowNanos + RedisConnector.BACKOFF.delay(failedInARow, ThreadLocalRandom.current()).toNanos();
    }

    /** Whether another attempt may start at {@code nowNanos}. */
    boolean due(long nowNanos) {
        return nowNanos - nextAttemptNanos >= 0;
    }

    /** Nanoseconds until another attempt may start (0 when it may now). */
    long nanosToNext(long nowNanos) {
        return Math.max(0, nextAttemptNanos - nowNanos);
    }
}
