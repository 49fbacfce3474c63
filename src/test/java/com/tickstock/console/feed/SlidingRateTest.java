package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlidingRateTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void rateIsTheCountAddedOverTheWindowNotTheCumulativeTotal() {
        SlidingRate rate = new SlidingRate(5 * SECOND, 64);
        rate.sample(0, 1_000_000); // a large count from before the window started
        assertThat(rate.sample(SECOND, 1_000_100)).isCloseTo(100.0, within(0.001));
        assertThat(rate.sample(2 * SECOND, 1_000_300)).isCloseTo(150.0, within(0.001));
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        SlidingRate rate = new SlidingRate(2 * SECOND, 64);
        rate.sample(0, 0);
        rate.sample(SECOND, 10_000);   // a burst
        rate.sample(2 * SECOND, 10_010);
        double later = rate.sample(3 * SECOND, 10_020); // window holds 1 s..3 s
        assertThat(later).isCloseTo(10.0, within(0.001));
    }

    @Test
    void aQuietFeedReadsZero() {
        SlidingRate rate = new SlidingRate(2 * SECOND, 8);
        assertThat(rate.sample(0, 500)).isZero();
        assertThat(rate.sample(SECOND, 500)).isZero();
    }
}
