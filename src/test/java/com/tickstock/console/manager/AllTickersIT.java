package com.tickstock.console.manager;

import static com.tickstock.console.manager.ManagerTestSupport.WAIT;
import static com.tickstock.console.manager.ManagerTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.simulator.SentCounters;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection configured with every ticker ({@code _SYMBOLS=*}) against the real simulator over loopback. */
class AllTickersIT {

    private static final Set<EventType> TRADES_AND_QUOTES = Set.of(EventType.TRADE, EventType.QUOTE);

    private SimulatorServer sim;
    private ConnectionManager manager;

    @AfterEach
    void tearDown() {
        ManagerTestSupport.closeBoth(manager, sim);
    }

    /** One all-ticker connection, streaming, with a consumer counting events per ticker and type. */
    private Map<String, AtomicLong> streamingWithCounter() throws Exception {
        sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(SimulatorConfig.DEV_API_KEY)
                .eventsPerSecond(2_000).eventsPerFrame(20).build());
        manager = new ConnectionManager(List.of(spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("*"))),
                TRADES_AND_QUOTES, 10);
        Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        manager.addConsumer("counter", batch -> {
            for (FeedEvent event : batch.events()) {
                received.computeIfAbsent(event.type().wireName() + "." + event.symbol(), k -> new AtomicLong())
                        .incrementAndGet();
            }
        }, TickConsumer.Delivery.DIRECT);
        manager.connect();
        assertThat(manager.awaitSettled(WAIT)).containsEntry("connection_1", ConnectionState.STREAMING);
        return received;
    }

    @Test
    void subscribesEachEventTypesWildcardAndCarriesEveryTickerThePlayedCountsExact() throws Exception {
        Map<String, AtomicLong> received = streamingWithCounter();
        assertThat(sim.awaitSubscribed(1, WAIT).get(0).subscriptions()).containsExactlyInAnyOrder("T.*", "Q.*");
        // More tickers than the capacity of 10: a '*' connection is not bound by it.
        await().atMost(WAIT).until(() -> manager.routing().load("connection_1") > 20
                && sim.totals().dataEvents() > 3_000);
        long sent = ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(received.values().stream().mapToLong(AtomicLong::get).sum()).isEqualTo(sent));

        SentCounters played = sim.totals();
        for (String symbol : played.symbols()) {
            for (EventType type : TRADES_AND_QUOTES) {
                AtomicLong got = received.get(type.wireName() + "." + symbol);
                assertThat(got == null ? 0 : got.get()).as("%s.%s", type.wireName(), symbol)
                        .isEqualTo(played.events(symbol, type));
            }
        }
        assertThat(manager.connectionTickers("connection_1")).containsExactlyInAnyOrderElementsOf(played.symbols());
        String someTicker = played.symbols().iterator().next();
        assertThat(manager.tickerAssignment(someTicker.toLowerCase(java.util.Locale.ROOT))).contains("connection_1");
        assertThat(manager.tickerAssignment("NOTPLAYED")).isEmpty();

        ConnectionHealth health = manager.healthNow().connections().get("connection_1");
        assertThat(health.allTickers()).isTrue();
        assertThat(health.universeKey()).isEqualTo("*");
        assertThat(health.assignedTickers()).isEqualTo(played.symbols().size());
        String json = HealthJson.toJson(manager.healthNow()).replaceAll("\\s", "");
        assertThat(json).contains("\"universe_key\":\"*\",\"all_tickers\":true")
                .contains("\"assigned_tickers\":" + played.symbols().size());
        assertThat(manager.chosenAssignments(manager.routing())).isEmpty();
    }

    @Test
    void aFullMarketTapeJoinsThousandsOfTickersCountsExact() throws Exception {
        sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(SimulatorConfig.DEV_API_KEY)
                .fullMarket(SimulatorConfig.FULL_MARKET).unlimitedRate().eventsPerFrame(100).build());
        manager = new ConnectionManager(List.of(spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("*"))),
                Set.of(EventType.TRADE), 10);
        AtomicLong received = new AtomicLong();
        manager.addConsumer("counter", batch -> received.addAndGet(batch.events().size()), TickConsumer.Delivery.DIRECT);
        manager.connect();
        // Far beyond the ~500 built-in listings: the tape's tail is reaching the connection.
        await().atMost(WAIT).until(() -> manager.routing().load("connection_1") > 2_000);
        long sent = ManagerTestSupport.stallAllAndCountSent(sim);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.get()).isEqualTo(sent));
        assertThat(manager.connectionTickers("connection_1")).containsExactlyInAnyOrderElementsOf(sim.totals().symbols());
        assertThat(manager.healthNow().totalDropped()).isZero();
    }

    @Test
    void singleTickerChangesOnTheStarConnectionAreRefusedWithTheReason() throws Exception {
        streamingWithCounter();
        await().atMost(WAIT).until(() -> manager.routing().load("connection_1") > 0);
        String seen = manager.connectionTickers("connection_1").iterator().next();

        SubscribeResult result = manager.subscribe(List.of(seen, "ZZZZ"));
        assertThat(result.alreadyAssigned()).containsEntry(seen, "connection_1");
        assertThat(result.rejected()).containsOnlyKeys("ZZZZ");
        assertThat(result.rejected().get("ZZZZ")).contains("connection_1 carries all tickers (*)")
                .contains("arrives there as soon as it trades");

        assertThatThrownBy(() -> manager.unsubscribe(List.of(seen)))
                .hasMessageContaining(seen + " is on connection_1, which carries all tickers (*)")
                .hasMessageContaining("cannot be unsubscribed");
        assertThatThrownBy(() -> manager.move(seen, "connection_1"))
                .hasMessageContaining("connection_1 carries all tickers (*)");
        assertThat(manager.connectionTickers("connection_1")).contains(seen);
        assertThat(sim.connections().get(0).subscriptions()).containsExactlyInAnyOrder("T.*", "Q.*");
    }
}
