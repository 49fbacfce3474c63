package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    private final SequenceTracker tracker = new SequenceTracker();

    @BeforeEach
    void subscribe() {
        tracker.scopeTo(List.of(Topic.parse("T.AAPL"), Topic.parse("Q.AAPL"), Topic.parse("T.MSFT")));
    }

    private static Trade trade(String sym, long q) {
        return new Trade(sym, 4, "1", 3, 10.0, 100, List.of(), 1L, q, 0, 0);
    }

    private static Quote quote(String sym, long q) {
        return new Quote(sym, 1, 9.9, 1, 2, 10.1, 1, 0, List.of(), 1L, q, 3);
    }

    @Test
    void consecutiveNumbersAreNeitherGapsNorOutOfOrder() {
        for (long q = 1; q <= 100; q++) {
            tracker.check(trade("AAPL", q));
        }
        assertThat(tracker.gaps()).isZero();
        assertThat(tracker.outOfOrder()).isZero();
    }

    @Test
    void aJumpIsOneGapCountingTheMissingNumbersPerSymbol() {
        tracker.check(trade("AAPL", 10));
        tracker.check(trade("AAPL", 15)); // 11..14 never seen
        tracker.check(trade("MSFT", 1));
        tracker.check(trade("MSFT", 2));
        assertThat(tracker.gaps()).isEqualTo(1);
        assertThat(tracker.missing()).isEqualTo(4);
        assertThat(tracker.gapsBySymbol()).containsExactly(java.util.Map.entry("AAPL", 1L));
    }

    @Test
    void repeatsAndRegressionsAreOutOfOrderAndDoNotMoveTheMark() {
        tracker.check(trade("AAPL", 10));
        tracker.check(trade("AAPL", 10));
        tracker.check(trade("AAPL", 7));
        tracker.check(trade("AAPL", 11));
        assertThat(tracker.outOfOrder()).isEqualTo(2);
        assertThat(tracker.gaps()).isZero();
    }

    @Test
    void tradesAndQuotesAreNumberedSeparately() {
        tracker.check(trade("AAPL", 100));
        tracker.check(quote("AAPL", 5));
        tracker.check(quote("AAPL", 6));
        tracker.check(trade("AAPL", 101));
        assertThat(tracker.gaps()).isZero();
        assertThat(tracker.outOfOrder()).isZero();
    }

    @Test
    void unnumberedEventsAreIgnored() {
        tracker.check(trade("AAPL", 0));
        tracker.check(trade("AAPL", 0));
        assertThat(tracker.outOfOrder()).isZero();
    }

    @Test
    void symbolsNobodySubscribedToAreNeverTracked() {
        for (int i = 0; i < 30_000; i++) {
            tracker.check(trade("X" + i, 1));
            tracker.check(trade("X" + i, 5));
        }
        tracker.check(quote("MSFT", 1)); // trades of MSFT are subscribed, its quotes are not
        tracker.check(quote("MSFT", 9));
        tracker.check(trade("AAPL", 1));
        tracker.check(trade("AAPL", 3));
        assertThat(tracker.trackedSymbols()).isEqualTo(1);
        assertThat(tracker.gaps()).isEqualTo(1);
        assertThat(tracker.gapsBySymbol()).containsOnlyKeys("AAPL");
    }

    @Test
    void anUnsubscribedSymbolIsForgottenAndStartsAfreshWhenSubscribedAgain() {
        tracker.check(trade("AAPL", 10));
        tracker.check(trade("AAPL", 12));
        tracker.check(trade("MSFT", 10));
        tracker.scopeTo(List.of(Topic.parse("T.MSFT")));
        tracker.check(trade("MSFT", 11));
        assertThat(tracker.trackedSymbols()).isEqualTo(1);
        assertThat(tracker.gapsBySymbol()).isEmpty();
        tracker.scopeTo(List.of(Topic.parse("T.MSFT"), Topic.parse("T.AAPL")));
        tracker.check(trade("AAPL", 500)); // what was sent while unsubscribed is no gap
        tracker.check(trade("AAPL", 501));
        assertThat(tracker.gaps()).isEqualTo(1);
    }

    @Test
    void aWildcardSubscriptionIsBoundedByTheTableSize() {
        tracker.scopeTo(List.of(Topic.parse("T.*")));
        int extra = 5_000;
        for (int i = 0; i < SequenceTracker.MAX_TRACKED_SYMBOLS + extra; i++) {
            tracker.check(trade("S" + i, 1));
        }
        assertThat(tracker.trackedSymbols()).isEqualTo(SequenceTracker.MAX_TRACKED_SYMBOLS);
        assertThat(tracker.untracked()).isEqualTo(extra);
        tracker.check(trade("S1", 3)); // symbols already in the table are still checked
        assertThat(tracker.gaps()).isEqualTo(1);
    }
}
