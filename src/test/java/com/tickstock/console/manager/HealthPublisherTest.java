package com.tickstock.console.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher alone, over fixed connection and consumer figures. */
class HealthPublisherTest {

    private final HealthPublisher publisher = new HealthPublisher(Map::of, List::of);

    @AfterEach
    void tearDown() {
        publisher.stop();
    }

    @Test
    void aSectionThatThrowsIsReportedInTheSnapshotAndTheOthersStay() {
        publisher.addSection("redis", () -> {
            throw new IllegalStateException("not ready");
        });
        publisher.addSection("extra", () -> Map.of("n", 1));

        Map<String, Map<String, Object>> sections = publisher.buildNow().sections();

        assertThat(sections.get("redis")).containsEntry("error", "java.lang.IllegalStateException: not ready");
        assertThat(sections.get("extra")).containsEntry("n", 1);
    }

    @Test
    void closingOneOfTwoRegistrationsOfTheSameSectionRemovesThatOneOnly() {
        Supplier<Map<String, Object>> same = () -> Map.of("n", 1);
        Registration first = publisher.addSection("extra", same);
        publisher.addSection("extra", same);

        first.close();
        first.close();

        assertThat(publisher.buildNow().sections()).containsOnlyKeys("extra");
    }

    @Test
    void aListenerThatThrowsDoesNotKeepTheSnapshotsFromTheOthers() {
        publisher.addListener(h -> {
            throw new IllegalStateException("listener bug");
        });
        AtomicInteger calls = new AtomicInteger();
        publisher.addListener(h -> calls.incrementAndGet());
        publisher.start();

        // The first listener throws on every publication; the second still gets each one.
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 2);
    }

    @Test
    void withoutListenersTheSnapshotIsBuiltWhenReadAndNotOnATimer() {
        Set<String> builtOn = ConcurrentHashMap.newKeySet();
        publisher.addSection("extra", () -> {
            builtOn.add(Thread.currentThread().getName());
            return Map.of("n", 1);
        });
        publisher.start();
        Instant afterStart = Instant.now();

        // A reader gets a snapshot younger than the period even though nothing publishes one; two periods pass.
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.latest().takenAt().isAfter(afterStart));
        Instant first = publisher.latest().takenAt();
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.latest().takenAt().isAfter(first));

        assertThat(builtOn).isNotEmpty().doesNotContain("manager-health");
    }

    @Test
    void aListenerAddedAfterTheStartGetsSnapshotsEveryPeriod() {
        publisher.start();
        AtomicInteger calls = new AtomicInteger();
        publisher.addListener(h -> calls.incrementAndGet());

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 2);
    }

    @Test
    void afterStopTheLastRefreshedSnapshotStays() {
        publisher.start();
        publisher.stop();
        publisher.refresh();
        HealthSnapshot last = publisher.latest();

        await().pollDelay(HealthPublisher.PERIOD.multipliedBy(2)).atMost(Duration.ofSeconds(10))
                .until(() -> publisher.latest().takenAt().equals(last.takenAt()));
    }
}
