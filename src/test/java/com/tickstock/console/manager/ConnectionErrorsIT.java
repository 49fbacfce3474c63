package com.tickstock.console.manager;

import static com.tickstock.console.manager.ManagerTestSupport.FAST;
import static com.tickstock.console.manager.ManagerTestSupport.WAIT;
import static com.tickstock.console.manager.ManagerTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionErrorKind;
import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failing connections count as errors, per connection and in total, by kind, in the health JSON the window's ERRORS
 * and the dashboard read; a STALE connection reconnects by itself after its factor of stale times and says so.
 * Real connections through the manager against the real simulator (and a port where nothing listens).
 */
class ConnectionErrorsIT {

    private static final Set<EventType> TRADES = Set.of(EventType.TRADE);
    private static final JsonFactory JSON = new JsonFactory();

    private SimulatorServer sim;
    private ConnectionManager manager;
    private final List<StateChange> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        ManagerTestSupport.closeBoth(manager, sim);
    }

    private void start(List<ManagedConnectionSpec> specs) {
        manager = new ConnectionManager(specs, TRADES, 100);
        manager.addStateListener(new ConnectionListener() {
            @Override
            public void onEvents(com.tickstock.console.feed.EventBatch batch) {
            }

            @Override
            public void onStateChange(StateChange change) {
                changes.add(change);
            }
        });
        manager.connect();
    }

    private SimulatorServer simulator(SimulatorConfig.Builder builder) throws Exception {
        sim = SimulatorServer.start(builder.apiKeys(SimulatorConfig.DEV_API_KEY).eventsPerSecond(500).build());
        return sim;
    }

    private Node healthJson() throws Exception {
        return parse(HealthJson.toJson(manager.healthNow()));
    }

    /** A parsed JSON value with just what the assertions need. */
    private record Node(Object value) implements Iterable<Node> {
        Node path(String key) {
            return new Node(value instanceof java.util.Map<?, ?> m ? m.get(key) : null);
        }

        long asLong() {
            return value instanceof Number n ? n.longValue() : 0;
        }

        String asText() {
            return String.valueOf(value);
        }

        boolean isNumber() {
            return value instanceof Number;
        }

        @Override
        public java.util.Iterator<Node> iterator() {
            return value instanceof java.util.Map<?, ?> m ? m.values().stream().map(Node::new).iterator()
                    : java.util.Collections.emptyIterator();
        }
    }

    private static Node parse(String json) throws java.io.IOException {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return new Node(value(p));
        }
    }

    private static Object value(JsonParser p) throws java.io.IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                m.put(key, value(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> list = new java.util.ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(value(p));
            }
            return list;
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getNumberValue();
        }
        return t == JsonToken.VALUE_NULL ? null : p.getText();
    }

    @Test
    void aRefusedKeyIsAnErrorOfItsKindOnItsConnectionAndInTheTotal() throws Exception {
        simulator(SimulatorConfig.builder());
        start(List.of(spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("AAPL")),
                spec(sim, 2, "not-the-key", List.of("MSFT"))));
        await().atMost(WAIT).until(() -> manager.states().get("connection_2") == ConnectionState.FAILED
                && manager.states().get("connection_1") == ConnectionState.STREAMING);
        await().atMost(WAIT).untilAsserted(() -> {
            Node health = healthJson();
            Node bad = health.path("connections").path("connection_2");
            assertThat(bad.path("status").asText()).isEqualTo("error");
            assertThat(bad.path("error_count").asLong()).isEqualTo(1);
            assertThat(bad.path("errors").path("auth_failed").asLong()).isEqualTo(1);
            assertThat(health.path("connections").path("connection_1").path("error_count").asLong()).isZero();
            assertThat(health.path("total_errors").asLong()).isEqualTo(1);
            assertThat(health.path("errors_by_kind").path("auth_failed").asLong()).isEqualTo(1);
        });
    }

    @Test
    void ourOwnThirdConnectionKickedByTheLimitCountsItsKicksAndSaysHowManyOfOursWereOpen() throws Exception {
        simulator(SimulatorConfig.builder().maxConnections(2).eviction(SimulatorConfig.Eviction.NEWEST));
        start(List.of(spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("AAPL")),
                spec(sim, 2, SimulatorConfig.DEV_API_KEY, List.of("MSFT")),
                spec(sim, 3, SimulatorConfig.DEV_API_KEY, List.of("NVDA"))));
        await().atMost(WAIT).until(() -> manager.states().containsValue(ConnectionState.FAILED));
        String loser = manager.states().entrySet().stream().filter(e -> e.getValue() == ConnectionState.FAILED)
                .findFirst().orElseThrow().getKey();
        ConnectionSnapshot failed = manager.connection(loser).snapshot();
        assertThat(failed.cause()).isEqualTo(Cause.CONNECTION_LIMIT);
        // The other two held their sockets throughout: no "another client" when it was our own third.
        assertThat(failed.detail()).isEqualTo(
                "kicked 3 times in a row; the account's connection limit was reached: 3 of ours are open");
        assertThat(failed.detail()).doesNotContain("another client");
        assertThat(changes).filteredOn(c -> c.connectionId().equals(loser) && c.state() == ConnectionState.RECONNECTING)
                .isNotEmpty().allSatisfy(c -> assertThat(c.detail()).endsWith("3 of ours are open"));
        await().atMost(WAIT).untilAsserted(() -> {
            Node health = healthJson();
            Node kicked = health.path("connections").path(loser);
            assertThat(kicked.path("errors").path("max_connections").asLong()).isEqualTo(3);
            assertThat(kicked.path("error_count").asLong()).isEqualTo(3);
            assertThat(health.path("total_errors").asLong()).isEqualTo(3);
            assertThat(health.path("errors_by_kind").path("max_connections").asLong()).isEqualTo(3);
        });
    }

    @Test
    void aFeedThatRefusesEveryConnectCountsEachRefusalAndTheEndOfTheQuickRetriesOnce() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        FeedConnectionConfig feed = FeedConnectionConfig.of("connection_1", "primary",
                URI.create("ws://127.0.0.1:" + port + "/stocks"), "k").withReconnect(FAST);
        start(List.of(new ManagedConnectionSpec(feed, "", List.of("AAPL"))));
        // FAST: five quick retries (50..200 ms), then every 200 ms for ever.
        await().atMost(WAIT).untilAsserted(() -> {
            ConnectionSnapshot s = manager.connection("connection_1").snapshot();
            assertThat(s.connectionErrors(ConnectionErrorKind.CONNECT_FAILED)).isGreaterThanOrEqualTo(6);
            assertThat(s.connectionErrors(ConnectionErrorKind.RETRIES_EXHAUSTED)).isEqualTo(1);
        });
        Node c1 = healthJson().path("connections").path("connection_1");
        Node errors = c1.path("errors");
        long sum = 0;
        for (Node n : errors) {
            sum += n.asLong();
        }
        assertThat(c1.path("error_count").asLong()).as("error_count is the sum of its kinds").isEqualTo(sum);
        assertThat(errors.path("retries_exhausted").asLong()).isEqualTo(1);
        assertThat(c1.path("status").asText()).isEqualTo("connecting");
    }

    @Test
    void aStaleConnectionSaysWhenItWillReconnectThenReconnectsBySelf() throws Exception {
        simulator(SimulatorConfig.builder());
        // Stale after 1 s, reconnect after 2 stale times in all; keepalive answered (pings every second).
        FeedConnectionConfig feed = spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("AAPL")).feed()
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withStaleReconnect(2);
        start(List.of(new ManagedConnectionSpec(feed, "", List.of("AAPL"))));
        SimConnection first = sim.awaitSubscribed(1, WAIT).get(0);
        await().atMost(WAIT).until(() -> manager.states().get("connection_1") == ConnectionState.STREAMING);
        first.stall().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> manager.connection("connection_1").snapshot().staleReconnectAt() != null);
        ConnectionSnapshot stale = manager.connection("connection_1").snapshot();
        assertThat(stale.state()).isEqualTo(ConnectionState.STALE);
        // Planned one more stale time ahead (within a second, give or take the 250 ms tick).
        assertThat(Duration.between(Instant.now(), stale.staleReconnectAt())).isLessThanOrEqualTo(Duration.ofSeconds(2));
        Node planned = parse(HealthJson.toJson(new HealthSnapshot(
                java.util.Map.of("connection_1", new ConnectionHealth(stale, "", 1)), List.of(), Instant.now())));
        assertThat(planned.path("connections").path("connection_1").path("stale_reconnect_at").isNumber()).isTrue();
        // It reconnects by itself, says so, counts it, and streams again on a fresh socket.
        SimConnection second = sim.awaitConnection(2, WAIT);
        second.awaitSubscriptions(1, WAIT);
        await().atMost(WAIT).until(() -> manager.states().get("connection_1") == ConnectionState.STREAMING);
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.previous()).isEqualTo(ConnectionState.STALE);
            assertThat(c.state()).isEqualTo(ConnectionState.RECONNECTING);
            assertThat(c.cause()).isEqualTo(Cause.NO_DATA);
            assertThat(c.describe()).contains("(2 × the 1.0 s stale time): reconnecting");
        });
        ConnectionSnapshot after = manager.connection("connection_1").snapshot();
        assertThat(after.connectionErrors(ConnectionErrorKind.STALE_RECONNECT)).isEqualTo(1);
        assertThat(after.staleReconnectAt()).isNull();
        assertThat(first.isOpen()).isFalse();
    }
}
