package com.tickstock.console.republish;

import io.netty.util.Timer;

/**
 * The one timer of every long-lived Lettuce client of the process (the republisher's, the plant feeder's, the
 * lease's). Lettuce gives each client resources a timer wheel of its own, which, once a command timeout has
 * started it, ticks ten times a second for the life of the process whether anything is scheduled or not: three
 * clients meant 30 wake-ups a second of an idle console, one shared wheel still 10. This timer
 * ({@link DueTimeTimer}) wakes only when a timeout is due: command timeouts cancelled by their replies wake it
 * about once per timeout period.
 *
 * <p>Lettuce does not stop a timer it was given when its resources shut down, so the timer outlives every client:
 * its single daemon thread starts with the first timeout scheduled and ends with the JVM. Threads: any thread
 * schedules on it (it is thread-safe); its timeouts run on its own thread, {@code redis-timer}.
 */
public final class RedisTimer {

    private static final Timer SHARED = new DueTimeTimer("redis-timer");

    private RedisTimer() {
    }

    /** The shared timer, for {@code ClientResources.builder().timer(...)}. */
    public static Timer shared() {
        return SHARED;
    }
}
