package com.tickstock.console.republish;

import com.tickstock.console.feed.DropReason;
import com.tickstock.console.republish.RepublisherStatus.State;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog after an outage is sent at the drain rate, not in one burst; PUBLISH's receiver count shows
 * subscribers Redis cut; a full buffer gives up its oldest ticks. Real redis-server processes throughout.
 */
class RepublishCatchUpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "test:catchup";

    private RedisServerProcess redis;
    private RedisRepublisher republisher;

    @AfterEach
    void cleanUp() throws Exception {
        RepublishTestSupport.closeBoth(republisher, redis);
    }

    @Test
    void aBacklogIsSentAtTheDrainRateAndShownAsCatchingUp() throws Exception {
        redis = RedisServerProcess.start();
        int rate = 2_000;
        int backlog = 7_000;
        try (TickSubscriber subscriber = TickSubscriber.counting(redis.url(), CHANNEL)) {
            republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                    .withDrainRate(rate));
            offer(0, backlog); // buffered before the first connection, as during an outage
            long start = System.nanoTime();
            republisher.start();

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                    .until(() -> republisher.status().catchUp().active());
            Map<String, Object> health = republisher.status().toHealthMap();
            assertThat(health).containsEntry("catching_up", true).containsEntry("drain_rate", rate);
            assertThat((String) health.get("catch_up")).matches("catching up: [0-9,]+ buffered, ETA [0-9]+ s");
            assertThat(republisher.status().appendMetrics(new StringBuilder()).toString())
                    .contains("tickstock_redis_catching_up 1\n");

            // Never faster than the pace: what was published is bounded by the elapsed time, plus the burst
            // allowance and the last batch, which goes unpaced once the backlog is down to one batch.
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
                RepublisherStatus now = republisher.status();
                double elapsed = (System.nanoTime() - start) / 1e9;
                assertThat(now.published()).as("published after %.2f s", elapsed)
                        .isLessThanOrEqualTo((long) (rate * elapsed) + 1_000 + rate / 20 + 1);
                return now.buffered() == 0;
            });
            double took = (System.nanoTime() - start) / 1e9;
            assertThat(took).as("seconds to drain %d ticks at %d/s", backlog, rate).isGreaterThan(2.5);

            await().atMost(PATIENCE).until(() -> subscriber.count() == backlog);
            RepublisherStatus done = republisher.status();
            assertThat(done.catchUp().active()).isFalse();
            assertThat(done.toHealthMap()).containsEntry("catching_up", false).containsEntry("catch_up", null);
            assertThat(done.published()).isEqualTo(backlog);
            assertThat(done.droppedTotal()).isZero();
            assertThat(done.receivers().current()).isEqualTo(1);
            assertThat(done.receivers().publishedToNone()).isZero();
            assertThat(done.isReconciled()).isTrue();
        }
    }

    @Test
    void aFeedFasterThanTheDrainRateStillLetsTheCatchUpFinish() throws Exception {
        redis = RedisServerProcess.notStarted();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                .withDrainRate(RepublisherConfig.MIN_DRAIN_RATE)).start();
        AtomicLong offered = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            while (producing.get()) { // about 3,000 ticks/s, thirty times the drain rate
                for (int i = 0; i < 3; i++) {
                    republisher.offer(Ticks.numbered(offered.getAndIncrement()), "connection_1");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "test-feed");
        feed.start();
        try {
            await().atMost(PATIENCE).until(() -> republisher.status().buffered() >= 3_000);
            redis.startProcess();
            await().atMost(PATIENCE).until(() -> republisher.status().catchUp().active());
            // Paced at 1.25x the feed rather than at 100 ticks/s, the backlog shrinks and the catch-up ends.
            await().atMost(PATIENCE).until(() -> !republisher.status().catchUp().active());
            assertThat(producing.get()).isTrue();
        } finally {
            producing.set(false);
            feed.join();
        }
        await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);
        assertThat(republisher.status().published()).isEqualTo(offered.get());
    }

    @Test
    void aStreamGetsItsBacklogAtFullSpeed() throws Exception {
        redis = RedisServerProcess.start();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                .withMode(RepublisherConfig.Mode.STREAM).withDrainRate(RepublisherConfig.MIN_DRAIN_RATE));
        offer(0, 5_000);
        republisher.start();
        // At the 100 ticks/s pace this would take 50 s; stream consumers pull, so nothing is paced.
        await().atMost(Duration.ofSeconds(20)).until(() -> republisher.status().published() == 5_000);
        assertThat(republisher.status().catchUp().active()).isFalse();
    }

    @Test
    void liveTicksWithoutAnOutageAreNotPaced() throws Exception {
        redis = RedisServerProcess.start();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                .withDrainRate(RepublisherConfig.MIN_DRAIN_RATE)).start();
        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.CONNECTED);
        offer(0, 20_000);
        // At the 100 ticks/s pace this would take 200 s.
        await().atMost(Duration.ofSeconds(20)).until(() -> republisher.status().published() == 20_000);
        assertThat(republisher.status().catchUp().active()).isFalse();
        // Nobody subscribed: accepted by Redis, delivered to no one, and counted as such.
        assertThat(republisher.status().receivers().publishedToNone()).isEqualTo(20_000);
        assertThat(republisher.status().toHealthMap()).containsEntry("published_no_receivers", 20_000L)
                .containsEntry("receivers", 0L);
    }

    @Test
    void aSubscriberThatRedisCutsDuringACatchUpIsCountedAndShown() throws Exception {
        redis = RedisServerProcess.start();
        // A small pub/sub output limit, so a subscriber that stops reading is disconnected soon.
        assertThat(redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 262144 131072 1"))
                .isEqualTo("+OK");
        try (Socket paused = new Socket()) {
            paused.setReceiveBufferSize(4_096);
            paused.connect(new InetSocketAddress("127.0.0.1", redis.port()), 2_000);
            paused.setSoTimeout(5_000);
            paused.getOutputStream().write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            awaitSubscribed(paused.getInputStream());
            // From here on the subscriber reads nothing, like a consumer stuck in a long computation.

            republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                    .withDrainRate(40_000));
            offer(0, 100_000);
            republisher.start();

            await().atMost(PATIENCE).until(() -> republisher.status().receivers().subscribersLost() >= 1);
            RepublisherStatus status = republisher.status();
            assertThat(status.receivers().lastLoss()).contains("down from 1").contains("while catching up")
                    .contains("client-output-buffer-limit");
            assertThat(status.toHealthMap()).containsEntry("subscribers_lost", 1L);
            assertThat(status.appendMetrics(new StringBuilder()).toString())
                    .contains("tickstock_redis_subscribers_lost_total 1\n");
            // What follows reaches no one, and says so.
            await().atMost(PATIENCE).until(() -> republisher.status().receivers().publishedToNone() > 0);
            await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);
            RepublisherStatus done = republisher.status();
            assertThat(done.receivers().current()).isZero();
            assertThat(done.published()).isEqualTo(100_000);
            assertThat(done.isReconciled()).isTrue();
        }
    }

    @Test
    void aFullBufferDropsTheOldestByDefaultAndDeliversTheNewest() throws Exception {
        redis = RedisServerProcess.notStarted();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(CHANNEL)
                .withMode(RepublisherConfig.Mode.STREAM).withBufferSize(1_000)).start();
        await().atMost(PATIENCE).until(() -> republisher.status().lastError() != null);

        for (int chunk = 0; chunk < 5; chunk++) {
            offer(chunk * 1_000L, (chunk + 1) * 1_000L); // every offer is taken: the oldest make room
            long evicted = chunk * 1_000L;
            await().atMost(PATIENCE).until(() -> republisher.evictedSoFar() == evicted);
        }
        RepublisherStatus full = republisher.status();
        assertThat(full.received()).isEqualTo(5_000);
        assertThat(full.buffered()).isEqualTo(1_000);
        assertThat(full.dropped(DropReason.BUFFER_FULL_OLDEST)).isEqualTo(4_000);
        assertThat(full.dropped(DropReason.BUFFER_FULL)).isZero();
        assertThat(full.isReconciled()).isTrue();

        redis.startProcess();
        await().atMost(PATIENCE).until(() -> republisher.status().published() == 1_000);
        // A stream keeps what was sent, so the test can see exactly which ticks survived: the newest.
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<StreamMessage<String, String>> entries = connection.sync().xrange(CHANNEL, Range.create("-", "+"));
            assertThat(entries).hasSize(1_000);
            for (int i = 0; i < entries.size(); i++) {
                assertThat(Json.object(entries.get(i).getBody().get("data")).get("volume")).isEqualTo(4_000L + i);
            }
        } finally {
            client.shutdown();
        }
        RepublisherStatus after = republisher.status();
        assertThat(after.dropped(DropReason.BUFFER_FULL_OLDEST)).isEqualTo(4_000);
        assertThat(after.isReconciled()).isTrue();
    }

    private void offer(long from, long to) {
        for (long i = from; i < to; i++) {
            assertThat(republisher.offer(Ticks.numbered(i), "connection_1")).as("tick %d taken", i).isTrue();
        }
    }

    /** Reads the SUBSCRIBE confirmation ({@code *3 $9 subscribe $n channel :1}), then nothing more. */
    private static void awaitSubscribed(InputStream in) throws Exception {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(":1\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IllegalStateException("connection closed before SUBSCRIBE was confirmed: " + seen);
            }
            seen.append((char) c);
        }
    }
}
