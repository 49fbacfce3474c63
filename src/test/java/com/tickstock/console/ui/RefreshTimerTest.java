package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The refresh hand-off, with a queue standing in for the FX thread so a busy FX thread can be provoked. */
class RefreshTimerTest {

    @Test
    void aBusyFxThreadGetsOneRefreshQueuedNeverABacklog() throws Exception {
        ConcurrentLinkedQueue<Runnable> fxQueue = new ConcurrentLinkedQueue<>();
        AtomicInteger refreshes = new AtomicInteger();
        try (RefreshTimer timer = new RefreshTimer(refreshes::incrementAndGet, fxQueue::add)) {
            timer.start(60);
            await().atMost(Duration.ofSeconds(30)).until(() -> !fxQueue.isEmpty());
            // The FX thread is "busy" (runs nothing) for many periods: still only one refresh waits.
            long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < until) {
                assertThat(fxQueue).hasSize(1);
                Thread.onSpinWait();
            }
            fxQueue.poll().run();
            assertThat(refreshes).hasValue(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> !fxQueue.isEmpty());
            fxQueue.poll().run();
            assertThat(refreshes).hasValue(2);
            timer.close();
            // A refresh queued before the window closed does not run after it.
            for (Runnable queued : fxQueue) {
                queued.run();
            }
            assertThat(refreshes).hasValue(2);
        }
    }

    @Test
    void aRateOutsideOneToSixtyIsRefusedNamingIt() {
        try (RefreshTimer timer = new RefreshTimer(() -> { }, Runnable::run)) {
            assertThatThrownBy(() -> timer.start(0)).hasMessageContaining("was 0.0");
            assertThatThrownBy(() -> timer.start(120)).hasMessageContaining("at most 60").hasMessageContaining("120");
            timer.start(4);
            assertThat(timer.hz()).isEqualTo(4);
        }
    }
}
