package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** LastValues updated in place by several dispatch threads while the publisher takes what changed. */
class LastValuesTest {

    private static final Pattern TICKS = Pattern.compile("\"ticks\":(\\d+)");

    private static Trade trade(String symbol, double price, long size) {
        return new Trade(symbol, 4, "1", 3, price, size, List.of(), 1_700_000_000_000L, 1, 0, 0);
    }

    private static Quote quote(String symbol, double bid, double ask) {
        return new Quote(symbol, 1, bid, 100, 2, ask, 200, 0, List.of(), 1_700_000_000_000L, 1, 3);
    }

    private static EventBatch batch(String connection, FeedEvent... events) {
        return new EventBatch(connection, List.of(events), 0, 0);
    }

    @Test
    void aTickerIsReportedOnceAfterItChangesAndAgainOnlyAfterTheNextChange() {
        LastValues values = new LastValues();
        values.onTicks(batch("connection_1", trade("AAPL", 100, 10), quote("AAPL", 99.5, 100.5),
                trade("AAPL", 102, 5)));
        values.onTicks(batch("connection_2", trade("JPM", 50, 1)));

        Map<String, String> first = values.takeChanged();
        assertThat(first).containsOnlyKeys("AAPL", "JPM");
        assertThat(first.get("AAPL")).isEqualTo("{\"connection\":\"connection_1\",\"last\":102.0,\"size\":5,"
                + "\"trade_ms\":1700000000000,\"bid\":99.5,\"ask\":100.5,\"change_pct\":2.0,\"ticks\":3,\"volume\":15}");
        assertThat(values.takeChanged()).isEmpty();

        values.onTicks(batch("connection_3", trade("JPM", 51, 1)));
        assertThat(values.takeChanged()).containsOnlyKeys("JPM").extractingByKey("JPM").asString()
                .contains("\"connection\":\"connection_3\"", "\"ticks\":2");

        values.markAllChanged();
        assertThat(values.takeChanged()).containsOnlyKeys("AAPL", "JPM");
        assertThat(values.tickers()).isEqualTo(2);
    }

    /**
     * Three writers (as three connections' dispatch threads) and one taker (as the publisher) at once: every
     * ticker's final count is exact and its last report carries it, so no update is lost between a take and a write.
     */
    @Test
    void concurrentWritersAndTakerLoseNoUpdate() throws Exception {
        LastValues values = new LastValues();
        int writers = 3;
        int tickersEach = 50;
        int rounds = 2_000;
        CountDownLatch done = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String connection = "connection_" + (w + 1);
            int first = w * tickersEach;
            Thread t = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    List<FeedEvent> events = new ArrayList<>();
                    for (int i = 0; i < tickersEach; i++) {
                        events.add(trade("T" + (first + i), 10 + r, 1));
                    }
                    values.onTicks(new EventBatch(connection, events, 0, 0));
                }
                done.countDown();
            });
            threads.add(t);
            t.start();
        }
        Map<String, String> lastReport = new HashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        while (writing.get()) {
            writing.set(done.getCount() > 0);
            lastReport.putAll(values.takeChanged()); // one more take after the writers finished
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(lastReport).hasSize(writers * tickersEach);
        for (String json : lastReport.values()) {
            Matcher ticks = TICKS.matcher(json);
            assertThat(ticks.find()).isTrue();
            assertThat(Long.parseLong(ticks.group(1))).isEqualTo(rounds);
            assertThat(json).contains("\"last\":" + (10.0 + rounds - 1));
        }
        assertThat(values.takeChanged()).isEmpty();
    }
}
