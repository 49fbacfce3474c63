package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Two sockets of one connection read at the same time, as around a reconnect, on two threads. */
class SocketReaderTest {

    private static final int FRAMES = 20_000;
    private static final int EVENTS_PER_FRAME = 3;

    @Test
    void twoSocketsReadingAtOnceRecordIntoTheConnectionWithoutLosingOrConfusingAnything() throws Exception {
        ReceiveCounters counters = new ReceiveCounters();
        SequenceTracker sequences = new SequenceTracker();
        sequences.scopeTo(List.of(Topic.parse("T.OLD"), Topic.parse("T.NEW")));
        LagWindow lag = new LagWindow(10, 250_000_000L);
        try (EventHandoff handoff = new EventHandoff("connection_1", FRAMES * 2)) {
            ReceiveState shared = new ReceiveState(counters, sequences, lag, handoff);
            List<String> statuses = new CopyOnWriteArrayList<>();
            SocketReader old = reader(1, shared, statuses);
            SocketReader fresh = reader(2, shared, statuses);
            CountDownLatch start = new CountDownLatch(1);
            Thread first = new Thread(() -> read(old, "OLD", start));
            Thread second = new Thread(() -> read(fresh, "NEW", start));
            first.start();
            second.start();
            start.countDown();
            first.join();
            second.join();

            assertThat(counters.frames()).isEqualTo(2L * FRAMES);
            assertThat(counters.marketDataEvents()).isEqualTo(2L * FRAMES * EVENTS_PER_FRAME);
            assertThat(counters.unknownEvents()).isEqualTo(2L * FRAMES);
            assertThat(counters.decodeErrors()).isZero();
            assertThat(sequences.gaps()).isZero();
            assertThat(sequences.outOfOrder()).isZero();
            // Each socket's status is tagged with the generation of the socket it came on.
            assertThat(Set.copyOf(statuses)).containsExactlyInAnyOrder("1:OLD", "2:NEW");
            lag.roll(System.nanoTime());
            assertThat(lag.percentile(99)).isGreaterThanOrEqualTo(0);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    handoff.delivered() + handoff.dropped().values().stream().mapToLong(Long::longValue).sum()
                            == 2L * FRAMES * EVENTS_PER_FRAME);
        }
    }

    private static SocketReader reader(long generation, ReceiveState shared, List<String> statuses) {
        return new SocketReader("connection_1", generation, new FrameDecoder(), shared,
                (gen, status) -> statuses.add(gen + ":" + status.message()), gen -> { }, new ExcerptMaker(Set.of()));
    }

    private static void read(SocketReader reader, String symbol, CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long sequence = 0;
        long now = System.currentTimeMillis();
        for (int f = 0; f < FRAMES; f++) {
            StringBuilder frame = new StringBuilder("[");
            for (int e = 0; e < EVENTS_PER_FRAME; e++) {
                frame.append("{\"ev\":\"T\",\"sym\":\"").append(symbol).append("\",\"x\":4,\"p\":10.5,\"s\":100,\"t\":")
                        .append(now).append(",\"q\":").append(++sequence).append("},");
            }
            frame.append("{\"ev\":\"ZZ\"}");
            if (f == FRAMES / 2) {
                frame.append(",{\"ev\":\"status\",\"status\":\"info\",\"message\":\"").append(symbol).append("\"}");
            }
            reader.onFrame(frame.append(']').toString());
        }
    }
}
