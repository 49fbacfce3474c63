package com.tickstock.console;

import static com.tickstock.console.manager.ManagerTestSupport.FAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.config.ConfigException;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ConsumerStats;
import com.tickstock.console.manager.ManagedConnectionSpec;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.RepublisherConfig;
import com.tickstock.console.republish.RepublisherStatus;
import com.tickstock.console.republish.TickSubscriber;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reliability gate: every fault, end to end through the manager and the Redis republisher.
 *
 * <p>Each row runs three real connections against the real simulator, a republisher wired to the manager as a
 * consumer and publishing to one shared real {@code redis-server}, and a Redis subscriber. It injects the fault,
 * checks what the operator is shown (state, {@link Cause#words()}, detail), recovers where recovery is possible,
 * and then reconciles everything exactly: the simulator's connections are stalled, and what the simulator sent
 * must equal what the connections received, what the republisher received, and
 * {@code published + buffered + dropped} (no drops expected: every outage is far shorter than the buffer).
 * Faults covered in depth elsewhere (FeedConnectionIT, ConnectionLimitIT, RepublishOutageTest, ...) are here
 * for the end-to-end accounting.
 */
class FaultMatrixIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> ONE = List.of("AAPL", "MSFT", "NVDA");
    private static final List<String> TWO = List.of("JPM", "BAC", "WFC");
    private static final List<String> THREE = List.of("XOM", "CVX", "COP");
    private static final Map<String, List<String>> TICKERS = Map.of("connection_1", ONE, "connection_2", TWO,
            "connection_3", THREE);
    private static final String C1 = "connection_1";
    private static final AtomicInteger CHANNELS = new AtomicInteger();

    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    // =====================================================================================
    // The matrix
    // =====================================================================================

    static Stream<Arguments> matrix() {
        // -Dmatrix.only=Redis runs only the rows whose name contains that text
        String only = System.getProperty("matrix.only", "");
        return rows().filter(a -> ((String) a.get()[0]).contains(only));
    }

    private static Stream<Arguments> rows() {
        return Stream.of(
                //  fault                               set-up             inject                              operator sees (during)                                         recover                 operator sees (after)                 extra checks
                row("abrupt drop (TCP FIN, no close)",  none(),            r -> r.server(C1).dropAbruptly(),   saw(C1, ConnectionState.RECONNECTING, "connection dropped", ""),  nothing(),              streaming(C1),                        noExtra()),
                row("clean close 1000",                 none(),            r -> r.server(C1).closeCleanly(),   saw(C1, ConnectionState.RECONNECTING, "closed by server", "close code 1000"), nothing(), streaming(C1),                  noExtra()),
                row("stall (socket open, no data)",     none(),            r -> r.server(C1).stall(),          saw(C1, ConnectionState.STALE, "no data", "no data for"),         r -> r.server(C1).resume(), resumedFromStale(C1),  noExtra()),
                row("malformed frame",                  none(),            r -> r.server(C1).sendMalformedFrame(), counted(C1, "decode error", s -> s.decodeErrors() == 1 && !s.lastDecodeError().isEmpty()), nothing(), streaming(C1), noExtra()),
                row("unknown event",                    none(),            r -> r.server(C1).sendUnknownEvent(), counted(C1, "unknown event", s -> s.unknownEvents() == 1), nothing(),              streaming(C1),                        noExtra()),
                row("status error",                     none(),            r -> r.server(C1).sendStatusError("matrix says no"), counted(C1, "status error", s -> s.statusErrors() == 1 && s.lastStatusError().equals("matrix says no")), nothing(), streaming(C1), noExtra()),
                row("auth failure",                     wrongKeyOn("connection_2"), nothingR(),                saw("connection_2", ConnectionState.FAILED, "auth failed", "authentication failed"), nothing(), failed("connection_2", "auth failed"), FaultMatrixIT::authFailedWasNotRetried),
                row("limit kick, newest evicted",       limit(SimulatorConfig.Eviction.NEWEST), nothingR(),    sawAny(ConnectionState.FAILED, "connection limit reached", "kicked 3 times"), nothing(), oneFailedOthersStreaming("connection limit reached"), noExtra()),
                row("limit kick, oldest evicted",       limit(SimulatorConfig.Eviction.OLDEST), nothingR(),    sawAny(ConnectionState.FAILED, "connection limit reached", "kicked 3 times"), nothing(), oneFailedOthersStreaming("connection limit reached"), noExtra()),
                row("server slow_consumer disconnect",  none(),            r -> r.server(C1).slowConsumer(),   saw(C1, ConnectionState.RECONNECTING, "disconnected by server: slow consumer", "could not keep up"), nothing(), streaming(C1), noExtra()),
                row("our consumer falls behind",        stuckConsumer(),   FaultMatrixIT::floodUntilTheStuckConsumerDrops, counted(C1, "nothing dropped on the feed", s -> s.droppedTotal() == 0), FaultMatrixIT::unblock, streaming(C1), FaultMatrixIT::stuckConsumerAccountsForEveryEvent),
                row("Redis down, then up",              none(),            FaultMatrixIT::killRedis,           redisIs("Redis down", st -> st.state() != RepublisherStatus.State.CONNECTED && st.lastError() != null && st.downSince() != null), FaultMatrixIT::restartRedis, redisIs("Redis connected", st -> st.state() == RepublisherStatus.State.CONNECTED && st.downSince() == null), noExtra()),
                row("Redis slow (SIGSTOP, SIGCONT)",    none(),            FaultMatrixIT::pauseRedis,          redisIs("ticks buffered, feed unaffected", st -> st.buffered() > 0), FaultMatrixIT::continueRedis, redisIs("Redis connected", st -> st.state() == RepublisherStatus.State.CONNECTED), noExtra()),
                row("a consumer that throws",           throwingConsumer(), nothingR(),                        counted(C1, "nothing dropped on the feed", s -> s.droppedTotal() == 0), nothing(), streaming(C1), FaultMatrixIT::throwingConsumerIsCountedAlone));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void fault(String fault, Setup setup, Step inject, Expect during, Step recover, Expect after, Extra extra)
            throws Exception {
        try (Rig rig = Rig.start(setup)) {
            rig.connectAndSettle();
            inject.run(rig);
            await(fault + ": " + during).atMost(WAIT).untilAsserted(() -> during.check(rig));
            recover.run(rig);
            await(fault + ": " + after).atMost(WAIT).untilAsserted(() -> after.check(rig));
            long sent = rig.reconcile(fault);
            extra.check(rig, sent);
        }
    }

    /** The one row that never reaches a connection: a bad value stops the load, naming key, value and range. */
    @Test
    void badConfigValueStopsTheLoadNamingTheKeyAndNothingConnects(@TempDir Path configDir) throws Exception {
        Path env = configDir.resolve("tickstock.env");
        Files.writeString(env, "WEBSOCKET_CONNECTION_1_ENABLED=true\nWEBSOCKET_CONNECTION_1_SYMBOLS=AAPL\n"
                + "WEBSOCKET_STALE_SECONDS=soon\n");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(configDir).load(env, Map.of(), Map.of()));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("WEBSOCKET_STALE_SECONDS").contains("soon")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(e.problems()).extracting(p -> p.key()).containsExactly("WEBSOCKET_STALE_SECONDS");
        // the same value from the command line fails the same way, and a fixed value loads
        assertThat(catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(configDir)
                .load(env, Map.of(), Map.of("WEBSOCKET_STALE_SECONDS", "-1"))).getMessage())
                .contains("WEBSOCKET_STALE_SECONDS").contains("-1");
        assertThat(new ConfigLoader(configDir).load(env, Map.of(), Map.of("WEBSOCKET_STALE_SECONDS", "7"))
                .feed().staleAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    // =====================================================================================
    // Row vocabulary
    // =====================================================================================

    interface Setup {
        void apply(SimulatorConfig.Builder sim, Map<String, String> keys, Rig rig);
    }

    interface Step {
        void run(Rig rig) throws Exception;
    }

    interface Extra {
        void check(Rig rig, long sent) throws Exception;
    }

    /** What the operator is shown, checked repeatedly until it holds. */
    record Expect(String text, Check check) {
        void check(Rig rig) throws Exception {
            check.run(rig);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    interface Check {
        void run(Rig rig) throws Exception;
    }

    private static Arguments row(String fault, Setup setup, Step inject, Expect during, Step recover, Expect after,
                                 Extra extra) {
        return Arguments.of(fault, setup, inject, during, recover, after, extra);
    }

    private static Setup none() {
        return (sim, keys, rig) -> { };
    }

    private static Step nothing() {
        return rig -> { };
    }

    private static Step nothingR() {
        return nothing();
    }

    private static Extra noExtra() {
        return (rig, sent) -> { };
    }

    private static Setup wrongKeyOn(String id) {
        return (sim, keys, rig) -> keys.put(id, "not-the-key");
    }

    private static Setup limit(SimulatorConfig.Eviction eviction) {
        return (sim, keys, rig) -> sim.maxConnections(2).eviction(eviction);
    }

    private static Setup stuckConsumer() {
        return (sim, keys, rig) -> rig.addStuckConsumer();
    }

    private static Setup throwingConsumer() {
        return (sim, keys, rig) -> rig.addThrowingConsumer();
    }

    /** The connection went through {@code state} for the {@code words} cause, with detail containing {@code detail}. */
    private static Expect saw(String id, ConnectionState state, String words, String detail) {
        return new Expect(id + " " + state + ": " + words, rig -> assertThat(rig.changes).as("state changes")
                .anySatisfy(c -> {
                    assertThat(c.connectionId()).isEqualTo(id);
                    assertThat(c.state()).isEqualTo(state);
                    assertThat(c.cause().words()).isEqualTo(words);
                    assertThat(c.detail()).contains(detail);
                }));
    }

    /** Back to STREAMING from STALE, because data arrived again (not the first STREAMING after connecting). */
    private static Expect resumedFromStale(String id) {
        return new Expect(id + " STALE -> STREAMING: data resumed", rig -> {
            assertThat(rig.changes).anySatisfy(c -> {
                assertThat(c.connectionId()).isEqualTo(id);
                assertThat(c.previous()).isEqualTo(ConnectionState.STALE);
                assertThat(c.state()).isEqualTo(ConnectionState.STREAMING);
                assertThat(c.cause().words()).isEqualTo("data resumed");
            });
            assertThat(rig.snapshot(id).state()).isEqualTo(ConnectionState.STREAMING);
        });
    }

    private static Expect sawAny(ConnectionState state, String words, String detail) {
        return new Expect("some connection " + state + ": " + words, rig -> assertThat(rig.changes)
                .anySatisfy(c -> {
                    assertThat(c.state()).isEqualTo(state);
                    assertThat(c.cause().words()).isEqualTo(words);
                    assertThat(c.detail()).contains(detail);
                }));
    }

    /** Every connection streams again and the snapshot agrees; {@code id} has come back from its fault. */
    private static Expect streaming(String id) {
        return new Expect("all STREAMING", rig -> {
            assertThat(rig.manager.states().values()).containsOnly(ConnectionState.STREAMING);
            assertThat(rig.snapshot(id).state()).isEqualTo(ConnectionState.STREAMING);
        });
    }

    private static Expect failed(String id, String words) {
        return new Expect(id + " FAILED: " + words + ", others STREAMING", rig -> {
            ConnectionSnapshot snap = rig.snapshot(id);
            assertThat(snap.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(snap.cause().words()).isEqualTo(words);
            assertThat(snap.detail()).isNotBlank();
            assertThat(rig.manager.healthNow().connections().get(id).seedStatus()).isEqualTo("error");
            rig.manager.states().forEach((other, state) -> {
                if (!other.equals(id)) {
                    assertThat(state).as(other).isEqualTo(ConnectionState.STREAMING);
                }
            });
        });
    }

    private static Expect oneFailedOthersStreaming(String words) {
        return new Expect("one FAILED: " + words + ", two STREAMING", rig -> {
            List<ConnectionSnapshot> failed = new ArrayList<>();
            List<ConnectionSnapshot> streaming = new ArrayList<>();
            for (String id : rig.manager.connectionIds()) {
                ConnectionSnapshot s = rig.snapshot(id);
                (s.state() == ConnectionState.FAILED ? failed : streaming).add(s);
            }
            assertThat(failed).singleElement().satisfies(s -> {
                assertThat(s.cause().words()).isEqualTo(words);
                assertThat(s.detail()).contains("the account's connection limit was reached: 3 of ours are open");
            });
            assertThat(streaming).hasSize(2).allSatisfy(s -> assertThat(s.state()).isEqualTo(ConnectionState.STREAMING));
            assertThat(rig.sim.connections().stream().filter(SimConnection::isOpen).count()).isEqualTo(2);
        });
    }

    /** The connection kept streaming and counted the fault where the operator sees it. */
    private static Expect counted(String id, String what, java.util.function.Predicate<ConnectionSnapshot> test) {
        return new Expect(id + " STREAMING, " + what + " counted", rig -> {
            ConnectionSnapshot snap = rig.manager.connection(id).snapshot();
            assertThat(snap.state()).isEqualTo(ConnectionState.STREAMING);
            assertThat(test).as(what + " in " + snap).accepts(snap);
            assertThat(rig.changes).noneMatch(c -> c.state() == ConnectionState.RECONNECTING);
        });
    }

    private static Expect redisIs(String what, java.util.function.Predicate<RepublisherStatus> test) {
        return new Expect(what + ", feed STREAMING", rig -> {
            RepublisherStatus status = rig.republisher.status();
            assertThat(test).as(what + " in " + status).accepts(status);
            assertThat(rig.manager.states().values()).containsOnly(ConnectionState.STREAMING);
            assertThat(rig.manager.healthNow().totalDropped()).as("feed and consumer drops").isZero();
        });
    }

    // ---- injections and recoveries that need more than one call ----

    private static void killRedis(Rig rig) throws Exception {
        await().atMost(WAIT).until(() -> rig.republisher.status().published() > 100);
        rig.subscriberSurvives = false; // pub/sub does not keep what was published while the subscriber was away
        redis.kill();
    }

    private static void restartRedis(Rig rig) throws Exception {
        // The feed keeps going while Redis is away: ticks wait in the buffer.
        long buffered = rig.republisher.status().buffered();
        await().atMost(WAIT).until(() -> rig.republisher.status().buffered() > buffered + 100);
        redis.startProcess();
    }

    private static void pauseRedis(Rig rig) throws Exception {
        await().atMost(WAIT).until(() -> rig.republisher.status().published() > 100);
        signal("STOP");
        rig.redisPaused = true;
    }

    private static void continueRedis(Rig rig) throws Exception {
        signal("CONT");
        rig.redisPaused = false;
    }

    private static void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(redis.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + name).isTrue();
    }

    private static void floodUntilTheStuckConsumerDrops(Rig rig) throws Exception {
        for (SimConnection c : rig.openServerConnections()) {
            // 20x the normal pace: fills the stuck consumer's 16,384-frame queue in a few seconds
            c.setRate(20_000).get(10, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> rig.stats("stuck").droppedEvents() > 0);
        for (SimConnection c : rig.openServerConnections()) {
            c.setRate(1_000).get(10, TimeUnit.SECONDS);
        }
    }

    private static void unblock(Rig rig) {
        rig.stuckLatch.countDown();
    }

    private static void stuckConsumerAccountsForEveryEvent(Rig rig, long sent) {
        await().atMost(WAIT).until(() -> rig.stats("stuck").queueDepth() == 0);
        ConsumerStats stuck = rig.stats("stuck");
        assertThat(stuck.droppedEvents()).isPositive();
        assertThat(stuck.deliveredEvents() + stuck.droppedEvents()).isEqualTo(sent);
    }

    private static void throwingConsumerIsCountedAlone(Rig rig, long sent) {
        ConsumerStats broken = rig.stats("broken");
        assertThat(broken.errors()).isEqualTo(rig.thrown.get()).isPositive();
        assertThat(broken.deliveredEvents()).isZero();
        assertThat(broken.droppedEvents()).isZero();
    }

    private static void authFailedWasNotRetried(Rig rig, long sent) {
        // one attempt with the wrong key, never retried on its own: an operator must fix the key
        assertThat(rig.sim.connections().stream().filter(c -> c.disconnectCause()
                .filter(d -> d == SimConnection.DisconnectCause.AUTH_FAILED).isPresent())).hasSize(1);
        assertThat(rig.snapshot("connection_2").reconnects()).isZero();
    }

    // =====================================================================================
    // The rig: simulator + manager + republisher + subscriber
    // =====================================================================================

    static final class Rig implements AutoCloseable {
        final SimulatorServer sim;
        final ConnectionManager manager;
        final RedisRepublisher republisher;
        final TickSubscriber subscriber;
        final String channel = "matrix:" + CHANNELS.incrementAndGet();
        final List<StateChange> changes = new CopyOnWriteArrayList<>();
        final AtomicLong offered = new AtomicLong();
        final AtomicLong thrown = new AtomicLong();
        final CountDownLatch stuckLatch = new CountDownLatch(1);
        private final List<AutoCloseable> consumers = new ArrayList<>();
        private final List<Consumer<Rig>> lateConsumers = new ArrayList<>();
        volatile boolean subscriberSurvives = true;
        volatile boolean redisPaused;

        private Rig(Setup setup) throws Exception {
            SimulatorConfig.Builder simConfig = SimulatorConfig.builder().apiKeys(SimulatorConfig.DEV_API_KEY)
                    .eventsPerSecond(1_000).eventsPerFrame(5);
            Map<String, String> keys = new java.util.HashMap<>(Map.of("connection_1", SimulatorConfig.DEV_API_KEY,
                    "connection_2", SimulatorConfig.DEV_API_KEY, "connection_3", SimulatorConfig.DEV_API_KEY));
            setup.apply(simConfig, keys, this);
            sim = SimulatorServer.start(simConfig.build());
            List<ManagedConnectionSpec> specs = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                String id = "connection_" + n;
                specs.add(spec(sim, n, keys.get(id), TICKERS.get(id)));
            }
            manager = new ConnectionManager(specs, Set.of(EventType.TRADE), 100);
            manager.addStateListener(new ConnectionListener() {
                @Override
                public void onStateChange(StateChange change) {
                    changes.add(change);
                }
            });
            subscriber = TickSubscriber.counting(redis.url(), channel);
            republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(channel)).start();
            consumers.add(manager.addConsumer("redis", batch -> {
                for (FeedEvent event : batch.events()) {
                    republisher.offer(event, batch.connectionId());
                }
                offered.addAndGet(batch.events().size());
            }, TickConsumer.Delivery.DIRECT));
            for (Consumer<Rig> late : lateConsumers) {
                late.accept(this);
            }
        }

        static Rig start(Setup setup) throws Exception {
            return new Rig(setup);
        }

        /** Quick timings: stale after 1.5 s; keepalive generous so a loaded machine never trips it. */
        private static ManagedConnectionSpec spec(SimulatorServer sim, int n, String key, List<String> tickers) {
            String id = "connection_" + n;
            FeedConnectionConfig feed = FeedConnectionConfig.of(id, id, sim.url(), key).withReconnect(FAST)
                    .withTimings(Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(10),
                            Duration.ofSeconds(10), Duration.ofSeconds(10));
            return new ManagedConnectionSpec(feed, "matrix_" + n, tickers);
        }

        void addStuckConsumer() {
            lateConsumers.add(rig -> {
                consumers.add(rig.manager.addConsumer("stuck", batch -> {
                    try {
                        stuckLatch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, TickConsumer.Delivery.QUEUED));
            });
        }

        void addThrowingConsumer() {
            lateConsumers.add(rig -> {
                consumers.add(rig.manager.addConsumer("broken", batch -> {
                    thrown.incrementAndGet();
                    throw new IllegalStateException("consumer bug");
                }, TickConsumer.Delivery.DIRECT));
            });
        }

        void connectAndSettle() throws InterruptedException {
            manager.connect();
            manager.awaitSettled(WAIT);
            await().atMost(WAIT).until(() -> sim.totals().dataEvents() > 300);
        }

        ConnectionSnapshot snapshot(String id) {
            return manager.healthNow().connections().get(id).feed();
        }

        ConsumerStats stats(String name) {
            return manager.healthNow().consumers().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow();
        }

        List<SimConnection> openServerConnections() {
            return sim.connections().stream().filter(SimConnection::isOpen).toList();
        }

        /** The simulator's open side of a manager connection, found by a ticker only it carries. */
        SimConnection server(String connectionId) {
            String marker = "T." + TICKERS.get(connectionId).get(0);
            await().atMost(WAIT).until(() -> openServerConnections().stream()
                    .anyMatch(c -> c.subscriptions().contains(marker)));
            return openServerConnections().stream().filter(c -> c.subscriptions().contains(marker))
                    .findFirst().orElseThrow();
        }

        /**
         * Stops the simulator and checks every count end to end; returns what the simulator sent. Only
         * connections the manager still wants (not FAILED) have a server side to stall.
         */
        long reconcile(String fault) throws Exception {
            long live = manager.states().values().stream().filter(s -> s != ConnectionState.FAILED).count();
            await(fault + ": every live connection subscribed on the server").atMost(WAIT)
                    .until(() -> openServerConnections().stream().filter(c -> !c.subscriptions().isEmpty()).count() == live
                            && openServerConnections().size() == live);
            for (SimConnection c : openServerConnections()) {
                c.stall().get(10, TimeUnit.SECONDS);
            }
            long sent = sim.totals().dataEvents();
            assertThat(sent).as("simulator sent").isPositive();
            await(fault + ": received = sent").atMost(WAIT).untilAsserted(() -> {
                assertThat(manager.healthNow().totalTicksReceived()).as("connections received").isEqualTo(sent);
                assertThat(offered.get()).as("handed to the republisher").isEqualTo(sent);
            });
            // (the health total also counts what a QUEUED consumer could not take: that row checks those itself)
            assertThat(manager.healthNow().connections().values()).as("dropped on the feed")
                    .allSatisfy(h -> assertThat(h.feed().dropped()).as(h.feed().id()).isEmpty());
            for (String id : manager.connectionIds()) {
                ConnectionSnapshot s = snapshot(id);
                long serverSent = sim.connections().stream().filter(c -> c.subscriptions()
                        .contains("T." + TICKERS.get(id).get(0))).mapToLong(c -> c.counters().dataEvents()).sum();
                assertThat(s.marketDataEvents()).as(id + " received = its server sides sent").isEqualTo(serverSent);
            }
            await(fault + ": republisher drained").atMost(WAIT)
                    .untilAsserted(() -> assertThat(republisher.status().buffered()).as("buffered in " + republisher.status()).isZero());
            RepublisherStatus status = republisher.status();
            assertThat(status.received()).as("republisher received").isEqualTo(sent);
            assertThat(status.isReconciled()).as("received = published + buffered + dropped: " + status).isTrue();
            assertThat(status.droppedTotal()).as("dropped by reason " + status.dropped()).isZero();
            assertThat(status.published()).isEqualTo(sent);
            if (subscriberSurvives) {
                await(fault + ": the subscriber read every tick").atMost(WAIT)
                        .untilAsserted(() -> assertThat(subscriber.count()).isEqualTo(sent));
            }
            return sent;
        }

        @Override
        public void close() throws Exception {
            stuckLatch.countDown();
            if (redisPaused) {
                signal("CONT");
            }
            if (!redisAlive()) {
                redis.startProcess();
            }
            manager.close();
            for (AutoCloseable c : consumers) {
                c.close();
            }
            republisher.close();
            subscriber.close();
            sim.close();
        }

        private static boolean redisAlive() {
            try {
                return redis.command("PING").startsWith("+PONG");
            } catch (Exception e) {
                return false;
            }
        }
    }
}
