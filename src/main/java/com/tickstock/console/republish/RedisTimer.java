package com.tickstock.console.republish;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one timer wheel of every long-lived Lettuce client of the process (the republisher's, the plant feeder's,
 * the lease's). Lettuce gives each client resources a wheel of its own, which, once a command timeout has started
 * it, ticks ten times a second for the life of the process whether anything is scheduled or not: three clients
 * meant 30 wake-ups a second of an idle console. One shared wheel ticks as often as one did.
 *
 * <p>Lettuce does not stop a timer it was given when its resources shut down, so the wheel outlives every client:
 * its single daemon thread starts with the first timeout scheduled and ends with the JVM. Threads: any thread
 * schedules on it (the wheel is thread-safe); its timeouts run on its own thread, {@code redis-timer}.
 */
public final class RedisTimer {

    private static final Timer SHARED = new HashedWheelTimer(new DefaultThreadFactory("redis-timer", true));

    private RedisTimer() {
    }

    /** The shared wheel, for {@code ClientResources.builder().timer(...)}. */
    public static Timer shared() {
        return SHARED;
    }
}
