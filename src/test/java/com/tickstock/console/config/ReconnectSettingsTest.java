package com.tickstock.console.config;

import com.tickstock.console.supervision.Backoff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tickstock.console.feed.ReconnectPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectSettingsTest {

    private final ReconnectSettings settings = new ReconnectSettings(5, Duration.ofMillis(500), Duration.ofSeconds(3),
            Backoff.Jitter.FULL);

    @Test
    void becomesTheFeedPolicyWithTheSameBackoff() {
        ReconnectPolicy policy = settings.toPolicy(4, Duration.ofSeconds(7));
        assertThat(policy.bound(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.bound(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(policy.bound(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.jitter()).isEqualTo(Backoff.Jitter.FULL);
        assertThat(policy.maxRetries()).isEqualTo(5);
        assertThat(policy.maxConsecutiveKicks()).isEqualTo(4);
        assertThat(policy.stableAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void noJitterStaysNoJitter() {
        ReconnectSettings exact = new ReconnectSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Backoff.Jitter.NONE);
        assertThat(exact.toPolicy(1, Duration.ZERO).jitter()).isEqualTo(Backoff.Jitter.NONE);
    }

    @Test
    void initialDelayMayNotExceedTheCap() {
        assertThatThrownBy(() -> new ReconnectSettings(1, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Backoff.Jitter.NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
