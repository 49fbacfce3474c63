package com.tickstock.console.simulator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.tickstock.console.simulator.WireEvents.doubleOf;
import static com.tickstock.console.simulator.WireEvents.longOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The market model on a simulated clock: minutes of trading in milliseconds of test time. */
class MarketReplicaTest {

    private static final long T0 = 1_760_000_000_000L; // a whole minute in epoch ms

    private final SentCounters connection = new SentCounters();
    private final SentCounters totals = new SentCounters();

    private MarketReplica replica(long seed, String params) {
        MarketReplica replica = new MarketReplica(SymbolUniverse.standard(), seed, new SequenceBook(), connection, totals);
        Subscriptions subs = new Subscriptions();
        Subscriptions.items(params).forEach(subs::add);
        replica.applyInterest(subs, new TopicPolicy(java.util.Set.of()));
        return replica;
    }

    /** Runs the replica over {@code millis} of simulated time, a few steps per simulated ms. */
    private static List<Map<String, Object>> run(MarketReplica replica, long from, long millis, int stepsPerMs) {
        FrameBuilder frame = new FrameBuilder();
        List<Map<String, Object>> events = new ArrayList<>();
        for (long now = from; now < from + millis; now++) {
            frame.begin();
            replica.flushDueBars(now, frame, Integer.MAX_VALUE);
            for (int i = 0; i < stepsPerMs; i++) {
                replica.step(now, frame);
            }
            events.addAll(WireEvents.parseFrame(frame.finish()));
        }
        return events;
    }

    @Test
    void minuteBarsAggregateTheTradesOfTheirMinuteAndAgreeWithTheSecondBars() {
        MarketReplica replica = replica(3, "T.AAPL,A.AAPL,AM.AAPL");

        List<Map<String, Object>> events = run(replica, T0, 3 * 60_000 + 1, 1);

        List<Map<String, Object>> minutes = events.stream().filter(e -> "AM".equals(e.get("ev"))).toList();
        assertThat(minutes).hasSize(3);
        for (Map<String, Object> bar : minutes) {
            long s = longOf(bar, "s");
            assertThat(longOf(bar, "e")).isEqualTo(s + 60_000);
            List<Map<String, Object>> trades = events.stream()
                    .filter(e -> "T".equals(e.get("ev")) && longOf(e, "t") >= s && longOf(e, "t") < s + 60_000).toList();
            long volume = trades.stream().mapToLong(t -> longOf(t, "s")).sum();
            double notional = trades.stream().mapToDouble(t -> doubleOf(t, "p") * longOf(t, "s")).sum();
            assertThat(longOf(bar, "v")).isEqualTo(volume);
            assertThat(doubleOf(bar, "vw")).isCloseTo(notional / volume, within(0.0001));
            assertThat(doubleOf(bar, "o")).isEqualTo(doubleOf(trades.get(0), "p"));
            assertThat(doubleOf(bar, "c")).isEqualTo(doubleOf(trades.get(trades.size() - 1), "p"));
            assertThat(doubleOf(bar, "h")).isEqualTo(trades.stream().mapToDouble(t -> doubleOf(t, "p")).max().orElseThrow());
            assertThat(doubleOf(bar, "l")).isEqualTo(trades.stream().mapToDouble(t -> doubleOf(t, "p")).min().orElseThrow());
            long secondVolume = events.stream()
                    .filter(e -> "A".equals(e.get("ev")) && longOf(e, "s") >= s && longOf(e, "s") < s + 60_000)
                    .mapToLong(e -> longOf(e, "v")).sum();
            assertThat(secondVolume).isEqualTo(volume);
        }
        long seconds = events.stream().filter(e -> "A".equals(e.get("ev"))).count();
        assertThat(seconds).isEqualTo(180);
    }

    @Test
    void barsAreSentOnlyForWindowsWithTrades() {
        MarketReplica replica = replica(5, "A.AAPL");
        FrameBuilder frame = new FrameBuilder();
        List<Map<String, Object>> events = new ArrayList<>();
        // One trade in the first second, none in the next two, one in the fourth.
        for (long now : new long[] {T0 + 10, T0 + 1_500, T0 + 2_500, T0 + 3_100, T0 + 4_000}) {
            frame.begin();
            replica.flushDueBars(now, frame, 100);
            if (now == T0 + 10 || now == T0 + 3_100) {
                replica.step(now, frame);
            }
            events.addAll(WireEvents.parseFrame(frame.finish()));
        }

        assertThat(events).extracting(e -> longOf(e, "s")).containsExactly(T0, T0 + 3_000);
        assertThat(events).allMatch(e -> "A".equals(e.get("ev")));
    }

    @Test
    void dayVolumeGrowsByEachBarsVolume() {
        MarketReplica replica = replica(9, "A.MSFT");

        List<Map<String, Object>> bars = run(replica, T0, 20_001, 1);

        assertThat(bars).hasSize(20);
        for (int i = 1; i < bars.size(); i++) {
            assertThat(longOf(bars.get(i), "av")).isEqualTo(longOf(bars.get(i - 1), "av") + longOf(bars.get(i), "v"));
            assertThat(doubleOf(bars.get(i), "op")).isEqualTo(doubleOf(bars.get(0), "op"));
        }
    }

    @Test
    void aFullFrameLeavesTheRemainingBarsDueForTheNextFrame() {
        MarketReplica replica = replica(11, "T.*,A.*");
        long symbolsTraded = run(replica, T0, 1_000, 50).stream()
                .filter(e -> "T".equals(e.get("ev"))).map(e -> e.get("sym")).distinct().count();
        FrameBuilder frame = new FrameBuilder();

        frame.begin();
        replica.flushDueBars(T0 + 1_000, frame, 10);
        assertThat(frame.size()).isEqualTo(10);
        assertThat(replica.barsDue(T0 + 1_000)).isTrue();

        long bars = 10;
        while (replica.barsDue(T0 + 1_000)) {
            frame.begin();
            replica.flushDueBars(T0 + 1_000, frame, 10);
            bars += frame.size();
        }
        assertThat(symbolsTraded).isGreaterThan(20);
        assertThat(bars).isEqualTo(symbolsTraded);
    }

    @Test
    void quotesAlwaysHaveTheBidBelowTheAsk() {
        MarketReplica replica = replica(13, "Q.*");

        List<Map<String, Object>> quotes = run(replica, T0, 2_000, 20);

        assertThat(quotes).hasSizeGreaterThan(30_000);
        assertThat(quotes).allMatch(q -> doubleOf(q, "bp") < doubleOf(q, "ap") && doubleOf(q, "bp") > 0);
    }
}
