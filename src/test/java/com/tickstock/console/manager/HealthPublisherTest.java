package com.tickstock.console.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
}
