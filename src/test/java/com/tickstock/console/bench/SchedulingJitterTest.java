package com.tickstock.console.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SchedulingJitterTest {

    private static final long MS = 1_000_000;

    @Test
    void recordsHowMuchEachSleepOverranInMicrosecondsPerInterval() {
        SchedulingJitter probe = new SchedulingJitter();
        for (int i = 0; i < 998; i++) {
            probe.record(MS, MS + 50_000); // 50 µs late: timer slack and the wake-up
        }
        probe.record(MS, MS + 4 * MS); // a wake-up that waited 4 ms for a core
        probe.record(MS, MS + 12 * MS);

        Histogram h = probe.interval();

        assertThat(h.getTotalCount()).isEqualTo(1_000);
        assertThat(h.getValueAtPercentile(99)).isEqualTo(50);
        assertThat(h.getValueAtPercentile(99.9)).isBetween(3_995L, 4_005L);
        assertThat(h.getMaxValue()).isBetween(11_990L, 12_010L);
        assertThat(SchedulingJitter.describe(h))
                .isEqualTo("oversleep p99 0.05, p99.9 4.00, max 12.01 ms over 1,000 sleeps of 1 ms");
        // The next interval starts empty: each window reads only its own sleeps.
        assertThat(probe.interval().getTotalCount()).isZero();
        assertThat(SchedulingJitter.describe(probe.interval())).isEqualTo("no sleeps recorded");
    }

    @Test
    void anEarlyWakeUpCountsAsOnTimeAndAnEndlessOneIsClamped() {
        SchedulingJitter probe = new SchedulingJitter();
        probe.record(MS, MS - 10_000);
        probe.record(MS, Long.MAX_VALUE / 2);

        Histogram h = probe.interval();

        assertThat(h.getMinValue()).isZero();
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(SchedulingJitter.HIGHEST_MICROS)
                .isLessThan(SchedulingJitter.HIGHEST_MICROS + SchedulingJitter.HIGHEST_MICROS / 100);
    }

    @Test
    void theProbeThreadSleepsAndRecordsUntilClosed() throws Exception {
        SchedulingJitter probe = SchedulingJitter.start();
        Histogram seen = new Histogram(SchedulingJitter.HIGHEST_MICROS, 3);
        await().until(() -> {
            seen.add(probe.interval());
            return seen.getTotalCount() >= 20;
        });
        probe.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> SchedulingJitter.THREAD_NAME.equals(t.getName()));
    }

    @Test
    void runQueueWaitIsTheSecondSchedstatFieldSummedOverThreadsBetweenReadings() {
        assertThat(RunQueueWait.parse("123456 7890 12\n")).containsExactly(123_456L, 7_890L, 12L);
        assertThatThrownBy(() -> RunQueueWait.parse("1 2")).isInstanceOf(IllegalArgumentException.class);

        RunQueueWait.Reading before = new RunQueueWait.Reading(Map.of(
                "101", new RunQueueWait.Task("feed-socket-1", 1_000_000, 10),
                "102", new RunQueueWait.Task("lettuce-epoll", 5_000_000, 40),
                "103", new RunQueueWait.Task("gone", 9_000_000, 90)));
        RunQueueWait.Reading after = new RunQueueWait.Reading(Map.of(
                "101", new RunQueueWait.Task("feed-socket-1", 4_000_000, 30),
                "102", new RunQueueWait.Task("lettuce-epoll", 5_500_000, 50),
                "104", new RunQueueWait.Task("new-thread", 200_000, 2)));

        RunQueueWait.Delta d = RunQueueWait.between(before, after);

        // 3 ms + 0.5 ms + 0.2 ms (a thread started meanwhile counts from zero; one that ended is left out)
        assertThat(d.waitNanos()).isEqualTo(3_700_000);
        assertThat(d.slices()).isEqualTo(32);
        assertThat(d.worstThread()).isEqualTo("feed-socket-1");
        assertThat(d.worstWaitNanos()).isEqualTo(3_000_000);
        assertThat(d.describe(1)).isEqualTo("waited 3.7 ms for a core (0.4 % of the window), 115.6 us per timeslice"
                + " over 32; most: feed-socket-1 3.0 ms");
    }

    @Test
    void readsThisProcessesThreadsFromProc() {
        RunQueueWait.Reading reading = RunQueueWait.read(ProcessHandle.current().pid());

        assertThat(reading.threads()).isNotEmpty();
        assertThat(reading.threads().values()).allMatch(t -> t.waitNanos() >= 0 && t.slices() >= 0);
        assertThat(RunQueueWait.read(Long.MAX_VALUE).threads()).isEmpty();
    }
}
