package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log lines waiting for Redis: bounded, newest kept, every drop counted, order kept across a failed send. */
class BoundedLogTest {

    private static LogEntry line(int n) {
        return new LogEntry(n, "manager", "INFO", "line " + n);
    }

    private static List<String> texts(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::text).toList();
    }

    @Test
    void whenFullTheOldestGivesWayAndIsCounted() {
        BoundedLog log = new BoundedLog(3);
        for (int i = 1; i <= 5; i++) {
            log.offer(line(i));
        }
        assertThat(log.dropped()).isEqualTo(2);
        assertThat(texts(log.take(10))).containsExactly("line 3", "line 4", "line 5");
    }

    @Test
    void anUnsentBatchGoesBackInFrontInOrder() {
        BoundedLog log = new BoundedLog(10);
        for (int i = 1; i <= 4; i++) {
            log.offer(line(i));
        }
        List<LogEntry> batch = log.take(3);
        log.offer(line(5));
        log.putBack(batch.subList(1, 3)); // line 1 went out, 2 and 3 did not
        assertThat(texts(log.take(10))).containsExactly("line 2", "line 3", "line 4", "line 5");
        assertThat(log.dropped()).isZero();
    }

    @Test
    void puttingBackIntoAFullLogDropsTheOldestOfTheBatch() {
        BoundedLog log = new BoundedLog(4);
        for (int i = 1; i <= 4; i++) {
            log.offer(line(i));
        }
        List<LogEntry> batch = log.take(2);
        log.offer(line(5));
        log.putBack(batch);
        assertThat(texts(log.take(10))).containsExactly("line 2", "line 3", "line 4", "line 5");
        assertThat(log.dropped()).isEqualTo(1);
    }

    @Test
    void aWaitingPublisherIsWokenByTheNextLineNotByItsTimeout() throws Exception {
        BoundedLog log = new BoundedLog(10);
        java.util.concurrent.CountDownLatch woke = new java.util.concurrent.CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            try {
                log.awaitEntry(java.util.concurrent.TimeUnit.MINUTES.toNanos(5));
                woke.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        publisher.start();
        // Whether the line comes before or after the wait begins, the wait ends: before, it returns at once.
        log.offer(line(1));
        assertThat(woke.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        publisher.join();
        assertThat(texts(log.take(10))).containsExactly("line 1");
    }

    @Test
    void afterStopWaitingNoWaitBlocks() throws Exception {
        BoundedLog log = new BoundedLog(10);
        log.stopWaiting();
        long started = System.nanoTime();
        log.awaitEntry(java.util.concurrent.TimeUnit.MINUTES.toNanos(5));
        assertThat(System.nanoTime() - started).isLessThan(java.util.concurrent.TimeUnit.MINUTES.toNanos(1));
    }
}
