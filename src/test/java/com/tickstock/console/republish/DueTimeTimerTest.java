package com.tickstock.console.republish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer Lettuce's clients share: due timeouts run in due order, cancelled ones never, and nothing after stop. */
class DueTimeTimerTest {

    private final DueTimeTimer timer = new DueTimeTimer("due-time-timer-test");

    @AfterEach
    void tearDown() {
        timer.stop();
    }

    @Test
    void timeoutsRunInDueOrderNotInTheOrderScheduled() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        TimerTask last = t -> { ran.add("last"); done.countDown(); };
        TimerTask middle = t -> { ran.add("middle"); done.countDown(); };
        TimerTask first = t -> { ran.add("first"); done.countDown(); };
        // Scheduled latest first: each new one is due earlier than the one the thread is waiting for. Half a
        // second apart, so that a scheduling thread held up on a loaded machine cannot swap them.
        timer.newTimeout(last, 1_500, TimeUnit.MILLISECONDS);
        timer.newTimeout(middle, 1_000, TimeUnit.MILLISECONDS);
        timer.newTimeout(first, 500, TimeUnit.MILLISECONDS);

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("first", "middle", "last");
    }

    @Test
    void aTimeoutRunsNoSoonerThanItsDelay() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long scheduled = System.nanoTime();
        long[] ranAt = new long[1];
        Timeout timeout = timer.newTimeout(t -> {
            ranAt[0] = System.nanoTime();
            ran.countDown();
        }, 150, TimeUnit.MILLISECONDS);

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ranAt[0] - scheduled).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
        assertThat(timeout.isExpired()).isTrue();
        assertThat(timeout.cancel()).isFalse();
    }

    @Test
    void aCancelledTimeoutNeverRunsAndTheOnesAfterItStillDo() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch later = new CountDownLatch(1);
        // The timer thread is held in the first task until both others are due, so the cancel surely comes first.
        timer.newTimeout(t -> release.await(), 0, TimeUnit.MILLISECONDS);
        Timeout cancelled = timer.newTimeout(t -> ran.add("cancelled"), 10, TimeUnit.MILLISECONDS);
        timer.newTimeout(t -> { ran.add("later"); later.countDown(); }, 20, TimeUnit.MILLISECONDS);

        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.isCancelled()).isTrue();
        release.countDown();

        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("later");
    }

    @Test
    void aTimeoutOfForeverNeitherRunsNorHoldsUpAnEarlierOne() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch soon = new CountDownLatch(1);
        timer.newTimeout(t -> ran.add("forever"), Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        timer.newTimeout(t -> { ran.add("soon"); soon.countDown(); }, 50, TimeUnit.MILLISECONDS);

        assertThat(soon.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("soon");
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheTimer() throws InterruptedException {
        CountDownLatch next = new CountDownLatch(1);
        timer.newTimeout(t -> {
            throw new IllegalStateException("task bug");
        }, 10, TimeUnit.MILLISECONDS);
        timer.newTimeout(t -> next.countDown(), 50, TimeUnit.MILLISECONDS);

        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void stopHandsBackWhatHadNotRunAndRefusesMore() {
        Timeout pending = timer.newTimeout(t -> { }, 1, TimeUnit.HOURS);

        assertThat(timer.stop()).containsExactly(pending);
        assertThatThrownBy(() -> timer.newTimeout(t -> { }, 1, TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalStateException.class);
    }
}
