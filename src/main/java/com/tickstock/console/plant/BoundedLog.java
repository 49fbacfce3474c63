package com.tickstock.console.plant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Event-log lines waiting for Redis. Bounded: when full (Redis down for long) the oldest line gives way to the
 * newest and is counted as dropped; a batch Redis did not take is put back in front, in order.
 *
 * <p>Threads: offered on connections' control threads, the supervision listener and the command thread; taken
 * and returned by the publisher thread. Every access holds this object's lock, for a few pointer moves only; the
 * publisher waits on its monitor for the next line ({@link #awaitEntry}).
 */
final class BoundedLog {

    private final int capacity;
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private long dropped;
    private boolean stopWaiting;

    BoundedLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void offer(LogEntry entry) {
        if (entries.size() >= capacity) {
            entries.pollFirst();
            dropped++;
        }
        entries.addLast(entry);
        notifyAll(); // the publisher may be waiting for a line (awaitEntry)
    }

    /**
     * Waits until a line is waiting or {@code nanos} passed, or {@link #stopWaiting} was called; returns at once when
     * a line already waits. The publisher's idle wait: a line is published as soon as it is offered, and a quiet
     * feeder wakes only when a heartbeat or last values are due, not every few milliseconds to look.
     */
    synchronized void awaitEntry(long nanos) throws InterruptedException {
        if (entries.isEmpty() && !stopWaiting && nanos > 0) {
            // One wait: a spurious wake-up only makes the publisher look a little early.
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        }
    }

    /** Ends the current {@link #awaitEntry} and makes every later one return at once (the feeder is closing). */
    synchronized void stopWaiting() {
        stopWaiting = true;
        notifyAll();
    }

    synchronized List<LogEntry> take(int max) {
        List<LogEntry> batch = new ArrayList<>(Math.min(max, entries.size()));
        while (batch.size() < max && !entries.isEmpty()) {
            batch.add(entries.pollFirst());
        }
        return batch;
    }

    /** Puts back the unsent tail of a batch, in front of anything offered since, within the bound. */
    synchronized void putBack(List<LogEntry> unsent) {
        for (int i = unsent.size() - 1; i >= 0; i--) {
            if (entries.size() >= capacity) {
                dropped++; // the oldest of all: the rest of the unsent batch is older still
                continue;
            }
            entries.addFirst(unsent.get(i));
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long dropped() {
        return dropped;
    }
}
