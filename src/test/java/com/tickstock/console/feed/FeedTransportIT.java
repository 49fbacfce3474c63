package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting from several connector threads at once, over real loopback sockets. */
class FeedTransportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(7);

    private SimulatorServer sim;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Session session : sessions) {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "test over"));
            }
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void concurrentConnectsEachOpenWithAReaderThreadOfTheirOwnThatEndsWithTheConnection() throws Exception {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder());
        FeedTransport transport = new FeedTransport(FeedTransport.MAX_FRAME_BYTES);
        long readersBefore = readerThreads();

        int connectors = 3;
        CountDownLatch opened = new CountDownLatch(connectors * 4);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(connectors);
        try {
            List<Future<Void>> done = new java.util.ArrayList<>();
            for (int t = 0; t < connectors; t++) {
                Callable<Void> connectFourTimes = () -> {
                    start.await();
                    for (int i = 0; i < 4; i++) {
                        transport.connect(new Endpoint() {
                            @Override
                            public void onOpen(Session session, EndpointConfig config) {
                                sessions.add(session);
                                opened.countDown();
                            }
                        }, sim.url(), TIMEOUT);
                    }
                    return null;
                };
                done.add(pool.submit(connectFourTimes));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(opened.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(readerThreads() - readersBefore).isEqualTo(connectors * 4);
        for (Session session : sessions) {
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "test over"));
        }
        // Nothing is left behind: every reader ends with its socket.
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> readerThreads() == readersBefore);
    }

    @Test
    void connectingAndClosingThirtyTimesLeavesNoThreadBehind() throws Exception {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder());
        FeedTransport transport = new FeedTransport(FeedTransport.MAX_FRAME_BYTES);
        // Connects first, more than a Tyrus pool's fixed size (10): the simulator's server side and Tyrus' own
        // process-wide pools start and grow on first use, and are not a connection's.
        for (int i = 0; i < 12; i++) {
            connectAndClose(transport);
        }
        java.util.Set<String> before = liveThreadNames();
        for (int i = 0; i < 30; i++) {
            connectAndClose(transport);
        }
        // A pool that was there before may have grown towards its fixed size (the simulator schedules each session's
        // auth timeout on its own pool); a new pool, or a connection's own thread, still alive is a leak.
        java.util.Set<String> pools = new java.util.HashSet<>();
        before.forEach(name -> pools.add(pool(name)));
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            java.util.Set<String> left = liveThreadNames();
            left.removeAll(before);
            left.removeIf(name -> !name.startsWith("feed-") && pools.contains(pool(name)));
            assertThat(left).as("threads started by 30 connections and still alive: %s", stacks(left)).isEmpty();
        });
    }

    private void connectAndClose(FeedTransport transport) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        transport.connect(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.countDown();
            }
        }, sim.url(), TIMEOUT);
        assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private static String pool(String threadName) {
        return threadName.replaceAll("[0-9]+\\)?$", "");
    }

    private static String stacks(java.util.Set<String> names) {
        StringBuilder text = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (names.contains(t.getName())) {
                text.append(t.getName()).append(java.util.Arrays.toString(stack)).append('\n');
            }
        });
        return text.toString();
    }

    private static java.util.Set<String> liveThreadNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.getName().startsWith("ForkJoinPool") && !t.getName().startsWith("awaitility")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void everyClientCarriesTheHandshakeTimeoutAndTheFrameLimitItWasMadeWith() {
        FeedTransport transport = new FeedTransport(1 << 20);
        ClientManager seven = transport.client(TIMEOUT);
        assertThat(seven.getProperties())
                .containsEntry(ClientProperties.HANDSHAKE_TIMEOUT, (int) TIMEOUT.toMillis())
                .containsEntry(ClientProperties.INCOMING_BUFFER_SIZE, (1 << 20) + FeedTransport.READ_MARGIN_BYTES);
        assertThat(transport.client(Duration.ofSeconds(3)).getProperties())
                .containsEntry(ClientProperties.HANDSHAKE_TIMEOUT, 3_000);
        // A client per connect: Tyrus shuts a client's executors down when its connection closes.
        assertThat(transport.client(TIMEOUT)).isNotSameAs(seven);
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("feed-socket(")).count();
    }
}
