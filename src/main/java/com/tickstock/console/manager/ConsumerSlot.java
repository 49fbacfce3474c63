package com.tickstock.console.manager;

import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.supervision.PartFailures;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One registered consumer with its own accounting; for {@link TickConsumer.Delivery#QUEUED} also its
 * own bounded queue and thread.
 *
 * <p>Threads: {@link #accept} runs on the connections' delivering threads (several at once), so
 * counters are atomics; the queue is a concurrent bounded queue drained by this slot's thread.
 */
final class ConsumerSlot implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsumerSlot.class.getName());
    private static final EventBatch POISON = new EventBatch("", List.of(), 0);

    private final String name;
    private final TickConsumer consumer;
    private final TickConsumer.Delivery delivery;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final ArrayBlockingQueue<EventBatch> queue;
    private final Thread worker;

    ConsumerSlot(String name, TickConsumer consumer, TickConsumer.Delivery delivery, int queueCapacity) {
        this.name = name;
        this.consumer = consumer;
        this.delivery = delivery;
        if (delivery == TickConsumer.Delivery.QUEUED) {
            queue = new ArrayBlockingQueue<>(queueCapacity);
            worker = PartFailures.process().newThread("consumer-" + name, "consumer-" + name, this::drain);
            worker.start();
        } else {
            queue = null;
            worker = null;
        }
    }

    String name() {
        return name;
    }

    void accept(EventBatch batch) {
        if (queue == null) {
            call(batch);
        } else if (!queue.offer(batch)) {
            dropped.addAndGet(batch.events().size());
        }
    }

    @SuppressWarnings("ReferenceEquality") // POISON is a sentinel instance: only that very object ends the loop
    private void drain() {
        try {
            while (true) {
                EventBatch batch = queue.take();
                if (batch == POISON) {
                    return;
                }
                call(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void call(EventBatch batch) {
        try {
            consumer.onTicks(batch);
            delivered.addAndGet(batch.events().size());
        } catch (RuntimeException e) {
            long n = errors.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th... : visible without flooding the log
                LOG.log(Level.WARNING, "consumer '" + name + "' threw (" + n + " errors so far)", e);
            }
        }
    }

    ConsumerStats stats() {
        return new ConsumerStats(name, delivery, delivered.get(), errors.get(), dropped.get(),
                queue == null ? 0 : queue.size());
    }

    @Override
    public void close() {
        if (worker == null) {
            return;
        }
        try {
            // Let it finish what is queued, but never hang shutdown on a consumer that blocks.
            if (queue.offer(POISON, 1, TimeUnit.SECONDS)) {
                worker.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
        }
    }
}
