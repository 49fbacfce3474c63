package com.tickstock.console.republish;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.supervision.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lettuce's reconnects after the first connection wait exactly like the republisher's own first-connection retries. */
class BackoffDelayTest {

    @Test
    void lettucesReconnectDelayStaysWithinTheRepublishersBackoffBounds() {
        Backoff backoff = RedisConnector.BACKOFF;
        BackoffDelay delay = new BackoffDelay(backoff);
        for (long attempt = 1; attempt <= 40; attempt++) {
            Duration bound = backoff.bound(attempt);
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 500; i++) {
                long d = delay.createDelay(attempt).toMillis();
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertThat(min).as("attempt %d", attempt).isGreaterThanOrEqualTo(bound.toMillis() / 2);
            assertThat(max).as("attempt %d", attempt).isLessThanOrEqualTo(bound.toMillis());
            // Equal jitter: the draws spread over the upper half of the bound, not one fixed value.
            assertThat(max - min).as("attempt %d", attempt).isGreaterThan(bound.toMillis() / 4);
        }
        assertThat(backoff.bound(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.bound(40)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anAttemptCountBelowOneIsTreatedAsTheFirst() {
        long d = new BackoffDelay(RedisConnector.BACKOFF).createDelay(0).toMillis();
        assertThat(d).isBetween(50L, 100L);
    }
}
