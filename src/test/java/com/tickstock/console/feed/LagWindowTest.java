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

    @Test
    void theWindowKeptByAddingTheNewSlotAndSubtractingTheOldestEqualsTheSumOfItsSlots() {
        LagWindow lag = new LagWindow(10, 1_000);
        java.util.Random random = new java.util.Random(11);
        java.util.ArrayDeque<long[]> lastSlots = new java.util.ArrayDeque<>();
        for (int slot = 0; slot < 300; slot++) {
            // Busy and empty slots, small and huge lags, so that values leave the window in every bucket.
            long[] lags = new long[random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50)];
            for (int i = 0; i < lags.length; i++) {
                lags[i] = random.nextInt(3) == 0 ? random.nextInt(5_000_000) : random.nextInt(200);
                lag.record(lags[i]);
            }
            lag.roll(slot * 1_000L);
            lastSlots.addLast(lags);
            if (lastSlots.size() > 10) {
                lastSlots.removeFirst();
            }
            org.HdrHistogram.Histogram expected = new org.HdrHistogram.Histogram(3_600_000L, 2);
            lastSlots.forEach(values -> java.util.Arrays.stream(values).forEach(v -> expected.recordValue(Math.min(v, 3_600_000L))));
            for (double p : new double[] {50, 99}) {
                assertThat(lag.percentile(p)).as("p%s after slot %d", p, slot)
                        .isEqualTo(expected.getTotalCount() == 0 ? -1 : expected.getValueAtPercentile(p));
            }
        }
    }
}
