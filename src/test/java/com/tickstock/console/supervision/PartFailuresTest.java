package com.tickstock.console.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every way a thread of the console can die ends up in the registry, once, with its cause. */
class PartFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final PartFailures registry = new PartFailures();
    private final List<PartFailure> heard = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();

    PartFailuresTest() {
        registry.addListener(heard::add);
    }

    @AfterEach
    void tearDown() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void aThreadThatDiesOfAnUncaughtErrorIsRecordedWithPartThreadAndCause() throws Exception {
        Thread thread = registry.newThread("connection_1-dispatch", "feed-connection_1-dispatch", () -> {
            throw new InternalError("injected");
        });
        assertThat(thread.isDaemon()).isTrue();
        thread.start();
        thread.join(WAIT.toMillis());

        assertThat(registry.all()).singleElement().satisfies(f -> {
            assertThat(f.part()).isEqualTo("connection_1-dispatch");
            assertThat(f.thread()).isEqualTo("feed-connection_1-dispatch");
            assertThat(f.error()).isInstanceOf(InternalError.class);
            assertThat(f.describe()).isEqualTo("connection_1-dispatch: InternalError: injected");
            assertThat(f.token()).isEqualTo("connection_1-dispatch:InternalError");
            assertThat(f.sequence()).isEqualTo(1);
        });
        assertThat(heard).hasSize(1);
        assertThat(registry.sequence()).isEqualTo(1);
    }

    @Test
    void aPeriodicTaskThatThrowsIsReportedInsteadOfSilentlyNeverRunningAgain() {
        ScheduledExecutorService scheduler = track(registry.scheduledExecutor("manager-health", "manager-health"));
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(() -> {
            throw new IllegalStateException("health broke");
        }, 0, 10, TimeUnit.MILLISECONDS);

        await().atMost(WAIT).until(() -> registry.sequence() == 1);
        assertThat(periodic.isDone()).as("the JDK stops a periodic task that threw").isTrue();
        assertThat(registry.all()).singleElement().extracting(PartFailure::describe)
                .isEqualTo("manager-health: IllegalStateException: health broke");
    }

    @Test
    void oneShotDelayedAndSubmittedTasksOfBothExecutorsAreGuarded() throws Exception {
        ScheduledExecutorService control = track(registry.scheduledExecutor("connection_2-control", "c2-control"));
        ExecutorService connector = track(registry.executor("connection_2-connector", "c2-connector"));
        control.execute(() -> {
            throw new StackOverflowError();
        });
        control.schedule(() -> {
            throw new IllegalArgumentException("late");
        }, 1, TimeUnit.MILLISECONDS);
        connector.execute(() -> {
            throw new InternalError("direct buffer memory");
        });
        connector.submit(() -> {
            throw new IllegalStateException("submitted");
        });

        await().atMost(WAIT).until(() -> registry.sequence() == 4);
        assertThat(registry.all()).extracting(PartFailure::describe).containsExactlyInAnyOrder(
                "connection_2-control: StackOverflowError", "connection_2-control: IllegalArgumentException: late",
                "connection_2-connector: InternalError: direct buffer memory",
                "connection_2-connector: IllegalStateException: submitted");
        // Both still run tasks: a dead part is reported, the executor itself keeps going for the others.
        CountDownLatch ran = new CountDownLatch(2);
        control.execute(ran::countDown);
        connector.execute(ran::countDown);
        assertThat(ran.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(registry.sequence()).isEqualTo(4);
    }

    @Test
    void cancellingOrStoppingATaskIsNoFailure() throws Exception {
        ScheduledExecutorService control = track(registry.scheduledExecutor("connection_3-control", "c3-control"));
        ScheduledFuture<?> timer = control.schedule(() -> { }, 1, TimeUnit.HOURS);
        timer.cancel(false);
        CountDownLatch started = new CountDownLatch(1);
        control.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // until shutdownNow below interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        control.shutdownNow();
        assertThat(control.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void guardReportsAndRethrows() {
        Runnable guarded = registry.guard("status-http", () -> {
            throw new IllegalStateException("boom");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(guarded::run).hasMessage("boom");
        assertThat(registry.all()).extracting(PartFailure::part).containsExactly("status-http");
    }

    @Test
    void readersSeeOnlyFailuresAfterTheirStartAndOnlyOfTheirOwnParts() {
        registry.report("connection_1-dispatch", new OutOfMemoryError());
        long mark = registry.sequence();
        assertThat(registry.since(mark)).isEmpty();
        assertThat(registry.firstSince(mark, "connection_1-")).isEmpty();

        registry.report("connection_10-control", new IllegalStateException());
        registry.report("redis-republisher", new OutOfMemoryError());
        assertThat(registry.since(mark)).extracting(PartFailure::part)
                .containsExactly("connection_10-control", "redis-republisher");
        assertThat(registry.firstSince(mark, "connection_1-")).isEmpty();
        assertThat(registry.firstSince(mark, "connection_10-")).isPresent();
    }

    @Test
    void aThrowingListenerHidesTheFailureFromNobody() {
        registry.addListener(f -> {
            throw new IllegalStateException("listener bug");
        });
        List<PartFailure> later = new CopyOnWriteArrayList<>();
        registry.addListener(later::add);
        registry.report("manager-health", new OutOfMemoryError());
        assertThat(heard).hasSize(1);
        assertThat(later).hasSize(1);
    }

    @Test
    void keepsABoundedNumberButCountsThemAll() {
        for (int i = 0; i < PartFailures.KEPT + 5; i++) {
            registry.report("consumer-x", new IllegalStateException("n" + i));
        }
        assertThat(registry.all()).hasSize(PartFailures.KEPT);
        assertThat(registry.sequence()).isEqualTo(PartFailures.KEPT + 5);
    }

    @Test
    void aPartThatDiesAfterAHundredOthersIsStillSeenDead() {
        long start = registry.sequence();
        for (int i = 0; i < PartFailures.KEPT * 2; i++) {
            registry.report("status-endpoint", new IllegalStateException("n" + i));
        }
        registry.report("connection_1-dispatch", new InternalError("late"));

        assertThat(registry.firstSince(start, "connection_1-")).hasValueSatisfying(f -> assertThat(f.cause())
                .contains("late"));
        assertThat(registry.since(start)).last().satisfies(f -> assertThat(f.part()).isEqualTo("connection_1-dispatch"));
        long afterTheFirst = registry.all().get(0).sequence();
        assertThat(registry.firstSince(afterTheFirst, "status-endpoint")).as("its newest failure, the first is older")
                .hasValueSatisfying(f -> assertThat(f.sequence()).isGreaterThan(afterTheFirst));
    }

    private <T extends ExecutorService> T track(T executor) {
        executors.add(executor);
        return executor;
    }
}
