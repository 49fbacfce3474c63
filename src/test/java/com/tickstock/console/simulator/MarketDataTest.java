package com.tickstock.console.simulator;

import com.tickstock.console.feed.EventType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.tickstock.console.simulator.WireEvents.doubleOf;
import static com.tickstock.console.simulator.WireEvents.longOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class MarketDataTest extends SimulatorTestSupport {

    @Test
    void countersEqualExactlyWhatTheClientReceived() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().unlimitedRate().eventsPerFrame(20));
        TestClient client = authenticated(sim);
        client.subscribe("T.*,Q.AAPL,Q.MSFT,A.NVDA");
        await().atMost(WAIT).until(() -> client.dataCount() >= 20_000);
        SimConnection server = sim.connection(1);

        server.stall().get(30, TimeUnit.SECONDS);

        SentCounters sent = server.counters();
        await().atMost(WAIT).until(() -> client.frames().size() == sent.frames());
        assertThat(client.dataCount()).isEqualTo(sent.dataEvents());
        assertThat(client.count("T")).isEqualTo(sent.events(EventType.TRADE));
        assertThat(client.count("Q")).isEqualTo(sent.events(EventType.QUOTE));
        assertThat(client.count("A")).isEqualTo(sent.events(EventType.SECOND_BAR));
        for (String symbol : sent.symbols()) {
            assertThat(client.count("T", symbol)).as("T.%s", symbol).isEqualTo(sent.events(symbol, EventType.TRADE));
            assertThat(client.count("Q", symbol)).as("Q.%s", symbol).isEqualTo(sent.events(symbol, EventType.QUOTE));
        }
        assertThat(client.statusCount("success")).isEqualTo(sent.statusEvents("success"));
        assertThat(sim.totals().dataEvents()).isEqualTo(sent.dataEvents());
    }

    @Test
    void aWellFormedTickerMissingFromTheTableStillTradesAtAStablePrice() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().unlimitedRate());
        TestClient client = authenticated(sim);
        client.subscribe("T.AFL,T.bad!name");
        await().atMost(WAIT).until(() -> client.count("T", "AFL") >= 50);
        assertThat(client.count("T", "bad!name")).isZero();
        assertThat(SymbolUniverse.standard().find("AFL").basePrice())
                .isEqualTo(SymbolUniverse.standard().find("AFL").basePrice())
                .isBetween(5.0, 500.0);
    }

    @Test
    void countersOfADroppedConnectionStayReadableAndExact() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().unlimitedRate());
        TestClient client = authenticated(sim).countOnly();
        client.subscribe("T.AAPL,T.MSFT,Q.NVDA");
        await().atMost(WAIT).until(() -> client.dataCount() >= 5_000);
        SimConnection server = sim.connection(1);

        server.dropAbruptly().get(30, TimeUnit.SECONDS);
        client.awaitClosed();

        assertThat(server.isOpen()).isFalse();
        assertThat(client.count("T", "AAPL")).isEqualTo(server.counters().events("AAPL", EventType.TRADE));
        assertThat(client.count("T", "MSFT")).isEqualTo(server.counters().events("MSFT", EventType.TRADE));
        assertThat(client.count("Q", "NVDA")).isEqualTo(server.counters().events("NVDA", EventType.QUOTE));
        assertThat((long) client.frames().size()).isEqualTo(server.counters().frames());
    }

    @Test
    void secondBarsAggregateExactlyTheTradesSentInTheirWindow() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(3_000));
        TestClient client = authenticated(sim);
        client.subscribe("T.AAPL,A.AAPL,T.TSLA,A.TSLA");
        await().atMost(WAIT).until(() -> client.count("A", "AAPL") >= 3 && client.count("A", "TSLA") >= 3);

        List<Map<String, Object>> events = client.events();
        Map<String, Long> lastDayVolume = new HashMap<>();
        int checked = 0;
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> bar = events.get(i);
            if (!"A".equals(bar.get("ev"))) {
                continue;
            }
            String sym = (String) bar.get("sym");
            long start = longOf(bar, "s");
            long end = longOf(bar, "e");
            assertThat(end - start).isEqualTo(1_000);
            List<Map<String, Object>> trades = new ArrayList<>();
            for (Map<String, Object> e : events.subList(0, i)) {
                if ("T".equals(e.get("ev")) && sym.equals(e.get("sym")) && longOf(e, "t") >= start && longOf(e, "t") < end) {
                    trades.add(e);
                }
            }
            assertThat(trades).as("trades of %s bar %d", sym, start).isNotEmpty();
            // No trade of that window may arrive after its bar.
            for (Map<String, Object> e : events.subList(i, events.size())) {
                if ("T".equals(e.get("ev")) && sym.equals(e.get("sym"))) {
                    assertThat(longOf(e, "t")).isGreaterThanOrEqualTo(end);
                }
            }
            long volume = 0;
            double notional = 0;
            double high = Double.NEGATIVE_INFINITY;
            double low = Double.POSITIVE_INFINITY;
            for (Map<String, Object> t : trades) {
                double p = doubleOf(t, "p");
                long s = longOf(t, "s");
                volume += s;
                notional += p * s;
                high = Math.max(high, p);
                low = Math.min(low, p);
            }
            assertThat(doubleOf(bar, "o")).isEqualTo(doubleOf(trades.get(0), "p"));
            assertThat(doubleOf(bar, "c")).isEqualTo(doubleOf(trades.get(trades.size() - 1), "p"));
            assertThat(doubleOf(bar, "h")).isEqualTo(high);
            assertThat(doubleOf(bar, "l")).isEqualTo(low);
            assertThat(longOf(bar, "v")).isEqualTo(volume);
            assertThat(doubleOf(bar, "vw")).isCloseTo(notional / volume, within(0.0001));
            assertThat(longOf(bar, "z")).isEqualTo(volume / trades.size());
            Long previous = lastDayVolume.put(sym, longOf(bar, "av"));
            if (previous != null) {
                assertThat(longOf(bar, "av")).isEqualTo(previous + volume);
            }
            assertThat(bar).containsKeys("op", "a").doesNotContainKey("otc");
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    @Test
    void sequenceNumbersRiseByOnePerSymbolAndType() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().unlimitedRate());
        TestClient client = authenticated(sim);
        client.subscribe("T.AAPL,Q.AAPL,T.MSFT,Q.MSFT,T.NVDA");
        await().atMost(WAIT).until(() -> client.dataCount() >= 5_000);

        Map<String, Long> last = new HashMap<>();
        for (Map<String, Object> e : client.events()) {
            String ev = (String) e.get("ev");
            if ("T".equals(ev) || "Q".equals(ev)) {
                String key = ev + "." + e.get("sym");
                long q = longOf(e, "q");
                Long before = last.put(key, q);
                if (before != null) {
                    assertThat(q).as(key).isEqualTo(before + 1);
                }
            }
        }
        assertThat(last).containsKeys("T.AAPL", "Q.AAPL", "T.MSFT", "Q.MSFT", "T.NVDA");
    }

    @Test
    void aReconnectingClientSeesSequenceNumbersContinueAboveWhatItHadSeen() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(5_000));
        TestClient first = authenticated(sim);
        first.subscribe("T.AAPL");
        await().atMost(WAIT).until(() -> first.count("T") >= 100);
        first.close();
        sim.connection(1).awaitClosed(WAIT);
        List<Map<String, Object>> before = first.events("T");
        long lastSeen = longOf(before.get(before.size() - 1), "q");

        TestClient second = authenticated(sim);
        second.subscribe("T.AAPL");
        await().atMost(WAIT).until(() -> second.count("T") >= 1);

        assertThat(longOf(second.events("T").get(0), "q")).isGreaterThan(lastSeen + 1);
    }

    @Test
    void tradesAndQuotesLookLikeTheLiveFeed() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(5_000));
        TestClient client = authenticated(sim);
        long subscribedAt = System.currentTimeMillis();
        client.subscribe("T.AAPL,Q.AAPL,T.SPY");
        await().atMost(WAIT).until(() -> client.count("T") >= 500 && client.count("Q") >= 500);

        for (Map<String, Object> q : client.events("Q")) {
            assertThat(doubleOf(q, "bp")).isLessThan(doubleOf(q, "ap"));
            assertThat(doubleOf(q, "bp")).isBetween(150.0, 400.0);
            assertThat(longOf(q, "bs")).isPositive();
            assertThat(longOf(q, "as")).isPositive();
            assertThat(longOf(q, "z")).isEqualTo(3);
            assertThat(longOf(q, "bx")).isNotEqualTo(Exchanges.TRF);
        }
        for (Map<String, Object> t : client.events("T")) {
            assertThat(t).containsKeys("x", "i", "z", "p", "s", "t", "q");
            assertThat(t.get("i")).isInstanceOf(String.class);
            assertThat(longOf(t, "t")).isGreaterThanOrEqualTo(subscribedAt - 1_000).isLessThanOrEqualTo(System.currentTimeMillis());
            assertThat(longOf(t, "z")).isEqualTo("SPY".equals(t.get("sym")) ? 2 : 3);
            if (longOf(t, "x") == Exchanges.TRF) {
                assertThat(t).containsKeys("trfi", "trft");
            }
        }
    }

    @Test
    void theSameSeedAndSubscriptionsGiveTheSameEvents() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().seed(7).unlimitedRate().build();
        List<String> a = firstEventsWithoutTimes(start(config), 2_000);
        List<String> b = firstEventsWithoutTimes(start(config), 2_000);
        List<String> other = firstEventsWithoutTimes(start(config.toBuilder().seed(8).build()), 2_000);

        assertThat(a).isEqualTo(b);
        assertThat(other).isNotEqualTo(a);
    }

    private List<String> firstEventsWithoutTimes(SimulatorServer sim, int n) throws Exception {
        TestClient client = authenticated(sim);
        client.subscribe("T.AAPL,Q.AAPL,T.MSFT,Q.TSLA");
        await().atMost(WAIT).until(() -> client.dataCount() >= n);
        client.close();
        List<String> out = new ArrayList<>();
        for (Map<String, Object> e : client.events()) {
            if (!"status".equals(e.get("ev")) && out.size() < n) {
                Map<String, Object> copy = new HashMap<>(e);
                copy.remove("t");
                copy.remove("trft");
                out.add(new java.util.TreeMap<>(copy).toString());
            }
        }
        return out;
    }

    @Test
    void theRateLimitIsRoughlyHonoured() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(200).eventsPerFrame(10));
        TestClient client = authenticated(sim).countOnly();
        client.subscribe("T.AAPL,Q.AAPL");
        await().atMost(WAIT).until(() -> client.dataCount() >= 1);
        long start = System.nanoTime();
        long first = client.dataCount();

        await().atMost(WAIT).until(() -> client.dataCount() >= first + 400);

        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = 400 / seconds;
        // Generous bounds: a loaded machine slows delivery, the bucket never lets it run far ahead.
        assertThat(rate).isBetween(40.0, 400.0);
    }

    @Test
    void asFastAsPossibleStreamsManyEventsInFullFrames() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().unlimitedRate().eventsPerFrame(25));
        TestClient client = authenticated(sim);
        client.subscribe("T.*,Q.*");

        await().atMost(WAIT).until(() -> client.dataCount() >= 50_000);

        int largest = 0;
        for (String frame : client.frames()) {
            largest = Math.max(largest, WireEvents.parseFrame(frame).size());
        }
        assertThat(largest).isEqualTo(25);
    }
}
