package com.tickstock.console.republish;

import com.tickstock.console.republish.RepublisherStatus.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A redis-server frozen with SIGSTOP keeps its connections open and answers nothing, as a hung host or a
 * half-open TCP connection does: the status must say so within the command timeout, not stay "connected".
 */
class RepublishFrozenRedisTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The answer timeout (2 s) plus the loop's turn, with room for a loaded machine; the old code took 10 s. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(6);
    private static final String CHANNEL = "test:frozen";

    private RedisServerProcess redis;
    private RedisRepublisher republisher;

    @AfterEach
    void cleanUp() throws Exception {
        if (redis != null) {
            redis.thaw(); // harmless when running; a frozen server would ignore the SIGKILL's cleanup otherwise
        }
        RepublishTestSupport.closeBoth(republisher, redis);
    }

    @Test
    void aFrozenRedisIsReportedNotAnsweringWhileTicksFlowAndNothingIsLost() throws Exception {
        redis = RedisServerProcess.start();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)).start();
        // Subscribed before the first tick, so that it can be expected to see every one.
        TickSubscriber subscriber = TickSubscriber.counting(redis.url(), CHANNEL);
        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);
        AtomicLong offered = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            while (producing.get()) { // about 10k ticks/s
                for (int i = 0; i < 10; i++) {
                    republisher.offer(Ticks.numbered(offered.getAndIncrement()), "connection_1");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "test-feed");
        feed.start();
        try (subscriber) {
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 2_000);

            redis.freeze();
            long frozenAt = System.nanoTime();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                    .until(() -> republisher.status().state() == State.NOT_ANSWERING);
            Duration noticed = Duration.ofNanos(System.nanoTime() - frozenAt);
            assertThat(noticed).isLessThan(NOTICED_WITHIN);
            RepublisherStatus frozen = republisher.status();
            assertThat(frozen.lastError()).contains("Redis not answering");
            assertThat(frozen.downSince()).isNotNull();
            assertThat(frozen.toHealthMap()).containsEntry("state", "not_answering");

            redis.thaw();
            await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);
            producing.set(false);
            feed.join();
            await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);

            RepublisherStatus status = republisher.status();
            assertThat(status.received()).isEqualTo(offered.get());
            assertThat(status.droppedTotal()).isZero();
            assertThat(status.published()).isEqualTo(offered.get());
            assertThat(status.received()).isEqualTo(status.published() + status.droppedTotal() + status.buffered());
            // At least once: the subscriber saw every tick published while it listened.
            await().atMost(PATIENCE).until(() -> subscriber.count() >= offered.get());
        } finally {
            producing.set(false);
            feed.join();
        }
    }

    @Test
    void aFreezeWhileTheFeedIsQuietIsNoticedToo() throws Exception {
        redis = RedisServerProcess.start();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)).start();
        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);

        redis.freeze();
        long frozenAt = System.nanoTime();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> republisher.status().state() == State.NOT_ANSWERING);
        // A PING goes out after a second without replies; it then has the answer timeout to come back.
        assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isLessThan(NOTICED_WITHIN.plusSeconds(1));
        assertThat(republisher.status().lastError()).contains("Redis not answering").contains("PING");

        redis.thaw();
        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);
        republisher.offer(Ticks.numbered(1), "connection_1");
        await().atMost(PATIENCE).until(() -> republisher.status().published() == 1);
    }
}
