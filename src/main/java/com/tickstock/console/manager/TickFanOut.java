package com.tickstock.console.manager;

import com.tickstock.console.feed.EventBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands every connection's market data to each registered consumer as its
 * {@link TickConsumer.Delivery} says (see {@link ConsumerSlot}).
 *
 * <p>Threads: {@link #accept} runs on the connections' delivering threads (socket threads, see
 * {@link com.tickstock.console.feed.ConnectionListener#mayBlock}), several at once; consumers
 * are added and removed from any thread (a copy-on-write list: they change rarely, ticks never stop).
 */
final class TickFanOut {

    private static final int CONSUMER_QUEUE_FRAMES = 16_384;

    private final List<ConsumerSlot> consumers = new CopyOnWriteArrayList<>();

    Registration add(String name, TickConsumer consumer, TickConsumer.Delivery delivery) {
        ConsumerSlot slot = new ConsumerSlot(name, consumer, delivery, CONSUMER_QUEUE_FRAMES);
        consumers.add(slot);
        return Registration.once(() -> {
            consumers.remove(slot);
            slot.close();
        });
    }

    void accept(EventBatch batch) {
        for (ConsumerSlot slot : consumers) {
            slot.accept(batch);
        }
    }

    List<ConsumerStats> stats() {
        List<ConsumerStats> stats = new ArrayList<>();
        for (ConsumerSlot slot : consumers) {
            stats.add(slot.stats());
        }
        return stats;
    }

    /** Lets queued consumers finish what they hold (each within its own bound); they stay listed for the figures. */
    void close() {
        for (ConsumerSlot slot : consumers) {
            slot.close();
        }
    }
}
