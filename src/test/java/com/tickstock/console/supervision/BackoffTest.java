package com.tickstock.console.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Backoff backoff(Backoff.Jitter jitter) {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), jitter);
    }

    @Test
    void boundDoublesFromTheInitialDelayUpToTheCapWithoutOverflow() {
        Backoff b = backoff(Backoff.Jitter.NONE);
        assertThat(b.bound(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.bound(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.bound(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(b.bound(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.bound(Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void eachJitterDrawsInItsRangeAndSpreadsOverIt() {
        SplittableRandom random = new SplittableRandom(3);
        for (Backoff.Jitter jitter : Backoff.Jitter.values()) {
            Backoff b = backoff(jitter);
            long lowest = switch (jitter) {
                case NONE -> 1600;
                case FULL -> 0;
                case EQUAL -> 800;
            };
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 2_000; i++) {
                long d = b.delay(5, random).toMillis();
                assertThat(d).as("%s", jitter).isBetween(lowest, 1600L);
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertThat(min).as("%s", jitter).isLessThan(lowest + 100);
            assertThat(max).as("%s", jitter).isGreaterThan(1500);
        }
    }

    @Test
    void rejectsNonsenseWithTheValueInTheMessage() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Backoff.Jitter.FULL))
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Backoff.Jitter.FULL))
                .hasMessageContaining("PT1S").hasMessageContaining("PT2S");
        assertThatThrownBy(() -> backoff(Backoff.Jitter.NONE).bound(0)).hasMessageContaining("0");
    }
}
