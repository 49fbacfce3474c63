package com.tickstock.console.republish;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Netty {@link Timer} whose thread wakes only when a timeout is due. Netty's {@code HashedWheelTimer}, once
 * started, ticks ten times a second for the life of the process whether anything is scheduled or not; Lettuce
 * schedules a command timeout for every command and cancels it when the reply comes, so on a quiet console the
 * wheel's ten wake-ups a second found nothing to do. Here a cancelled timeout leaves the queue at once and a new
 * one wakes the thread only when it is due before the time the thread already means to wake: a command timeout
 * of seconds, answered in a millisecond, wakes it about once per timeout period instead of ten times a second.
 *
 * <p>Threads: any thread schedules and cancels (under {@link #lock}); the tasks run one at a time on the timer's
 * own daemon thread, started with the first timeout. Scheduling and cancelling cost O(log n) in the pending
 * timeouts, about what the Lettuce clients' commands in flight add up to.
 */
final class DueTimeTimer implements Timer {

    private static final System.Logger LOG = System.getLogger(DueTimeTimer.class.getName());

    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a timeout is due before {@link #plannedWakeNanos}, or on stop. */
    private final Condition earlierDue = lock.newCondition();
    /** The pending timeouts, earliest first; guarded by {@link #lock}. */
    private final TreeSet<Entry> pending = new TreeSet<>();
    /** {@link #plannedWakeNanos} while nothing is pending (a nanoTime may be any long: compare, never subtract). */
    private static final long NO_WAKE_PLANNED = Long.MAX_VALUE;
    /** About 73 years: longer delays are taken as this one. */
    private static final long LONGEST_DELAY_NANOS = Long.MAX_VALUE / 4;
    /** When the timer thread will look next ({@link System#nanoTime}); guarded by {@link #lock}. */
    private long plannedWakeNanos = NO_WAKE_PLANNED;
    /** Orders timeouts due at the same nanosecond; guarded by {@link #lock}. */
    private long sequence;
    /** Guarded by {@link #lock}. */
    private Thread thread;
    /** Guarded by {@link #lock}. */
    private boolean stopped;

    DueTimeTimer(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        // Capped so that due times stay comparable by difference (a "never" of Long.MAX_VALUE would wrap round).
        long due = System.nanoTime() + Math.min(Math.max(0, unit.toNanos(delay)), LONGEST_DELAY_NANOS);
        lock.lock();
        try {
            if (stopped) {
                throw new IllegalStateException("the timer " + threadName + " was stopped");
            }
            Entry entry = new Entry(task, due, sequence++);
            pending.add(entry);
            if (thread == null) {
                thread = new Thread(this::run, threadName);
                thread.setDaemon(true);
                thread.start();
            } else if (plannedWakeNanos == NO_WAKE_PLANNED || due - plannedWakeNanos < 0) {
                earlierDue.signal();
            }
            return entry;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<Timeout> stop() {
        lock.lock();
        try {
            stopped = true;
            earlierDue.signal();
            Set<Timeout> unprocessed = new HashSet<>(pending);
            pending.clear();
            return unprocessed;
        } finally {
            lock.unlock();
        }
    }

    /** The timer thread: sleeps until the earliest timeout is due (or one due earlier arrives), then runs it. */
    private void run() {
        while (true) {
            Entry due;
            lock.lock();
            try {
                due = null;
                while (due == null) {
                    if (stopped) {
                        return;
                    }
                    long now = System.nanoTime();
                    Entry first = pending.isEmpty() ? null : pending.first();
                    if (first != null && first.dueNanos - now <= 0) {
                        pending.pollFirst();
                        due = first;
                    } else {
                        plannedWakeNanos = first == null ? NO_WAKE_PLANNED : first.dueNanos;
                        try {
                            if (first == null) {
                                earlierDue.await();
                            } else {
                                earlierDue.awaitNanos(first.dueNanos - now);
                            }
                        } catch (InterruptedException e) {
                            // Nothing interrupts this private thread but the JVM going down: stop timing.
                            return;
                        }
                    }
                }
                plannedWakeNanos = System.nanoTime(); // busy: a timeout scheduled meanwhile needs no signal
            } finally {
                lock.unlock();
            }
            due.expire();
        }
    }

    private final class Entry implements Timeout, Comparable<Entry> {
        private static final int PENDING = 0;
        private static final int CANCELLED = 1;
        private static final int EXPIRED = 2;

        private final TimerTask task;
        private final long dueNanos;
        private final long order;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        Entry(TimerTask task, long dueNanos, long order) {
            this.task = task;
            this.dueNanos = dueNanos;
            this.order = order;
        }

        /** On the timer thread, after leaving the queue. */
        void expire() {
            if (!state.compareAndSet(PENDING, EXPIRED)) {
                return;
            }
            try {
                task.run(this);
            } catch (Throwable t) { // a task that throws must not end the timer for every other client
                LOG.log(Level.WARNING, "a timer task threw", t);
            }
        }

        @Override
        public Timer timer() {
            return DueTimeTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return state.get() == EXPIRED;
        }

        @Override
        public boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        /** Any thread: leaves the queue now (the thread is not woken; it finds the next one when it looks). */
        @Override
        public boolean cancel() {
            if (!state.compareAndSet(PENDING, CANCELLED)) {
                return false;
            }
            lock.lock();
            try {
                pending.remove(this);
            } finally {
                lock.unlock();
            }
            return true;
        }

        @Override
        public int compareTo(Entry other) {
            int byDue = Long.compare(dueNanos - other.dueNanos, 0);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
