package com.tickstock.console.republish;

import com.tickstock.console.feed.DropReason;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.OtherEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.StatusMessage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** What downstream consumers read off Redis, checked with a real subscriber on a real redis-server. */
class RepublishFormatTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private static String channel(TestInfo test) {
        return "test:" + test.getTestMethod().orElseThrow().getName();
    }

    @Test
    void perTickMessagesAreTheSeedFormatPlusEventTypeAndConnectionId(TestInfo test) {
        String channel = channel(test);
        Quote quote = Ticks.quote("MSFT", 400.10, 3, 400.20, 5, Ticks.T0 + 1);
        try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), channel);
             RedisRepublisher republisher = new RedisRepublisher(
                     RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start()) {

            assertThat(republisher.offer(Ticks.trade("AAPL", 187.12, 100, Ticks.T0), "connection_1")).isTrue();
            assertThat(republisher.offer(quote, "connection_2")).isTrue();
            assertThat(republisher.offer(Ticks.minuteBar("NVDA", 500.5, 502.25, 499.75, 501.0, 12_345, 500.9,
                    498.123456, 1_705_853_640_000L, 1_705_853_700_000L), "connection_3")).isTrue();

            await().atMost(PATIENCE).until(() -> subscriber.messages().size() == 3);
            List<String> messages = subscriber.messages();

            assertThat(messages.get(0)).isEqualTo("{\"type\":\"market_tick\",\"symbol\":\"AAPL\",\"price\":187.12,"
                    + "\"volume\":100,\"timestamp\":1705853696.123,\"source\":\"massive\",\"event_type\":\"T\","
                    + "\"connection_id\":\"connection_1\"}");

            Map<String, Object> q = Json.object(messages.get(1));
            assertThat(q).containsEntry("type", "market_tick").containsEntry("symbol", "MSFT")
                    .containsEntry("volume", 0L).containsEntry("timestamp", 1705853696.124)
                    .containsEntry("source", "massive").containsEntry("event_type", "Q")
                    .containsEntry("connection_id", "connection_2")
                    .containsEntry("bid", 400.10).containsEntry("ask", 400.20)
                    .containsEntry("bid_size", 3L).containsEntry("ask_size", 5L);
            assertThat((Double) q.get("price")).isEqualTo(quote.midPrice()).isCloseTo(400.15, within(1e-9));

            assertThat(Json.object(messages.get(2))).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("type", "market_tick"), Map.entry("symbol", "NVDA"), Map.entry("price", 501.0),
                    Map.entry("volume", 12_345L), Map.entry("timestamp", 1705853700.0),
                    Map.entry("source", "massive"), Map.entry("event_type", "AM"),
                    Map.entry("connection_id", "connection_3"), Map.entry("open", 500.5),
                    Map.entry("high", 502.25), Map.entry("low", 499.75), Map.entry("close", 501.0),
                    Map.entry("vwap", 500.9), Map.entry("day_vwap", 498.123456),
                    Map.entry("window_start", 1705853640.0)));

            await().atMost(PATIENCE).until(() -> republisher.status().published() == 3);
            RepublisherStatus status = republisher.status();
            assertThat(status.state()).isEqualTo(RepublisherStatus.State.CONNECTED);
            assertThat(status.received()).isEqualTo(3);
            assertThat(status.buffered()).isZero();
            assertThat(status.isReconciled()).isTrue();
        }
    }

    @Test
    void batchFormatPublishesOneJsonArrayPerFlushInTickOrder(TestInfo test) {
        String channel = channel(test);
        RepublisherConfig config = RepublisherConfig.fromUrl(redis.url()).withChannel(channel)
                .withFormat(RepublisherConfig.Format.BATCH).withBatchSize(200);
        try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), channel);
             RedisRepublisher republisher = new RedisRepublisher(config)) {
            // Offered before start, so the buffer holds all 500 when the first batch is drained.
            for (int i = 0; i < 500; i++) {
                assertThat(republisher.offer(Ticks.numbered(i), "connection_1")).isTrue();
            }
            republisher.start();

            await().atMost(PATIENCE).until(() -> subscriber.messages().size() == 3);
            List<String> messages = subscriber.messages();
            long expected = 0;
            int[] sizes = new int[3];
            for (int m = 0; m < 3; m++) {
                List<Object> batch = Json.array(messages.get(m));
                sizes[m] = batch.size();
                for (Object element : batch) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> tick = (Map<String, Object>) element;
                    assertThat(tick).containsEntry("type", "market_tick").containsEntry("event_type", "T")
                            .containsEntry("volume", expected++);
                }
            }
            assertThat(sizes).containsExactly(200, 200, 100);
            await().atMost(PATIENCE).until(() -> republisher.status().published() == 500);
        }
    }

    @Test
    void streamModeAddsOneEntryPerTickAndTrimsApproximately(TestInfo test) {
        String key = channel(test);
        RepublisherConfig config = RepublisherConfig.fromUrl(redis.url()).withChannel(key)
                .withMode(RepublisherConfig.Mode.STREAM).withStreamMaxLen(1_000);
        try (RedisRepublisher republisher = new RedisRepublisher(config).start()) {
            for (int i = 0; i < 5_000; i++) {
                assertThat(republisher.offer(Ticks.numbered(i), "connection_1")).isTrue();
            }
            await().atMost(PATIENCE).until(() -> republisher.status().published() == 5_000);
        }
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long length = connection.sync().xlen(key);
            // "~" lets Redis keep up to a macro node (100 entries by default) beyond MAXLEN.
            assertThat(length).isBetween(1_000L, 1_100L);
            List<StreamMessage<String, String>> last = connection.sync().xrevrange(key,
                    io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
            assertThat(last).hasSize(1);
            assertThat(last.get(0).getBody()).containsOnlyKeys("data");
            assertThat(Json.object(last.get(0).getBody().get("data"))).containsEntry("volume", 4_999L)
                    .containsEntry("symbol", "SEQ");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void invalidTicksAreDroppedAndCountedAndNonTicksIgnored(TestInfo test) {
        String channel = channel(test);
        try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), channel);
             RedisRepublisher republisher = new RedisRepublisher(
                     RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start()) {
            List<com.tickstock.console.feed.FeedEvent> invalid = List.of(
                    Ticks.trade("AAPL", 0, 100, Ticks.T0),
                    Ticks.trade("AAPL", -1, 100, Ticks.T0),
                    Ticks.trade("AAPL", Double.NaN, 100, Ticks.T0),
                    Ticks.trade("AAPL", 1, -5, Ticks.T0),
                    Ticks.trade(" ", 1, 5, Ticks.T0),
                    Ticks.trade("AAPL", 1, 5, 0),
                    Ticks.trade("AAPL", 1, 5, Ticks.T0 * 1000), // microseconds in the millisecond field
                    Ticks.quote("AAPL", 0, 1, 187.0, 1, Ticks.T0)); // one-sided quote
            for (var event : invalid) {
                assertThat(republisher.offer(event, "connection_1")).as(event.toString()).isFalse();
            }
            assertThat(republisher.offer(new StatusMessage("success", "subscribed to: T.AAPL"), "connection_1")).isFalse();
            assertThat(republisher.offer(new OtherEvent(EventType.FAIR_MARKET_VALUE, "AAPL", Ticks.T0), "connection_1"))
                    .isFalse();
            assertThat(republisher.offer(Ticks.trade("AAPL", 187.5, 1, Ticks.T0), "connection_1")).isTrue();

            await().atMost(PATIENCE).until(() -> republisher.status().published() == 1);
            RepublisherStatus status = republisher.status();
            assertThat(status.received()).isEqualTo(invalid.size() + 1);
            assertThat(status.dropped(DropReason.INVALID_TICK)).isEqualTo(invalid.size());
            assertThat(status.ignored()).isEqualTo(2);
            assertThat(status.isReconciled()).isTrue();
            await().atMost(PATIENCE).until(() -> subscriber.count() == 1);
            assertThat(Json.object(subscriber.messages().get(0))).containsEntry("price", 187.5);
        }
    }

    @Test
    void aWholeFrameOfferedAtOnceArrivesInOrderWithItsNonTicksCountedAsOneAtATime(TestInfo test) {
        String channel = channel(test);
        try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), channel);
             RedisRepublisher republisher = new RedisRepublisher(
                     RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start()) {
            List<com.tickstock.console.feed.FeedEvent> frame = new java.util.ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                frame.add(Ticks.trade("AAPL", 100 + i, i, Ticks.T0 + i));
            }
            frame.add(5, Ticks.trade("AAPL", -1, 100, Ticks.T0)); // invalid
            frame.add(9, new OtherEvent(EventType.FAIR_MARKET_VALUE, "AAPL", Ticks.T0)); // not a tick

            assertThat(republisher.offerAll(frame, "connection_2", System.nanoTime())).isEqualTo(20);

            await().atMost(PATIENCE).until(() -> subscriber.count() == 20);
            RepublisherStatus status = republisher.status();
            assertThat(status.received()).isEqualTo(21);
            assertThat(status.published()).isEqualTo(20);
            assertThat(status.dropped(DropReason.INVALID_TICK)).isEqualTo(1);
            assertThat(status.ignored()).isEqualTo(1);
            assertThat(subscriber.messages().stream().map(m -> Json.object(m).get("price")).toList())
                    .containsExactly(101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0,
                            111.0, 112.0, 113.0, 114.0, 115.0, 116.0, 117.0, 118.0, 119.0, 120.0);
            assertThat(Json.object(subscriber.messages().get(0))).containsEntry("connection_id", "connection_2");
        }
    }

    @Test
    void ticksFromConcurrentFeedThreadsAllArriveEachConnectionInItsOwnOrder(TestInfo test) throws Exception {
        String channel = channel(test);
        int threads = 4;
        int perThread = 25_000;
        try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), channel);
             RedisRepublisher republisher = new RedisRepublisher(
                     RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start()) {
            List<Thread> feeds = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String connection = "connection_" + t;
                Thread feed = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        republisher.offer(Ticks.numbered(i), connection);
                    }
                });
                feed.start();
                feeds.add(feed);
            }
            for (Thread feed : feeds) {
                feed.join();
            }
            await().atMost(PATIENCE).until(() -> subscriber.count() == (long) threads * perThread);

            long[] next = new long[threads];
            for (String message : subscriber.messages()) {
                Map<String, Object> tick = Json.object(message);
                int t = Integer.parseInt(((String) tick.get("connection_id")).substring("connection_".length()));
                assertThat(tick.get("volume")).as("next tick of connection_%d", t).isEqualTo(next[t]++);
            }
            assertThat(next).containsOnly(perThread);
            RepublisherStatus status = republisher.status();
            assertThat(status.published()).isEqualTo((long) threads * perThread);
            assertThat(status.isReconciled()).isTrue();
        }
    }

    @Test
    void statusShowsThePublishRateAndLatencyWhileTicksFlow(TestInfo test) throws Exception {
        String channel = channel(test);
        try (RedisRepublisher republisher = new RedisRepublisher(
                RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start()) {
            java.util.concurrent.atomic.AtomicBoolean feeding = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread feed = new Thread(() -> {
                long i = 0;
                while (feeding.get()) {
                    republisher.offer(Ticks.numbered(i++), "connection_1");
                    if (i % 100 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // ~100k ticks/s at most
                    }
                }
            });
            feed.start();
            try {
                await().atMost(PATIENCE).until(() -> republisher.status().publishRate() > 0
                        && republisher.status().p99LatencyMillis() > 0);
                RepublisherStatus status = republisher.status();
                assertThat(status.p99LatencyMillis()).isLessThan((double) PATIENCE.toMillis());
                assertThat(status.p999LatencyMillis()).isGreaterThanOrEqualTo(status.p99LatencyMillis())
                        .isLessThan((double) PATIENCE.toMillis());
                assertThat(status.toHealthMap().get("publish_rate")).isEqualTo(status.publishRate());
            } finally {
                feeding.set(false);
                feed.join();
            }
        }
    }

    @Test
    void latencyIsMeasuredFromWhenTheTickWasReceivedNotFromTheOffer(TestInfo test) {
        String channel = channel(test);
        try (RedisRepublisher republisher = new RedisRepublisher(
                RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start()) {
            await().atMost(PATIENCE).until(() -> republisher.status().state() == RepublisherStatus.State.CONNECTED);
            // As if each tick had waited 400 ms in the feed's hand-off before reaching the republisher.
            long receivedNanos = System.nanoTime() - java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(400);
            for (int i = 0; i < 1_000; i++) {
                assertThat(republisher.offer(Ticks.numbered(i), "connection_1", receivedNanos)).isTrue();
            }
            // The summary takes whole seconds: wait until the second holding the acks has been closed.
            await().atMost(PATIENCE).until(() -> republisher.latencySummary().count() == 1_000);
            LatencySummary summary = republisher.latencySummary();
            assertThat(summary.p50Millis()).isGreaterThanOrEqualTo(399.0);
            assertThat(summary.p99Millis()).isGreaterThanOrEqualTo(summary.p50Millis());
            assertThat(summary.p999Millis()).isGreaterThanOrEqualTo(summary.p99Millis());
            assertThat(summary.maxMillis()).isGreaterThanOrEqualTo(summary.p999Millis()).isLessThan((double) PATIENCE.toMillis());

            republisher.resetLatencySummary();
            assertThat(republisher.latencySummary()).isEqualTo(new LatencySummary(0, 0, 0, 0, 0));
        }
    }

    @Test
    void symbolsThatNeedEscapingStayValidJson(TestInfo test) {
        String channel = channel(test);
        String symbol = "BRK\"B\\\u00e9\u0001";
        try (TickSubscriber subscriber = TickSubscriber.subscribe(redis.url(), channel);
             RedisRepublisher republisher = new RedisRepublisher(
                     RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start()) {
            republisher.offer(Ticks.trade(symbol, 1.5, 1, Ticks.T0), "conn\"1");
            await().atMost(PATIENCE).until(() -> subscriber.count() == 1);
            assertThat(Json.object(subscriber.messages().get(0))).containsEntry("symbol", symbol)
                    .containsEntry("connection_id", "conn\"1");
        }
    }
}
