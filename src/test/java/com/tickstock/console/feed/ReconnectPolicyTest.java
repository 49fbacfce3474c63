package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private final ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30),
            true, 5, 3, Duration.ofSeconds(10));

    @Test
    void boundDoublesFromTheInitialDelayUpToTheCap() {
        assertThat(policy.bound(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.bound(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.bound(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(policy.bound(7)).isEqualTo(Duration.ofSeconds(30)); // 32 s capped
        assertThat(policy.bound(1_000)).isEqualTo(Duration.ofSeconds(30)); // no overflow
    }

    @Test
    void fullJitterDrawsBelowTheBoundAndSpreadsTheDelays() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2_000; i++) {
            long d = policy.delay(4, random).toMillis();
            assertThat(d).isBetween(0L, 4000L);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isLessThan(500);
        assertThat(max).isGreaterThan(3500);
    }

    @Test
    void withoutJitterTheDelayIsTheBound() {
        ReconnectPolicy exact = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), false, 3, 1, Duration.ZERO);
        assertThat(exact.delay(3, new SplittableRandom(1))).isEqualTo(Duration.ofMillis(400));
        assertThat(exact.delay(9, new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void pastTheFastPhaseEveryRetryWaitsExactlyTheCapForEver() {
        SplittableRandom random = new SplittableRandom(7);
        assertThat(policy.isSlowPhase(5)).isFalse();
        assertThat(policy.isSlowPhase(6)).isTrue();
        for (int attempt : new int[] {6, 7, 50, Integer.MAX_VALUE}) {
            assertThat(policy.delay(attempt, random)).isEqualTo(Duration.ofSeconds(30));
        }
        ReconnectPolicy noFastPhase = policy.withMaxRetries(0);
        assertThat(noFastPhase.delay(1, random)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsNonsenseWithTheValueInTheMessage() {
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), true, 1, 1, Duration.ZERO))
                .hasMessageContaining("initial reconnect delay").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), true, 1, 1, Duration.ZERO))
                .hasMessageContaining("below the initial");
        assertThatThrownBy(() -> policy.withMaxRetries(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> policy.bound(0)).hasMessageContaining("from 1");
    }
}
