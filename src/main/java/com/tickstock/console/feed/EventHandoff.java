package com.tickstock.console.feed;

import com.tickstock.console.supervision.PartFailures;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bounded, non-blocking hand-off between a connection's socket thread and its consumers.
 * The socket thread only ever {@link #offer}s; a dedicated dispatch thread delivers to the
 * listeners. When consumers fall behind and the queue is full the frame is dropped and its events
 * are counted by reason — memory stays bounded and nothing is lost silently.
 *
 * <p>Threads: {@link #offer} from the socket thread; listeners run on the dispatch thread; the
 * listener list is copy-on-write so any thread may add or remove listeners; counters are atomics.
 */
final class EventHandoff implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventHandoff.class.getName());
    private static final EventBatch POISON = new EventBatch("", List.of(), 0);

    private final String connectionId;
    private final ArrayBlockingQueue<EventBatch> queue;
    private final List<ConnectionListener> listeners;
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);
    private final Thread dispatcher;
    private volatile long consumerErrors;
    private volatile long delivered;

    EventHandoff(String connectionId, int capacity, List<ConnectionListener> listeners) {
        this.connectionId = connectionId;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.listeners = listeners instanceof CopyOnWriteArrayList ? listeners : new CopyOnWriteArrayList<>(listeners);
        this.dispatcher = PartFailures.process().newThread(connectionId + "-dispatch", "feed-" + connectionId + "-dispatch", this::dispatchLoop);
        this.dispatcher.start();
    }

    /** Never blocks. Returns false, counting the frame's events as dropped, when the consumers are behind. */
    boolean offer(EventBatch batch) {
        if (queue.offer(batch)) {
            return true;
        }
        count(DropReason.CONSUMER_BEHIND, batch.events().size());
        return false;
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
                deliver(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // the dispatch thread is the only writer; readers need visibility only
    private void deliver(EventBatch batch) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.onEvents(batch);
            } catch (RuntimeException e) {
                // A throwing consumer must not stop the others or the connection; count it and say so once in a while.
                long errors = ++consumerErrors; // dispatch thread is the only writer
                if (Long.bitCount(errors) == 1) {
                    LOG.log(Level.WARNING, "consumer " + listener.getClass().getName() + " of " + connectionId
                            + " threw (" + errors + " errors so far)", e);
                }
            }
        }
        delivered += batch.events().size(); // dispatch thread is the only writer
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
     * Lets the dispatcher deliver what is queued (bounded by {@code timeoutMillis}), then stops it.
     * Whatever is still queued after that is counted as dropped on shutdown.
     */
    @SuppressWarnings("ReferenceEquality") // POISON is a sentinel instance, not a value
    void close(long timeoutMillis) {
        boolean queued = queue.offer(POISON);
        try {
            if (queued) {
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
