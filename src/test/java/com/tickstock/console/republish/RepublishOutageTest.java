package com.tickstock.console.republish;

import com.tickstock.console.feed.DropReason;
import com.tickstock.console.republish.RepublisherStatus.State;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis going away and coming back while ticks flow: nothing lost within the buffer, everything counted. */
class RepublishOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "test:outage";

    private RedisServerProcess redis;
    private RedisRepublisher republisher;

    @AfterEach
    void cleanUp() throws Exception {
        RepublishTestSupport.closeBoth(republisher, redis);
    }

    @Test
    void redisKilledAndRestartedMidStreamLosesNothingAndDeliveryResumes() throws Exception {
        redis = RedisServerProcess.start();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)).start();
        AtomicLong offered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            // About 20k ticks/s: a steady stream, paced so a loaded two-core machine keeps up.
            while (producing.get()) {
                for (int i = 0; i < 20; i++) {
                    if (!republisher.offer(Ticks.numbered(offered.get()), "connection_1")) {
                        refused.incrementAndGet();
                    }
                    offered.incrementAndGet();
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "test-feed");
        feed.start();
        try {
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);

            redis.kill();
            await().atMost(PATIENCE).until(() -> republisher.status().state() != State.CONNECTED);
            RepublisherStatus down = republisher.status();
            assertThat(down.downSince()).isNotNull();
            long offeredAtOutage = offered.get();
            // The feed is not slowed: ticks keep being accepted and wait in the buffer.
            await().atMost(PATIENCE).until(() -> offered.get() > offeredAtOutage + 2_000);
            assertThat(republisher.status().buffered()).isGreaterThanOrEqualTo(2_000);

            redis.startProcess();
            await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);
            try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), CHANNEL)) {
                await().atMost(PATIENCE).until(() -> subscriber.count() >= 2_000);
                producing.set(false);
                feed.join();
                await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);

                RepublisherStatus status = republisher.status();
                assertThat(refused.get()).isZero();
                assertThat(status.received()).isEqualTo(offered.get());
                assertThat(status.droppedTotal()).isZero();
                assertThat(status.published()).isEqualTo(offered.get());
                assertThat(status.isReconciled()).isTrue();
                assertThat(status.downSince()).isNull();

                // What the new subscriber saw is one gapless run ending at the last tick offered.
                await().atMost(PATIENCE).until(() -> lastVolume(subscriber) == offered.get() - 1);
                List<String> messages = subscriber.messages();
                long previous = -1;
                for (String message : messages) {
                    long sequence = (Long) Json.object(message).get("volume");
                    if (previous >= 0) {
                        assertThat(sequence).as("tick after %d", previous).isEqualTo(previous + 1);
                    }
                    previous = sequence;
                }
            }
        } finally {
            producing.set(false);
            feed.join();
        }
    }

    @Test
    void repeatedCrashesWhileTicksFlowStrandNothing() throws Exception {
        redis = RedisServerProcess.start();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                .withBatchSize(50)).start();
        AtomicLong offered = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            while (producing.get()) {
                for (int i = 0; i < 50; i++) {
                    republisher.offer(Ticks.numbered(offered.getAndIncrement()), "connection_1");
                }
                LockSupport.parkNanos(500_000);
            }
        }, "test-feed");
        feed.start();
        try {
            for (int crash = 0; crash < 3; crash++) {
                long before = republisher.status().published();
                await().atMost(PATIENCE).until(() -> republisher.status().published() > before + 1_000);
                redis.kill(); // mid-batch: small batches keep commands in flight at every moment
                await().atMost(PATIENCE).until(() -> republisher.status().state() != State.CONNECTED);
                redis.startProcess();
            }
            await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);
        } finally {
            producing.set(false);
            feed.join();
        }
        await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);
        RepublisherStatus status = republisher.status();
        assertThat(status.received()).isEqualTo(offered.get());
        assertThat(status.published()).isEqualTo(offered.get());
        assertThat(status.droppedTotal()).isZero();
    }

    private static long lastVolume(TickSubscriber subscriber) {
        List<String> messages = subscriber.messages();
        return messages.isEmpty() ? -1 : (Long) Json.object(messages.get(messages.size() - 1)).get("volume");
    }

    @Test
    void anOutageShorterThanTheBufferLosesNoTickInTheStream() throws Exception {
        redis = RedisServerProcess.start();
        String key = "test:outage:stream";
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(key)
                .withMode(RepublisherConfig.Mode.STREAM)).start();
        offer(0, 1_000);
        await().atMost(PATIENCE).until(() -> republisher.status().published() == 1_000);

        redis.kill(); // the stream dies with it: no persistence in tests
        await().atMost(PATIENCE).until(() -> republisher.status().state() != State.CONNECTED);
        offer(1_000, 4_000);
        assertThat(republisher.status().buffered()).isEqualTo(3_000);
        assertThat(republisher.status().published()).isEqualTo(1_000);

        redis.startProcess();
        await().atMost(PATIENCE).until(() -> republisher.status().published() == 4_000);
        offer(4_000, 5_000);
        await().atMost(PATIENCE).until(() -> republisher.status().published() == 5_000);

        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<StreamMessage<String, String>> entries = connection.sync().xrange(key, Range.create("-", "+"));
            assertThat(entries).hasSize(4_000);
            for (int i = 0; i < entries.size(); i++) {
                assertThat(Json.object(entries.get(i).getBody().get("data")).get("volume")).isEqualTo(1_000L + i);
            }
        } finally {
            client.shutdown();
        }
        RepublisherStatus status = republisher.status();
        assertThat(status.received()).isEqualTo(5_000);
        assertThat(status.droppedTotal()).isZero();
        assertThat(status.isReconciled()).isTrue();
    }

    @Test
    void aConnectionThatStopsAnsweringIsDroppedAndItsTicksSentAgain() throws Exception {
        redis = RedisServerProcess.start();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL),
                Duration.ofSeconds(1)).start();
        offer(0, 100);
        await().atMost(PATIENCE).until(() -> republisher.status().published() == 100);

        // The connection stays up but PUBLISH gets no answer: what a half-open connection looks like.
        assertThat(redis.command("CLIENT", "PAUSE", "4000", "WRITE")).isEqualTo("+OK");
        offer(100, 200);
        await().atMost(PATIENCE).until(() -> String.valueOf(republisher.status().lastError()).contains("no reply"));
        assertThat(republisher.status().published()).isEqualTo(100);

        await().atMost(PATIENCE).until(() -> republisher.status().published() == 200);
        RepublisherStatus status = republisher.status();
        assertThat(status.received()).isEqualTo(200);
        assertThat(status.droppedTotal()).isZero();
        assertThat(status.isReconciled()).isTrue();
        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);
    }

    @Test
    void aFullBufferSetToDropTheNewestRefusesAndCountsTheOverflowAndKeepsTheRest() throws Exception {
        redis = RedisServerProcess.notStarted();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                .withBufferSize(1_000).withOverflow(RepublisherConfig.Overflow.DROP_NEWEST)).start();
        await().atMost(PATIENCE).until(() -> republisher.status().lastError() != null);

        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            if (republisher.offer(Ticks.numbered(i), "connection_1")) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(1_000);
        RepublisherStatus full = republisher.status();
        assertThat(full.state()).isEqualTo(State.RECONNECTING);
        assertThat(full.lastError()).contains("refused");
        assertThat(full.received()).isEqualTo(5_000);
        assertThat(full.buffered()).isEqualTo(1_000);
        assertThat(full.dropped(DropReason.BUFFER_FULL)).isEqualTo(4_000);
        assertThat(full.published()).isZero();
        assertThat(full.isReconciled()).isTrue();

        redis.startProcess();
        try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), CHANNEL)) {
            await().atMost(PATIENCE).until(() -> republisher.status().published() == 1_000);
            assertThat(republisher.offer(Ticks.numbered(5_000), "connection_1")).isTrue();
            await().atMost(PATIENCE).until(() -> republisher.status().published() == 1_001);
            RepublisherStatus after = republisher.status();
            assertThat(after.state()).isEqualTo(State.CONNECTED);
            assertThat(after.buffered()).isZero();
            assertThat(after.received()).isEqualTo(5_001);
            assertThat(after.dropped(DropReason.BUFFER_FULL)).isEqualTo(4_000);
            assertThat(after.isReconciled()).isTrue();
            // The subscriber may have joined after some of the backlog went out, but never sees a dropped tick.
            await().atMost(PATIENCE).until(() -> subscriber.count() >= 1);
            for (String message : subscriber.messages()) {
                assertThat((Long) Json.object(message).get("volume")).isIn(
                        java.util.stream.LongStream.concat(java.util.stream.LongStream.range(0, 1_000),
                                java.util.stream.LongStream.of(5_000)).boxed().toArray());
            }
        }
    }

    @Test
    void closeFlushesWhatIsBufferedThenReportsFinalCounts() throws Exception {
        redis = RedisServerProcess.start();
        RedisRepublisher closing = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL));
        try (TickSubscriber subscriber = TickSubscriber.counting(redis.url(), CHANNEL)) {
            offer(closing, 0, 20_000);
            closing.start();
            RepublisherStatus last = closing.close(Duration.ofSeconds(30));

            assertThat(last.state()).isEqualTo(State.CLOSED);
            assertThat(last.published()).isEqualTo(20_000);
            assertThat(last.buffered()).isZero();
            assertThat(last.droppedTotal()).isZero();
            await().atMost(PATIENCE).until(() -> subscriber.count() == 20_000);
        }
        assertThat(closing.offer(Ticks.numbered(1), "connection_1")).isFalse();
        RepublisherStatus after = closing.status();
        assertThat(after.dropped(DropReason.SHUTDOWN)).isEqualTo(1);
        assertThat(after.received()).isEqualTo(20_001);
        assertThat(after.isReconciled()).isTrue();
    }

    @Test
    void closeWhileRedisIsDownGivesUpAtTheTimeoutAndCountsTheRestAsShutdownDrops() throws Exception {
        redis = RedisServerProcess.notStarted();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)).start();
        offer(0, 100);
        long start = System.nanoTime();
        RepublisherStatus last = republisher.close(Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(last.state()).isEqualTo(State.CLOSED);
        assertThat(last.dropped(DropReason.SHUTDOWN)).isEqualTo(100);
        assertThat(last.buffered()).isZero();
        assertThat(last.published()).isZero();
        assertThat(last.isReconciled()).isTrue();
    }

    @Test
    void aDisabledRepublisherTakesNothingAndOpensNothing() {
        RedisRepublisher disabled = new RedisRepublisher(RepublisherConfig.disabled()).start();
        assertThat(disabled.offer(Ticks.numbered(1), "connection_1")).isFalse();
        RepublisherStatus status = disabled.status();
        assertThat(status.state()).isEqualTo(State.DISABLED);
        assertThat(status.received()).isZero();
        assertThat(status.target()).isEqualTo("redis://localhost:6379/0");
        disabled.close();
        assertThat(disabled.status().received()).isZero();
    }

    private void offer(long from, long to) {
        offer(republisher, from, to);
    }

    private static void offer(RedisRepublisher target, long from, long to) {
        for (long i = from; i < to; i++) {
            assertThat(target.offer(Ticks.numbered(i), "connection_1")).isTrue();
        }
    }
}
