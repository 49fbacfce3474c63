package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static com.tickstock.console.feed.FeedTestSupport.config;
import static com.tickstock.console.feed.FeedTestSupport.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import com.tickstock.console.supervision.PartFailures;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery on the socket thread while every listener is non-blocking, and through the dispatch thread while one may
 * block: one real connection against the real simulator over loopback WebSockets.
 */
class InlineDeliveryIT {

    private static final String DISPATCH_THREAD = "feed-connection_1-dispatch";

    private SimulatorServer sim;
    private FeedConnection connection;

    @AfterEach
    void tearDown() {
        FeedTestSupport.closeBoth(connection, sim);
    }

    /**
     * A non-blocking listener that checks what it is given: every trade's sequence above the last of its ticker
     * (frames in order), one call at a time (never two threads at once for one connection), and which threads called.
     */
    static final class OrderChecker implements ConnectionListener {
        private final Map<String, Long> lastSequence = new HashMap<>(); // guarded by the one-call-at-a-time check
        private final AtomicReference<Thread> inCall = new AtomicReference<>();
        final AtomicLong events = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final AtomicLong overlapping = new AtomicLong();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        /** Events delivered on the dispatch thread. */
        final AtomicLong onDispatch = new AtomicLong();
        volatile String lastThread = "";

        @Override
        public void onEvents(EventBatch batch) {
            Thread me = Thread.currentThread();
            if (!inCall.compareAndSet(null, me)) {
                overlapping.incrementAndGet();
                return;
            }
            try {
                threads.add(me.getName());
                lastThread = me.getName();
                if (me.getName().equals(DISPATCH_THREAD)) {
                    onDispatch.addAndGet(batch.events().size());
                }
                for (FeedEvent event : batch.events()) {
                    if (event instanceof Trade t) {
                        Long last = lastSequence.put(t.symbol(), t.sequence());
                        if (last != null && t.sequence() <= last) {
                            outOfOrder.incrementAndGet();
                        }
                    }
                }
                events.addAndGet(batch.events().size());
            } finally {
                inCall.set(null);
            }
        }

        @Override
        public boolean mayBlock() {
            return false;
        }
    }

    /** Waits in every call until released: it may block, and says so (the default). */
    static final class Blocker implements ConnectionListener {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong events = new AtomicLong();

