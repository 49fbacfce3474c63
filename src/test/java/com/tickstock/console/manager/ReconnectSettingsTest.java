package com.tickstock.console.manager;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconnectSettingsTest {

    private final ReconnectSettings settings = new ReconnectSettings(5, Duration.ofMillis(500), Duration.ofSeconds(3),
            ReconnectSettings.Jitter.FULL);

    @Test
    void delayDoublesPerAttemptUpToTheCap() {
        assertThat(settings.delayCeiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.delayCeiling(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(settings.delayCeiling(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(settings.delayCeiling(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.delayCeiling(1000)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void attemptsCountFromOne() {
        assertThatThrownBy(() -> settings.delayCeiling(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void initialDelayMayNotExceedTheCap() {
        assertThatThrownBy(() -> new ReconnectSettings(1, Duration.ofSeconds(5), Duration.ofSeconds(1),
                ReconnectSettings.Jitter.NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
