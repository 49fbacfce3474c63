package com.tickstock.console.republish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tail figures: p99.9 sees what p99 hides, per second and over the whole period. */
class PublishStatsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void p999SeesTheSlowestTwoTicksInAThousandThatP99Hides() {
        PublishStats stats = new PublishStats(0);
        for (int i = 0; i < 998; i++) {
            stats.recordLatency(TimeUnit.MILLISECONDS.toNanos(1));
        }
        stats.recordLatency(TimeUnit.MILLISECONDS.toNanos(500));
        stats.recordLatency(TimeUnit.MILLISECONDS.toNanos(500));

        stats.roll(SECOND, 1_000, 1_000);

        assertThat(stats.p99Millis()).isBetween(1.0, 1.1);
        assertThat(stats.p999Millis()).isBetween(495.0, 505.0);
        LatencySummary summary = stats.summary();
        assertThat(summary.count()).isEqualTo(1_000);
        assertThat(summary.p99Millis()).isBetween(1.0, 1.1);
        assertThat(summary.p999Millis()).isBetween(495.0, 505.0);
        assertThat(summary.maxMillis()).isGreaterThanOrEqualTo(summary.p999Millis());

        stats.roll(2 * SECOND, 1_000, 1_000); // a second without acknowledgements
        assertThat(stats.p99Millis()).isZero();
        assertThat(stats.p999Millis()).isZero();
        assertThat(stats.summary().count()).isEqualTo(1_000);
    }
}
