package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The lag window spans its slots of time, whatever else asks for a snapshot in between. */
class LagWindowTest {

    private static final long SLOT = 250_000_000L;
    private static final int SLOTS = 10;

    @Test
    void rollingFarMoreOftenThanOnceASlotLeavesTheWindowAsItWas() {
        LagWindow lag = new LagWindow(SLOTS, SLOT);
        long t0 = 1_000_000_000L;
        for (int ms = 1; ms <= 100; ms++) {
            lag.record(ms);
        }
        lag.roll(t0);
        long p99 = lag.percentile(99);
        assertThat(p99).isBetween(98L, 100L);
        // A UI or status endpoint asking for snapshots a thousand times within one slot.
        for (int i = 0; i < 1_000; i++) {
            lag.roll(t0 + i * (SLOT / 2 / 1_000));
            lag.record(1);
        }
        for (int slot = 1; slot < SLOTS; slot++) {
            lag.roll(t0 + slot * SLOT);
            assertThat(lag.percentile(99)).as("after %d slots", slot).isGreaterThan(1);
        }
        lag.roll(t0 + SLOTS * SLOT);
        assertThat(lag.percentile(99)).isLessThanOrEqualTo(1);
    }

    @Test
    void aTickALittleEarlyStillRolls() {
        LagWindow lag = new LagWindow(2, SLOT);
        lag.record(50);
        lag.roll(0);
        lag.roll(SLOT - 1_000_000);
        lag.roll(2 * SLOT - 2_000_000);
        assertThat(lag.percentile(50)).isEqualTo(-1);
    }

    @Test
    void countAndSumCoverEveryLagSinceStartWhileTheQuantilesCoverOnlyTheWindow() {
        LagWindow lag = new LagWindow(2, SLOT);
        for (int round = 0; round < 5; round++) {
            for (int i = 1; i <= 100; i++) {
                lag.record(i);
            }
            lag.roll((round + 1) * SLOT);
        }
        assertThat(lag.count()).isEqualTo(500);
        // 5 x (1 + ... + 100) ms, within the histogram's two significant digits.
        assertThat((double) lag.sumMillis()).isCloseTo(25_250, within(25_250 * 0.01));

        lag.roll(6 * SLOT);
        lag.roll(7 * SLOT);
        assertThat(lag.percentile(50)).as("the window has moved past every lag").isEqualTo(-1);
        assertThat(lag.count()).isEqualTo(500);
    }
}
