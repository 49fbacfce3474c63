package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static com.tickstock.console.feed.FeedTestSupport.config;
import static com.tickstock.console.feed.FeedTestSupport.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.FeedTestSupport.Recorder;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a broken or hostile feed server sends, over real loopback sockets: counted, masked, and survived. */
class FeedHostileInputIT {

    private static final String KEY = SimulatorConfig.DEV_API_KEY;

    private SimulatorServer sim;
    private FeedConnection connection;
    private final Recorder recorder = new Recorder();

    @AfterEach
    void tearDown() {
        FeedTestSupport.closeBoth(connection, sim);
    }

    private SimConnection streaming(FeedTransport transport) {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().eventsPerSecond(1_000).eventsPerFrame(5));
        connection = new FeedConnection(config("connection_1", sim.url(), KEY), transport, new SplittableRandom());
        connection.addListener(recorder);
        connection.subscribe(trades("AAPL", "MSFT"));
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        server.awaitSubscriptions(2, WAIT);
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);
        return server;
    }

    /** Stops the data and waits until everything sent has been received, so later counts are exact. */
    private long settle(SimConnection server) throws Exception {
        server.stall().get(10, TimeUnit.SECONDS);
        long sent = server.counters().dataEvents();
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() == sent);
        return sent;
    }

    @Test
    void aCloseReasonQuotingTheKeyIsMaskedInTheCauseAndTheLog() throws Exception {
        try (LogCapture log = new LogCapture()) {
            SimConnection server = streaming(FeedTransport.shared());
            server.closeCleanly(1008, "invalid api key " + KEY).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> recorder.saw(ConnectionState.RECONNECTING, Cause.DROPPED));
            // A reason cut short by the 123-byte limit leaves the start of the key: masked too.
            SimConnection second = sim.awaitSubscribed(1, WAIT).get(0);
            await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);
            second.closeCleanly(1008, "invalid api key " + KEY.substring(0, KEY.length() - 4))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> recorder.changes.stream()
                    .filter(c -> c.state() == ConnectionState.RECONNECTING).count() >= 2);
            await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);

            String keyStart = KEY.substring(0, KEY.length() - 4);
            assertThat(recorder.changes).filteredOn(c -> c.state() == ConnectionState.RECONNECTING)
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.detail()).startsWith("close code 1008 (invalid api key ****")
                            .doesNotContain(keyStart));
            assertThat(recorder.changes).allSatisfy(c -> assertThat(c.describe()).doesNotContain(keyStart));
            assertThat(connection.snapshot().toString()).doesNotContain(keyStart);
            assertThat(log.linesContaining("close code 1008")).isNotEmpty();
            assertThat(log.lines()).noneMatch(line -> line.contains(keyStart));
        }
    }

    @Test
    void aBinaryFrameIsOneDecodeErrorAndTheConnectionStays() throws Exception {
        SimConnection server = streaming(FeedTransport.shared());
        long sent = settle(server);
        server.sendBinaryFrame(1_000).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot snap = connection.snapshot();
            assertThat(snap.decodeErrors()).isEqualTo(1);
            assertThat(snap.lastDecodeError()).isEqualTo("binary frame of 1000 bytes ignored: the feed sends JSON text");
        });
        server.resume().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() > sent + 20);
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
        assertThat(recorder.states()).doesNotContain(ConnectionState.RECONNECTING);
        assertThat(sim.connections()).hasSize(1);
    }

    @Test
    void aFrameOverTheLimitIsOneDecodeErrorAndTheConnectionComesBackAtOnce() throws Exception {
        int limit = 256 * 1024;
        SimConnection server = streaming(new FeedTransport(limit));
        settle(server);
        // Valid JSON, just too large: Tyrus cannot skip it, so the socket goes and a new one comes at once.
        String huge = "[{\"ev\":\"status\",\"status\":\"info\",\"message\":\"" + "x".repeat(4 * limit) + "\"}]";
        server.sendRawFrame(huge);
        await().atMost(WAIT).until(() -> recorder.saw(ConnectionState.RECONNECTING, Cause.FRAME_TOO_LARGE));
        StateChange change = recorder.changes.stream()
                .filter(c -> c.state() == ConnectionState.RECONNECTING).findFirst().orElseThrow();
        assertThat(change.cause()).isEqualTo(Cause.FRAME_TOO_LARGE);
        assertThat(change.nextDelay()).isEqualTo(Duration.ZERO);
        assertThat(change.detail()).isEqualTo("a frame over the " + limit + "-byte limit; the socket was closed");
        SimConnection second = sim.awaitConnection(2, WAIT);
        second.awaitSubscriptions(2, WAIT);
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);
        ConnectionSnapshot snap = connection.snapshot();
        assertThat(snap.decodeErrors()).isEqualTo(1);
        assertThat(snap.lastDecodeError()).contains("over the " + limit + "-byte limit");
        assertThat(sim.connections()).hasSize(2);
        assertThat(recorder.changes).filteredOn(c -> c.state() == ConnectionState.RECONNECTING).hasSize(1);
    }

    @Test
    void aMessageWhoseFragmentsAddUpToMoreThanTheLimitIsOneDecodeErrorAndTheConnectionComesBack() throws Exception {
        int limit = 256 * 1024;
        SimConnection server = streaming(new FeedTransport(limit));
        settle(server);
        // Each fragment fits the read buffer; together they exceed the limit, which Tyrus enforces by closing.
        String huge = "[{\"ev\":\"status\",\"status\":\"info\",\"message\":\"" + "x".repeat(2 * limit) + "\"}]";
        server.sendFragmentedFrame(huge, 8);
        await().atMost(WAIT).until(() -> recorder.saw(ConnectionState.RECONNECTING, Cause.FRAME_TOO_LARGE));
        sim.awaitConnection(2, WAIT).awaitSubscriptions(2, WAIT);
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);
        assertThat(connection.snapshot().decodeErrors()).isEqualTo(1);
        assertThat(recorder.changes).filteredOn(c -> c.state() == ConnectionState.RECONNECTING).hasSize(1);
    }

    @Test
    void aFragmentedMessageUnderTheLimitIsDecoded() throws Exception {
        SimConnection server = streaming(new FeedTransport(256 * 1024));
        long sent = settle(server);
        server.sendFragmentedFrame("[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":4,\"p\":10.5,\"s\":100,"
                + "\"t\":1700000000000}]", 4).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() == sent + 1);
        assertThat(connection.snapshot().decodeErrors()).isZero();
        assertThat(sim.connections()).hasSize(1);
    }

    @Test
    void aFrameJustUnderTheLimitIsDecoded() throws Exception {
        int limit = 256 * 1024;
        SimConnection server = streaming(new FeedTransport(limit));
        settle(server);
        String message = "x".repeat(limit - 100);
        server.sendRawFrame("[{\"ev\":\"status\",\"status\":\"info\",\"message\":\"" + message + "\"}]")
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> connection.snapshot().events(EventType.STATUS) >= 4);
        assertThat(connection.snapshot().decodeErrors()).isZero();
        assertThat(sim.connections()).hasSize(1);
    }

    @Test
    void anOverlongSymbolIsAnEventErrorAndTheEventIsSkipped() throws Exception {
        SimConnection server = streaming(FeedTransport.shared());
        long sent = settle(server);
        long deliveredBefore = recorder.events.get();
        String symbol = "X".repeat(10_240);
        server.sendRawFrame("[{\"ev\":\"T\",\"sym\":\"" + symbol + "\",\"x\":4,\"p\":10.5,\"s\":100,\"t\":1700000000000,"
                + "\"q\":7},{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":4,\"p\":10.5,\"s\":100,\"t\":1700000000000}]")
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot snap = connection.snapshot();
            assertThat(snap.decodeErrors()).isEqualTo(1);
            assertThat(snap.marketDataEvents()).isEqualTo(sent + 1);
        });
        assertThat(connection.snapshot().lastDecodeError())
                .startsWith("symbol of 10240 chars in T event, over the 16-char limit; event skipped")
                .hasSizeLessThan(300);
        await().atMost(WAIT).until(() -> recorder.events.get() == deliveredBefore + 1);
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
        assertThat(sim.connections()).hasSize(1);
    }
}
