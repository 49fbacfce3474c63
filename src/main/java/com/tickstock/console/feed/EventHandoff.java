package com.tickstock.console.feed;

import com.tickstock.console.supervision.PartFailures;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Delivers a connection's market data to its listeners, on the receiving thread when none of them may block, else
 * through a bounded, non-blocking hand-off to a dispatch thread of its own.
 *
 * <p>Why two ways: at a desk's rate (a frame of 20 ticks every few milliseconds) waking a dispatch thread per frame
 * costs more CPU than the frame's work; but a listener that may wait (a user callback, a test's latch) must never
 * hold up the socket, so while one is registered frames go through the queue, and when it is full they are dropped
 * and counted ({@link DropReason#CONSUMER_BEHIND}): memory stays bounded and nothing is lost silently. A listener
 * says which it is ({@link ConnectionListener#mayBlock}), once, when it is added.
 *
 * <p>Threads, by design:
 * <ul>
 *   <li><b>receiving thread</b> (a socket thread, holding the connection's {@link ReceiveState} monitor: one at a
 *       time, in the order frames were recorded) — the only caller of {@link #offer}; delivers inline when every
 *       listener is non-blocking <em>and</em> nothing is still queued for the dispatch thread, so frames reach the
 *       listeners in order and a listener is never called for one connection on two threads at once.</li>
 *   <li><b>dispatch thread</b> — delivers what was queued; started with the connection, parked (no wake-ups) while
 *       delivery is inline.</li>
 *   <li><b>any thread</b> — {@link #add}/{@link #remove} listeners (serialised on {@code this}; each publishes a new
 *       immutable {@link Listeners}, so a frame sees one consistent list with its mode), and reads the counters.</li>
 * </ul>
 */
final class EventHandoff implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventHandoff.class.getName());
    private static final EventBatch POISON = new EventBatch("", List.of(), 0);

    /** The listeners at one moment and whether frames may be delivered on the receiving thread to all of them. */
    private record Listeners(List<ConnectionListener> all, boolean inline) {
        static Listeners of(List<ConnectionListener> all) {
            boolean inline = true;
            for (ConnectionListener listener : all) {
                inline &= !listener.mayBlock();
            }
            return new Listeners(List.copyOf(all), inline);
        }
    }

    private final String connectionId;
    /** The part a consumer's fatal error is reported for, whichever thread delivered: the connection's delivery. */
    private final String part;
    private final ArrayBlockingQueue<EventBatch> queue;
    private volatile Listeners listeners = Listeners.of(List.of());
    /**
     * Frames handed to the dispatch thread and not yet delivered by it: incremented by the receiving thread before it
     * queues one, decremented by the dispatch thread after it delivered one (or by the receiving thread when the queue
     * refused it). Zero means the dispatch thread is done with everything it was given, so the receiving thread may
     * deliver the next frame itself without overtaking or overlapping it.
     */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);
    private final Thread dispatcher;
    /**
     * Delivery ended for good: a listener threw an {@link Error} (out of memory), which is reported as this
     * connection's dispatch part failing. Set by whichever thread delivered; read by the receiving thread.
     */
    private volatile boolean deliveryFailed;
    private volatile boolean closed;
    // Written by the receiving thread (inline) or the dispatch thread, never both at once: an inline delivery starts
    // only after the receiving thread read queued == 0, which the dispatch thread wrote after its last write here.
    private volatile long consumerErrors;
    private volatile long delivered;

    EventHandoff(String connectionId, int capacity) {
        this.connectionId = connectionId;
        this.part = connectionId + "-dispatch";
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dispatcher = PartFailures.process().newThread(part, "feed-" + connectionId + "-dispatch", this::dispatchLoop);
        this.dispatcher.start();
    }

    synchronized void add(ConnectionListener listener) {
        List<ConnectionListener> all = new ArrayList<>(listeners.all());
        all.add(listener);
        listeners = Listeners.of(all);
    }

    synchronized void remove(ConnectionListener listener) {
        List<ConnectionListener> all = new ArrayList<>(listeners.all());
        if (all.remove(listener)) {
            listeners = Listeners.of(all);
        }
    }

    /** The listeners now, for the control thread's state changes. */
    List<ConnectionListener> listeners() {
        return listeners.all();
    }

    /**
     * Receiving thread, under the connection's {@link ReceiveState} monitor. Delivers the frame now when every
     * listener is non-blocking, else queues it; never blocks on the queue. Returns false, counting the frame's events
     * as dropped, when the listeners are behind (queue full), delivery has failed, or the connection is closed.
     */
    boolean offer(EventBatch batch) {
        if (closed) {
            count(DropReason.SHUTDOWN, batch.events().size());
            return false;
        }
        if (deliveryFailed) {
            count(DropReason.CONSUMER_BEHIND, batch.events().size());
            return false;
        }
        Listeners now = listeners;
        if (now.inline() && queued.get() == 0) {
            deliverInline(now.all(), batch);
            return true;
        }
        queued.incrementAndGet(); // before the offer: the dispatch thread may take and finish it at once
        if (queue.offer(batch)) {
            return true;
        }
        queued.decrementAndGet();
        count(DropReason.CONSUMER_BEHIND, batch.events().size());
        return false;
    }

    /**
     * A fatal error thrown by a listener must not unwind into the socket layer (it would take the socket down, and
     * the connection would reconnect as if nothing were wrong): it is reported as the connection's dispatch part
     * failing, as it was when only the dispatch thread delivered and died of it, and delivery stops for good.
     */
    private void deliverInline(List<ConnectionListener> all, EventBatch batch) {
        try {
            deliver(all, batch);
        } catch (Error e) {
            deliveryFailed = true;
            count(DropReason.CONSUMER_BEHIND, batch.events().size());
            PartFailures.process().report(part, e);
        }
    }

    @SuppressWarnings("EnumOrdinal") // the counter array is indexed by reason, sized by values().length
    private void count(DropReason reason, long events) {
        dropped.getAndAdd(reason.ordinal(), events);
    }

    @SuppressWarnings("ReferenceEquality") // POISON is a sentinel instance: only that very object ends the loop
    private void dispatchLoop() {
        try {
            while (true) {
                EventBatch batch = queue.take();
                if (batch == POISON) {
                    return;
                }
                try {
                    deliver(listeners.all(), batch);
                } catch (Error e) {
                    deliveryFailed = true; // the thread dies of it and its factory reports it
                    throw e;
                }
                queued.decrementAndGet(); // after delivering: see queued
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer at a time, see the fields; readers need visibility only
    private void deliver(List<ConnectionListener> all, EventBatch batch) {
        for (int i = 0; i < all.size(); i++) {
            ConnectionListener listener = all.get(i);
            try {
                listener.onEvents(batch);
            } catch (RuntimeException e) {
                // A throwing consumer must not stop the others or the connection; count it and say so once in a while.
                long errors = ++consumerErrors;
                if (Long.bitCount(errors) == 1) {
                    LOG.log(Level.WARNING, "consumer " + listener.getClass().getName() + " of " + connectionId
                            + " threw (" + errors + " errors so far)", e);
                }
            }
        }
        delivered += batch.events().size();
    }

    int depth() {
        return queue.size();
    }

    long consumerErrors() {
        return consumerErrors;
    }

    /** Events handed to every listener so far. */
    long delivered() {
        return delivered;
    }

    @SuppressWarnings("EnumOrdinal") // the counter array is indexed by reason, sized by values().length
    Map<DropReason, Long> dropped() {
        Map<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            long n = dropped.get(reason.ordinal());
            if (n != 0) {
                copy.put(reason, n);
            }
        }
        return copy;
    }

    /**
     * Lets the dispatcher deliver what is queued (bounded by {@code timeoutMillis}), then stops it. Whatever is still
     * queued after that, or offered from now on, is counted as dropped on shutdown.
     */
    @SuppressWarnings("ReferenceEquality") // POISON is a sentinel instance, not a value
    void close(long timeoutMillis) {
        closed = true;
        boolean queuedPoison = queue.offer(POISON);
        try {
            if (queuedPoison) {
                dispatcher.join(timeoutMillis);
            }
            if (dispatcher.isAlive()) {
                dispatcher.interrupt();
                dispatcher.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EventBatch left;
        while ((left = queue.poll()) != null) {
            if (left != POISON) {
                count(DropReason.SHUTDOWN, left.events().size());
            }
        }
    }

    @Override
    public void close() {
        close(TimeUnit.SECONDS.toMillis(5));
    }
}
