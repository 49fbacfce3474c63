package com.tickstock.console.simulator;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A plain Tyrus client endpoint for the tests: records every text frame and, for well-formed
 * frames, every event in arrival order; tracks pongs and the close reason.
 */
final class TestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> events = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final AtomicInteger malformed = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile CloseReason closeReason;
    private volatile boolean keepEvents = true;
    private Session session;

    static TestClient connect(ClientManager client, URI url) throws Exception {
        TestClient c = new TestClient();
        c.session = client.connectToServer(c.endpoint(), ClientEndpointConfig.Builder.create().build(), url);
        return c;
    }

    private Endpoint endpoint() {
        return new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.setMaxTextMessageBufferSize(4 * 1024 * 1024);
                s.addMessageHandler(String.class, TestClient.this::onFrame);
                s.addMessageHandler(PongMessage.class, p -> pongs.incrementAndGet());
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closeReason = reason;
                closedLatch.countDown();
            }
        };
    }

    private void onFrame(String frame) {
        frames.add(frame);
        List<Map<String, Object>> parsed;
        try {
            parsed = WireEvents.parseFrame(frame);
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            return;
        }
        for (Map<String, Object> e : parsed) {
            String ev = WireEvents.ev(e);
            String key = "status".equals(ev) ? "status:" + e.get("status") : ev + ":" + e.get("sym");
            received.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            received.computeIfAbsent(ev, k -> new AtomicLong()).incrementAndGet();
            if (keepEvents || "status".equals(ev)) {
                events.add(e);
            }
        }
    }

    /** Stops keeping data event maps (counts and status events only) for high-volume tests. */
    TestClient countOnly() {
        keepEvents = false;
        return this;
    }

    void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    void auth(String key) throws IOException {
        send("{\"action\":\"auth\",\"params\":\"" + key + "\"}");
    }

    void subscribe(String params) throws IOException {
        send("{\"action\":\"subscribe\",\"params\":\"" + params + "\"}");
    }

    void unsubscribe(String params) throws IOException {
        send("{\"action\":\"unsubscribe\",\"params\":\"" + params + "\"}");
    }

    void ping() throws IOException {
        session.getBasicRemote().sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    int pongs() {
        return pongs.get();
    }

    List<String> frames() {
        return List.copyOf(frames);
    }

    List<Map<String, Object>> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<Map<String, Object>> events(String ev) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : events()) {
            if (ev.equals(WireEvents.ev(e))) {
                out.add(e);
            }
        }
        return out;
    }

    List<Map<String, Object>> statuses() {
        return events("status");
    }

    /** Events received of a type ({@code T}) or of a type and symbol ({@code T}, {@code AAPL}). */
    long count(String ev) {
        AtomicLong n = received.get(ev);
        return n == null ? 0 : n.get();
    }

    long count(String ev, String sym) {
        return count(ev + ":" + sym);
    }

    long statusCount(String status) {
        return count("status:" + status);
    }

    long dataCount() {
        return count("T") + count("Q") + count("A") + count("AM");
    }

    int malformedFrames() {
        return malformed.get();
    }

    /** Waits for a status event matching and returns it. */
    Map<String, Object> awaitStatus(String status, String message) {
        Predicate<Map<String, Object>> match = e -> status.equals(e.get("status"))
                && (message == null || message.equals(e.get("message")));
        await().atMost(WAIT).until(() -> statuses().stream().anyMatch(match));
        return statuses().stream().filter(match).findFirst().orElseThrow();
    }

    void awaitStatusCount(String status, int n) {
        await().atMost(WAIT).until(() -> statusCount(status) >= n);
    }

    boolean isOpen() {
        return closedLatch.getCount() > 0;
    }

    /** Waits for the close and returns its reason. */
    CloseReason awaitClosed() throws InterruptedException {
        if (!closedLatch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("client was not closed within " + WAIT);
        }
        return closeReason;
    }

    /** Authenticates with the dev key and waits for auth_success. */
    TestClient authenticated() throws IOException {
        awaitStatus(StatusTexts.CONNECTED, null);
        auth(SimulatorConfig.DEV_API_KEY);
        awaitStatus(StatusTexts.AUTH_SUCCESS, null);
        return this;
    }

    @Override
    public void close() {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the test is over either way
        }
    }
}
