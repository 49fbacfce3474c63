package com.tickstock.console.simulator;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.DecodeError;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.FrameDecoder;
import com.tickstock.console.feed.FrameHandler;
import com.tickstock.console.feed.StatusMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --bars-paced}: A and AM played at the rate like trades (issue #25 measures 120,000 AM events/s of ingest),
 * over real loopback WebSockets, every frame decoded by the console's own {@link FrameDecoder}.
 */
class PacedBarsTest extends SimulatorTestSupport {

    private static final int RATE = 2_000;

    @Test
    void minuteBarsArriveAtThePacedRateAndDecodeCleanly() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(RATE).eventsPerFrame(20).pacedBars(true));
        TestClient client = authenticated(sim).countOnly();
        client.subscribe("AM.*");
        await().atMost(WAIT).until(() -> client.count("AM") >= 200);

        // The limiter never runs ahead of the pace by more than its catch-up bucket (100 ms of events), so 4,000
        // events at 2,000/s take at least ~1.9 s; a pace far below the rate would take over 10 s. Without the
        // option an AM.* subscriber gets one bar per symbol per minute whatever the rate.
        long from = client.count("AM");
        long started = System.nanoTime();
        await().atMost(WAIT).until(() -> client.count("AM") >= from + 2L * RATE);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(seconds).as("seconds for %d AM events at %d/s", 2 * RATE, RATE).isBetween(1.7, 10.0);
        assertThat(client.count("T")).isZero();

        Decoded decoded = decode(client.frames());
        assertThat(decoded.errors).isEmpty();
        assertThat(decoded.unknown).isEmpty();
        assertThat(decoded.bars).hasSizeGreaterThanOrEqualTo(2 * RATE);
        Map<String, Bar> previous = new HashMap<>();
        for (Bar bar : decoded.bars) {
            assertThat(bar.type()).isEqualTo(EventType.MINUTE_BAR);
            assertWellFormed(bar, 60_000);
            // A symbol's bars for one window repeat as the window grows; the day's volume only grows.
            Bar before = previous.put(bar.symbol(), bar);
            if (before != null) {
                assertThat(bar.dayVolume()).isGreaterThan(before.dayVolume());
                assertThat(bar.startTimestamp()).isGreaterThanOrEqualTo(before.startTimestamp());
                if (bar.startTimestamp() == before.startTimestamp()) {
                    assertThat(bar.volume()).isGreaterThan(before.volume());
                    assertThat(bar.open()).isEqualTo(before.open());
                    assertThat(bar.high()).isGreaterThanOrEqualTo(before.high());
                    assertThat(bar.low()).isLessThanOrEqualTo(before.low());
                }
            }
        }
        assertThat(previous).as("symbols with bars").hasSizeGreaterThan(50);
    }

    @Test
    void eachPacedStepSendsOneOfTheSymbolsSubscribedTypes() throws Exception {
        SimulatorServer sim = start(SimulatorConfig.builder().eventsPerSecond(5_000).eventsPerFrame(50).pacedBars(true));
        TestClient client = authenticated(sim);
        client.subscribe("T.AAPL,A.AAPL,AM.AAPL,A.MSFT");
        await().atMost(WAIT).until(() -> client.count("T", "AAPL") >= 300 && client.count("A", "AAPL") >= 300
                && client.count("AM", "AAPL") >= 300 && client.count("A", "MSFT") >= 300);
        SimConnection server = sim.connection(1);
        server.stall().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> client.frames().size() == server.counters().frames());

        Decoded decoded = decode(client.frames());
        assertThat(decoded.errors).isEmpty();
        assertThat(decoded.unknown).isEmpty();
        for (Bar bar : decoded.bars) {
            assertWellFormed(bar, bar.type() == EventType.SECOND_BAR ? 1_000 : 60_000);
        }
        assertThat(client.count("T", "MSFT")).isZero();
        assertThat(client.count("AM", "MSFT")).isZero();
        // Steps are drawn evenly among AAPL's three types: none gets far more than a third of AAPL's events.
        long aapl = client.count("T", "AAPL") + client.count("A", "AAPL") + client.count("AM", "AAPL");
        assertThat(client.count("AM", "AAPL")).isBetween(aapl / 5, aapl / 2);
        assertThat(client.dataCount()).isEqualTo(server.counters().dataEvents());
    }

    /** Valid fields as the protocol has them: an aligned window, prices inside the bar's range, a real volume. */
    private static void assertWellFormed(Bar bar, long windowMillis) {
        assertThat(bar.endTimestamp() - bar.startTimestamp()).isEqualTo(windowMillis);
        assertThat(bar.startTimestamp() % windowMillis).isZero();
        assertThat(bar.startTimestamp()).isLessThanOrEqualTo(System.currentTimeMillis());
        assertThat(bar.volume()).isPositive();
        assertThat(bar.dayVolume()).isGreaterThanOrEqualTo(bar.volume());
        assertThat(bar.averageSize()).isPositive().isLessThanOrEqualTo(bar.volume());
        assertThat(bar.low()).isPositive().isLessThanOrEqualTo(Math.min(bar.open(), bar.close()));
        assertThat(bar.high()).isGreaterThanOrEqualTo(Math.max(bar.open(), bar.close()));
        assertThat(bar.vwap()).isBetween(bar.low() - 0.0001, bar.high() + 0.0001);
        assertThat(bar.officialOpen()).isPositive();
    }

    private static Decoded decode(List<String> frames) {
        Decoded d = new Decoded();
        FrameDecoder decoder = new FrameDecoder();
        for (String frame : frames) {
            decoder.decode(frame, d);
        }
        return d;
    }

    /** What the console's decoder made of the frames: bars, unknown events and errors (statuses are skipped). */
    private static final class Decoded implements FrameHandler {
        final List<Bar> bars = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final List<DecodeError> errors = new ArrayList<>();

        @Override
        public void onEvent(FeedEvent event) {
            if (event instanceof Bar bar) {
                bars.add(bar);
            } else if (!(event instanceof StatusMessage)) {
                assertThat(event.type()).isEqualTo(EventType.TRADE);
            }
        }

        @Override
        public void onUnknownEvent(String ev) {
            unknown.add(ev);
        }

        @Override
        public void onDecodeError(DecodeError error) {
            errors.add(error);
        }
    }
}
