package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One dispatch thread writes a ticker as fast as it can while readers take snapshots: every
 * snapshot must be one the writer left between two events, never a mix of two.
 */
class TickerStateConsistencyTest {

    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);
    private static final int READERS = 2;

    /**
     * Event k (from 1) is trade k (price k, size 1, sequence k, one history point per event)
     * followed by quote k (bid k, ask k + 0.5). So after any whole event: ticks is 2k-1 or 2k,
     * price = volume = ceil(ticks / 2), bid trails the price by one until its quote, bid < ask,
     * and the history is a run of consecutive prices.
     */
    @Test
    void readersNeverSeeHalfAnEvent() throws Exception {
        TickerState state = new TickerState("T");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(READERS + 1);

        Thread writer = new Thread(() -> {
            started.countDown();
            long k = 0;
            while (!stop.get()) {
                k++;
                long now = k * TickerBoard.HISTORY_SAMPLE_MILLIS;
                state.onTrade(trade(k), "connection_1", now);
                state.onQuote(quote(k), "connection_1", now);
            }
            written.set(k);
        }, "writer");
        List<Thread> readers = new ArrayList<>();
        AtomicLong snapshots = new AtomicLong();
        for (int r = 0; r < READERS; r++) {
            readers.add(new Thread(() -> {
                started.countDown();
                double[] history = new double[TickerBoard.HISTORY_POINTS];
                while (!stop.get() && violations.isEmpty()) {
                    String problem = check(state.view());
                    if (problem == null) {
                        problem = checkHistory(history, state.copyHistory(history));
                    }
                    if (problem != null) {
                        violations.add(problem);
                    }
                    snapshots.incrementAndGet();
                }
            }, "reader-" + r));
        }
        readers.forEach(Thread::start);
        writer.start();
        started.await();
        long deadline = System.nanoTime() + RUN_NANOS;
        while (System.nanoTime() < deadline && violations.isEmpty()) {
            Thread.onSpinWait();
        }
        stop.set(true);
        writer.join(10_000);
        for (Thread reader : readers) {
            reader.join(10_000);
        }

        assertThat(violations).as("torn snapshots after %d events, %d snapshots", written.get(), snapshots.get())
                .isEmpty();
        assertThat(written.get()).isPositive();
        assertThat(snapshots.get()).isPositive();
    }

    private static String check(TickerView v) {
        long ticks = v.ticks();
        if (ticks == 0) {
            return Double.isNaN(v.lastPrice()) ? null : "price before any event: " + v;
        }
        long k = (ticks + 1) / 2;
        boolean quoted = ticks % 2 == 0;
        if (v.lastPrice() != k || v.volume() != k) {
            return "price/volume " + v.lastPrice() + "/" + v.volume() + " after " + ticks + " events";
        }
        double expectedBid = quoted ? k : k - 1;
        if (expectedBid == 0 ? !Double.isNaN(v.bid()) : v.bid() != expectedBid) {
            return "bid " + v.bid() + " after " + ticks + " events";
        }
        if (!Double.isNaN(v.bid()) && !(v.bid() < v.ask() && v.ask() - v.bid() == 0.5)) {
            return "bid " + v.bid() + " ask " + v.ask();
        }
        return null;
    }

    private static String checkHistory(double[] points, int n) {
        for (int i = 1; i < n; i++) {
            if (points[i] != points[i - 1] + 1) {
                return "history not consecutive at " + i + ": " + points[i - 1] + ", " + points[i];
            }
        }
        return null;
    }

    /** Two connections deliver the same ticker for a moment while it moves: no event may be lost. */
    @Test
    void twoWritersDuringAMoveLoseNoEvent() throws Exception {
        TickerState state = new TickerState("T");
        int perWriter = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (String connection : List.of("connection_1", "connection_2")) {
            writers.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perWriter; i++) {
                    state.onTrade(trade(i), connection, i);
                }
            }, connection));
        }
        writers.forEach(Thread::start);
        start.countDown();
        for (Thread w : writers) {
            w.join(30_000);
        }
        assertThat(state.view().ticks()).isEqualTo(2L * perWriter);
        assertThat(state.view().volume()).isEqualTo(2L * perWriter);
    }

    private static Trade trade(long k) {
        return new Trade("T", 4, "t", 3, k, 1, List.of(), k, k, 0, 0);
    }

    private static Quote quote(long k) {
        return new Quote("T", 4, k, 2, 7, k + 0.5, 3, 0, List.of(), k, k, 3);
    }
}
