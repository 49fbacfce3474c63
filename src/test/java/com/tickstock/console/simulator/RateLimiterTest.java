package com.tickstock.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pacing of the simulator's generated events: full frames at high rates, prompt events at low ones. */
class RateLimiterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LINGER = 20 * MS;

    @Test
    void aFastRateWaitsForAWholeFrame() {
        // 10,000 events/s, 10 per frame: a whole frame is due every millisecond.
        RateLimiter rate = new RateLimiter(10_000, 10, 0);
        assertThat(rate.nanosUntilFrame(0, LINGER)).isEqualTo(900_000); // starts with 1 token, needs 9 more
        assertThat(rate.nanosUntilFrame(500_000, LINGER)).isEqualTo(400_000);
        assertThat(rate.nanosUntilFrame(900_000, LINGER)).isZero();
        assertThat(rate.acquire(10, 900_000)).isEqualTo(10);
        assertThat(rate.nanosUntilFrame(900_000, LINGER)).isEqualTo(MS);
    }

    @Test
    void aSlowRateSendsOnceTheFirstEventHasLingered() {
        // 10 events/s, 10 per frame: a whole frame would take a second; the first event waits only the linger.
        RateLimiter rate = new RateLimiter(10, 10, 0);
        assertThat(rate.acquire(1, 0)).isEqualTo(1);
        assertThat(rate.nanosUntilFrame(0, LINGER)).isEqualTo(100 * MS + LINGER); // next token at 100 ms
        assertThat(rate.nanosUntilFrame(110 * MS, LINGER)).isEqualTo(10 * MS);
        assertThat(rate.nanosUntilFrame(120 * MS, LINGER)).isZero();
        assertThat(rate.acquire(10, 120 * MS)).isEqualTo(1);
    }

    @Test
    void unlimitedNeverWaits() {
        RateLimiter rate = new RateLimiter(0, 10, 0);
        assertThat(rate.nanosUntilFrame(0, LINGER)).isZero();
        assertThat(rate.acquire(100, 0)).isEqualTo(100);
    }

    @Test
    void aLateSenderCatchesUpOnAShortDelayButNotOnALongOne() {
        // 10,000 events/s in frames of 10: a sender that wakes 5 ms late still gets all 50 events due...
        RateLimiter rate = new RateLimiter(10_000, 10, 0);
        assertThat(rate.acquire(1, 0)).isEqualTo(1);
        assertThat(rate.acquire(1_000, 5 * MS)).isEqualTo(50);
        // ...while one that was away for 5 s gets at most 100 ms worth, not 50,000 events in a burst.
        assertThat(rate.acquire(100_000, 5 * MS + TimeUnit.SECONDS.toNanos(5))).isEqualTo(1_000);
    }

    @Test
    void aSlowRateStillHoldsAtLeastOneFrame() {
        RateLimiter rate = new RateLimiter(10, 25, 0);
        assertThat(rate.acquire(100, TimeUnit.SECONDS.toNanos(60))).isEqualTo(25);
    }
}