        @Override
        public void onEvents(EventBatch batch) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.addAndGet(batch.events().size());
        }
    }

    private SimConnection startStreaming(SimulatorConfig.Builder simConfig, int handoffCapacity, ConnectionListener... listeners) {
        sim = FeedTestSupport.simulator(simConfig);
        connection = new FeedConnection(config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY)
                .withHandoffCapacity(handoffCapacity));
        for (ConnectionListener listener : listeners) {
            connection.addListener(listener);
        }
        connection.subscribe(trades("AAPL", "MSFT", "NVDA"));
        connection.connect();
        return sim.awaitSubscribed(1, WAIT).get(0);
    }

    @Test
    void nonBlockingListenersGetEveryFrameInOrderOnTheSocketThreadAndTheCountsAreExact() throws Exception {
        OrderChecker first = new OrderChecker();
        OrderChecker second = new OrderChecker();
        SimConnection server = startStreaming(SimulatorConfig.builder().eventsPerSecond(5_000).eventsPerFrame(20),
                1_024, first, second);
        await().atMost(WAIT).until(() -> server.counters().dataEvents() > 2_000);
        server.stall().get(10, TimeUnit.SECONDS);
        long sent = server.counters().dataEvents();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(first.events.get()).isEqualTo(sent);
            assertThat(second.events.get()).isEqualTo(sent);
            assertThat(connection.deliveredEvents()).isEqualTo(sent);
            assertThat(connection.snapshot().marketDataEvents()).isEqualTo(sent); // refreshed four times a second
        });
        ConnectionSnapshot snap = connection.snapshot();
        assertThat(snap.droppedTotal()).isZero();
        assertThat(snap.consumerErrors()).isZero();
        assertThat(snap.handoffDepth()).isZero();
        for (OrderChecker checker : new OrderChecker[] {first, second}) {
            assertThat(checker.outOfOrder.get()).isZero();
            assertThat(checker.overlapping.get()).isZero();
            assertThat(checker.onDispatch.get()).as("events delivered on the dispatch thread").isZero();
            assertThat(checker.threads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("feed-socket"));
        }
    }

    @Test
    void aBlockingListenerTakesDeliveryToTheDispatchThreadWhichFallsBehindAloneAndInlineDeliveryResumesInOrder()
            throws Exception {
        OrderChecker checker = new OrderChecker();
        SimConnection server = startStreaming(SimulatorConfig.builder().unlimitedRate().eventsPerFrame(10), 16, checker);
        await().atMost(WAIT).until(() -> checker.events.get() > 1_000);
        assertThat(checker.onDispatch.get()).isZero();

        // A listener that may block: from the next frame on every listener is called on the dispatch thread, and with
        // that one stuck the socket goes on reading, its frames counted as dropped once the queue is full.
        Blocker blocker = new Blocker();
        connection.addListener(blocker);
        await().atMost(WAIT).until(() -> connection.snapshot().dropped().getOrDefault(DropReason.CONSUMER_BEHIND, 0L) > 1_000);
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
        long receivedWhileStuck = connection.snapshot().marketDataEvents();
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() > receivedWhileStuck + 1_000);
        assertThat(checker.onDispatch.get()).as("the non-blocking listener, called on the dispatch thread").isPositive();

        // Gone again: what is queued is delivered first, then frames are delivered on the socket thread again, and
        // once one is, nothing is queued any more: every later frame is delivered there too.
        connection.removeListener(blocker);
        blocker.release.countDown();
        await().atMost(WAIT).until(() -> checker.lastThread.startsWith("feed-socket"));
        long onDispatchAfter = checker.onDispatch.get();
        long eventsBefore = checker.events.get();
        await().atMost(WAIT).until(() -> checker.events.get() > eventsBefore + 5_000);
        server.stall().get(10, TimeUnit.SECONDS);
        long sent = server.counters().dataEvents();
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot snap = connection.snapshot();
            assertThat(snap.marketDataEvents()).isEqualTo(sent);
            assertThat(connection.deliveredEvents() + snap.droppedTotal()).isEqualTo(sent);
            assertThat(checker.events.get()).isEqualTo(connection.deliveredEvents());
        });
        assertThat(checker.onDispatch.get()).isEqualTo(onDispatchAfter);
        assertThat(checker.outOfOrder.get()).isZero();
        assertThat(checker.overlapping.get()).isZero();
        assertThat(blocker.events.get()).isPositive();
    }

    @Test
    void aFatalErrorInANonBlockingListenerFailsTheDeliveryButTheSocketKeepsReadingAndCounting() throws Exception {
        long failuresBefore = PartFailures.process().sequence();
        AtomicLong calls = new AtomicLong();
        ConnectionListener dying = new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
                if (calls.incrementAndGet() == 3) {
                    throw new InternalError("injected");
                }
            }

            @Override
            public boolean mayBlock() {
                return false;
            }
        };
        SimConnection server = startStreaming(SimulatorConfig.builder().eventsPerSecond(2_000).eventsPerFrame(5), 16, dying);

        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.FAILED);
        // Filtered by the error's words: a thread another test left behind could report a failure meanwhile.
        assertThat(PartFailures.process().since(failuresBefore)).filteredOn(f -> f.cause().equals("InternalError: injected"))
                .singleElement().satisfies(f -> {
            assertThat(f.part()).isEqualTo("connection_1-dispatch");
            assertThat(f.thread()).startsWith("feed-socket");
            assertThat(f.cause()).isEqualTo("InternalError: injected");
        });
        long received = connection.snapshot().marketDataEvents();
        await().atMost(WAIT).until(() -> connection.snapshot().marketDataEvents() > received + 500);
        server.stall().get(10, TimeUnit.SECONDS);
        long sent = server.counters().dataEvents();
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot snap = connection.snapshot();
            assertThat(snap.marketDataEvents()).isEqualTo(sent);
            assertThat(connection.deliveredEvents() + snap.dropped().getOrDefault(DropReason.CONSUMER_BEHIND, 0L))
                    .isEqualTo(sent);
        });
        assertThat(calls.get()).isEqualTo(3); // never called again once its delivery failed
    }
}
