package com.tickstock.console.republish;

import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TickRingTest {

    @Test
    void holdsExactlyItsCapacityEvenWhenThatIsNotAPowerOfTwo() {
        TickRing ring = new TickRing(1_000);
        int accepted = 0;
        for (int i = 0; i < 1_500; i++) {
            if (ring.offer(Ticks.numbered(i), "c", i)) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(1_000);
        assertThat(ring.size()).isEqualTo(1_000);
        assertThat(ring.offered()).isEqualTo(1_000);

        List<Long> drained = new ArrayList<>();
        assertThat(ring.drain((event, id, nanos) -> drained.add(nanos), 10)).isEqualTo(10);
        assertThat(drained).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        for (int i = 0; i < 10; i++) {
            assertThat(ring.offer(Ticks.numbered(i), "c", i)).as("room freed by the drain").isTrue();
        }
        assertThat(ring.size()).isEqualTo(1_000);
        assertThat(ring.offer(Ticks.numbered(9_999), "c", 9_999)).isFalse();
    }

    @Test
    void withSlackTheExcessIsTakenThenEvictedOldestFirst() {
        TickRing ring = new TickRing(1_000, true);
        assertThat(ring.offerTracked(Ticks.numbered(0), "c", 0)).isEqualTo(TickRing.TAKEN);
        for (int i = 1; i < 1_000; i++) {
            assertThat(ring.offerTracked(Ticks.numbered(i), "c", i)).isEqualTo(TickRing.TAKEN);
        }
        for (int i = 1_000; i < 1_500; i++) {
            assertThat(ring.offerTracked(Ticks.numbered(i), "c", i)).isEqualTo(TickRing.TAKEN_OVER_CAPACITY);
        }
        assertThat(ring.excess()).isEqualTo(500);
        assertThat(ring.retained()).isEqualTo(1_000);

        assertThat(ring.evictExcess()).isEqualTo(500);
        assertThat(ring.excess()).isZero();
        List<Long> drained = new ArrayList<>();
        ring.drain((event, id, nanos) -> drained.add(nanos), Integer.MAX_VALUE);
        assertThat(drained).hasSize(1_000).startsWith(500L).endsWith(1_499L);
    }

    @Test
    void withSlackOnlyAFullArrayRefusesTheNewest() {
        TickRing ring = new TickRing(1_000, true);
        int taken = 0;
        for (int i = 0; i < 10_000; i++) {
            if (ring.offer(Ticks.numbered(i), "c", i)) {
                taken++;
            }
        }
        assertThat(taken).isGreaterThanOrEqualTo(1_000 + TickRing.MIN_SLACK);
        assertThat(ring.retained()).isEqualTo(1_000);
        assertThat(ring.excess()).isEqualTo(taken - 1_000);
    }

    @Test
    void drainHandsOverTheEventTheConnectionAndTheOfferTimeAndReleasesTheSlot() {
        TickRing ring = new TickRing(2);
        Trade trade = Ticks.numbered(1);
        ring.offer(trade, "connection_7", 123L);
        List<Object> seen = new ArrayList<>();
        ring.drain((event, id, nanos) -> {
            seen.add(event);
            seen.add(id);
            seen.add(nanos);
        }, 5);
        assertThat(seen).containsExactly(trade, "connection_7", 123L);
        assertThat(ring.hasReadable()).isFalse();
        assertThat(ring.drain((e, i, n) -> { }, 5)).isZero();
    }

    @Test
    void concurrentProducersLoseNothingDuplicateNothingAndKeepTheirOwnOrder() throws Exception {
        int producers = 4;
        int perProducer = 200_000;
        TickRing ring = new TickRing(1_024); // small, so producers keep hitting "full" and wrapping around
        FeedEvent[] events = new FeedEvent[producers];
        for (int p = 0; p < producers; p++) {
            events[p] = Ticks.numbered(p);
        }
        AtomicLong rejected = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    // The sequence rides in the nanos slot: producer in the high bits, index in the low.
                    while (!ring.offer(events[producer], "c" + producer, ((long) producer << 32) | i)) {
                        rejected.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        long[] next = new long[producers];
        long[] total = {0};
        go.countDown();
        long expected = (long) producers * perProducer;
        while (total[0] < expected) {
            ring.drain((event, id, nanos) -> {
                int producer = (int) (nanos >>> 32);
                long index = nanos & 0xffffffffL;
                assertThat(event).isSameAs(events[producer]);
                assertThat(id).isEqualTo("c" + producer);
                assertThat(index).isEqualTo(next[producer]);
                next[producer]++;
                total[0]++;
            }, 256);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(next).containsOnly(perProducer);
        assertThat(ring.offered()).isEqualTo(expected);
        assertThat(ring.size()).isZero();
    }
}
