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
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An old socket's last frame is still being read when the new socket is already streaming: Tyrus orders messages
 * per session only, so the two are read on two Grizzly workers. Real sockets against the simulator; the test
 * stands between Tyrus and the connection only to hold the old socket's frame on its worker until the new socket
 * streams.
 */
class LateSocketIT {

    private static final String MARK = "LATE";

    private SimulatorServer sim;
    private FeedConnection connection;
    private final Recorder recorder = new Recorder();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch lateFrameRead = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        if (connection != null) {
            connection.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aLateStatusOfTheOldSocketIsIgnoredAndItsDataIsCountedOnceWithoutDisturbingTheNewSocket() throws Exception {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().eventsPerSecond(1_000).eventsPerFrame(5));
        connection = new FeedConnection(config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY),
                new HoldingFirstSocket(), new SplittableRandom(1));
        connection.addListener(recorder);
        List<String> symbols = new CopyOnWriteArrayList<>();
        connection.addListener(new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
                batch.events().forEach(e -> symbols.add(e.symbol()));
            }
        });
        connection.subscribe(trades("AAPL", "MSFT"));
        connection.connect();
        SimConnection first = sim.awaitSubscribed(1, WAIT).get(0);
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);

        // The old socket's last frame: a trade, and a status that would end the connection were it taken for the
        // new socket's. It is held on the old socket's worker until the new socket streams.
        first.sendRawFrame("[{\"ev\":\"T\",\"sym\":\"" + MARK + "\",\"x\":4,\"p\":10.5,\"s\":100,\"t\":1700000000000},"
                + "{\"ev\":\"status\",\"status\":\"auth_failed\",\"message\":\"" + MARK + " authentication failed\"}]");
        assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        connection.reconnect().get(10, TimeUnit.SECONDS);
        SimConnection second = sim.awaitConnection(2, WAIT);
        second.awaitSubscriptions(2, WAIT);
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING
                && recorder.changes.get(recorder.changes.size() - 1).previous() == ConnectionState.SUBSCRIBING);
        long decodeErrorsBefore = connection.snapshot().decodeErrors();
        int changesBefore = recorder.changes.size();

        release.countDown();
        assertThat(lateFrameRead.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // Anything the late frame posted to the control thread runs before this command does.
        connection.connect().get(10, TimeUnit.SECONDS);
        long before = connection.snapshot().marketDataEvents();
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() > before + 20);

        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
        assertThat(recorder.changes.subList(changesBefore, recorder.changes.size())).isEmpty();
        assertThat(recorder.states()).doesNotContain(ConnectionState.FAILED);
        assertThat(sim.connections()).hasSize(2);
        await().atMost(WAIT).until(() -> symbols.contains(MARK));
        assertThat(symbols).filteredOn(MARK::equals).hasSize(1);
        assertThat(connection.snapshot().decodeErrors()).isEqualTo(decodeErrorsBefore);
    }

    /** Connects through the shared transport; holds the first socket's frame carrying {@link #MARK}. */
    private final class HoldingFirstSocket extends FeedTransport {
        private final AtomicInteger sockets = new AtomicInteger();

        HoldingFirstSocket() {
            super(FeedTransport.MAX_FRAME_BYTES);
        }

        @Override
        void connect(Endpoint endpoint, URI url, Duration timeout) throws DeploymentException, IOException {
            super.connect(sockets.incrementAndGet() == 1 ? new Holding(endpoint) : endpoint, url, timeout);
        }
    }

    private final class Holding extends Endpoint {
        private final Endpoint target;

        Holding(Endpoint target) {
            this.target = target;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            target.onOpen(holdingTextHandlers(session), config);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            target.onClose(session, reason);
        }

        @Override
        public void onError(Session session, Throwable error) {
            target.onError(session, error);
        }
    }

    /** The session as it is, except that its text handler waits for {@link #release} on the marked frame. */
    @SuppressWarnings("unchecked")
    private Session holdingTextHandlers(Session session) {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addMessageHandler") && args != null && args.length == 2
                            && args[0] == String.class && args[1] instanceof MessageHandler.Whole) {
                        MessageHandler.Whole<String> handler = (MessageHandler.Whole<String>) args[1];
                        MessageHandler.Whole<String> holding = frame -> {
                            boolean late = frame.contains(MARK);
                            if (late) {
                                held.countDown();
                                awaitRelease();
                            }
                            handler.onMessage(frame);
                            if (late) {
                                lateFrameRead.countDown();
                            }
                        };
                        args = new Object[] {String.class, holding};
                    }
                    try {
                        return method.invoke(session, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void awaitRelease() {
        try {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
