package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LagWindowTest {

    @Test
    void countAndSumCoverEveryLagSinceStartWhileTheQuantilesCoverOnlyTheWindow() {
        LagWindow lag = new LagWindow(2);
        for (int round = 0; round < 5; round++) {
            for (int i = 1; i <= 100; i++) {
                lag.record(i);
            }
            lag.roll();
        }
        assertThat(lag.count()).isEqualTo(500);
        // 5 x (1 + ... + 100) ms, within the histogram's two significant digits.
        assertThat((double) lag.sumMillis()).isCloseTo(25_250, within(25_250 * 0.01));

        lag.roll();
        lag.roll();
        assertThat(lag.percentile(50)).as("the window has moved past every lag").isEqualTo(-1);
        assertThat(lag.count()).isEqualTo(500);
    }
}
