package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TickerBoardTest {

    static Trade trade(String symbol, double price, long size, long seq) {
        return new Trade(symbol, 4, "t" + seq, 3, price, size, List.of(), 1_700_000_000_000L + seq, seq, 0, 0);
    }

    static Quote quote(String symbol, double bid, double ask) {
        return new Quote(symbol, 4, bid, 2, 7, ask, 3, 0, List.of(), 1_700_000_000_000L, 1, 3);
    }

    static Bar bar(String symbol, double close, long volume) {
        return new Bar(EventType.SECOND_BAR, symbol, volume, volume, close, close, close, close, close, close, close,
                10, 1_700_000_000_000L, 1_700_000_001_000L, false);
    }

    static EventBatch batch(String connection, long at, FeedEvent... events) {
        return new EventBatch(connection, List.of(events), at);
    }

    @Test
    void tradeSetsLastPriceVolumeAndMeasuresChangeFromTheFirstPrice() {
        TickerBoard board = new TickerBoard();
        board.onTicks(batch("connection_1", 1_000, trade("AAPL", 100.0, 10, 1), trade("AAPL", 102.0, 5, 2)));

        TickerView aapl = board.get("AAPL").view();
        assertThat(aapl.lastPrice()).isEqualTo(102.0);
        assertThat(aapl.referencePrice()).isEqualTo(100.0);
        assertThat(aapl.changePercent()).isCloseTo(2.0, within(1e-9));
        assertThat(aapl.volume()).isEqualTo(15);
        assertThat(aapl.ticks()).isEqualTo(2);
        assertThat(aapl.lastSequence()).isEqualTo(2);
        assertThat(aapl.connectionId()).isEqualTo("connection_1");
        assertThat(aapl.lastUpdateMillis()).isEqualTo(1_000);
    }

    @Test
    void quoteSetsBidAndAskWithoutTouchingThePrice() {
        TickerBoard board = new TickerBoard();
        board.onTicks(batch("connection_2", 5, quote("MSFT", 410.10, 410.14)));

        TickerView msft = board.get("MSFT").view();
        assertThat(msft.bid()).isEqualTo(410.10);
        assertThat(msft.ask()).isEqualTo(410.14);
        assertThat(msft.lastPrice()).isNaN();
        assertThat(msft.changePercent()).isNaN();
    }

    @Test
    void barCloseStandsInForThePriceUntilATradeArrives() {
        TickerBoard board = new TickerBoard();
        board.onTicks(batch("connection_1", 1, bar("XOM", 110.0, 500)));
        assertThat(board.get("XOM").view().lastPrice()).isEqualTo(110.0);
        assertThat(board.get("XOM").view().barClose()).isEqualTo(110.0);

        board.onTicks(batch("connection_1", 2, trade("XOM", 111.0, 1, 1), bar("XOM", 120.0, 5)));
        assertThat(board.get("XOM").view().lastPrice()).isEqualTo(111.0);
        assertThat(board.get("XOM").view().referencePrice()).isEqualTo(111.0);
        assertThat(board.get("XOM").view().barClose()).isEqualTo(120.0);
    }

    @Test
    void historyIsSampledNotRecordedPerTickAndKeepsOnlyTheNewestPoints() {
        TickerBoard board = new TickerBoard();
        // Ten trades within one sample interval make one point.
        for (int i = 0; i < 10; i++) {
            board.onTicks(batch("c", 0, trade("T", 1 + i, 1, i)));
        }
        assertThat(board.get("T").view().historySamples()).isEqualTo(1);
        // 300 intervals later the ring holds the newest HISTORY_POINTS, oldest first.
        for (int i = 1; i <= 300; i++) {
            board.onTicks(batch("c", i * TickerBoard.HISTORY_SAMPLE_MILLIS, trade("T", 1000 + i, 1, 100 + i)));
        }
        double[] points = new double[TickerBoard.HISTORY_POINTS];
        int n = board.get("T").copyHistory(points);
        assertThat(n).isEqualTo(TickerBoard.HISTORY_POINTS);
        assertThat(points[0]).isEqualTo(1000 + 300 - TickerBoard.HISTORY_POINTS + 1);
        assertThat(points[n - 1]).isEqualTo(1300);
    }

    @Test
    void versionMovesWithEveryEventSoReadersCanSkipUnchangedTickers() {
        TickerBoard board = new TickerBoard();
        board.onTicks(batch("c", 1, trade("A", 1, 1, 1)));
        long before = board.get("A").version();
        board.onTicks(batch("c", 2, quote("A", 1, 2)));
        assertThat(board.get("A").version()).isGreaterThan(before);
    }

    @Test
    void perConnectionViewAndSnapshotAndForget() {
        TickerBoard board = new TickerBoard();
        board.onTicks(batch("connection_1", 1, trade("A", 1, 1, 1), trade("B", 2, 1, 1)));
        board.onTicks(batch("connection_2", 1, trade("C", 3, 1, 1)));

        assertThat(board.ofConnection("connection_1")).extracting(TickerState::symbol).containsExactlyInAnyOrder("A", "B");
        assertThat(board.snapshot()).extracting(TickerView::symbol).containsExactlyInAnyOrder("A", "B", "C");
        board.forget("B");
        assertThat(board.get("B")).isNull();
        assertThat(board.size()).isEqualTo(2);
    }

    @Test
    void threeDispatchThreadsWritingTheirOwnTickersLoseNothing() throws Exception {
        TickerBoard board = new TickerBoard();
        int perThread = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int c = 1; c <= 3; c++) {
            String connection = "connection_" + c;
            List<FeedEvent> frame = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                frame.add(trade("C" + c + "T" + t, 10 + t, 1, t));
            }
            EventBatch batch = new EventBatch(connection, frame, 1);
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread / 10; i++) {
                    board.onTicks(batch);
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(board.size()).isEqualTo(30);
        for (TickerState state : board.all()) {
            assertThat(state.view().ticks()).as(state.symbol()).isEqualTo(perThread / 10);
            assertThat(state.view().volume()).isEqualTo(perThread / 10);
        }
    }
}
