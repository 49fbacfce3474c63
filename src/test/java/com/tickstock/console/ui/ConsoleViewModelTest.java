package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.Trade;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.manager.ManagedConnectionSpec;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's view model without the toolkit: a real manager that is never connected, a board fed by hand. */
class ConsoleViewModelTest {

    private static final URI NOWHERE = URI.create("ws://127.0.0.1:9/stocks");

    private ConnectionManager manager;
    private TickerBoard board;
    private ConsoleViewModel vm;

    @BeforeEach
    void setUp() {
        manager = new ConnectionManager(List.of(
                spec("connection_1", "primary", "tech", List.of("AAPL", "MSFT")),
                spec("connection_2", "secondary", "", List.of("JPM")),
                spec("connection_3", "tertiary", "", List.of("XOM"))), Set.of(EventType.TRADE, EventType.QUOTE), 1000);
        board = new TickerBoard();
        // Direct executors: actions run and report synchronously, as if the FX thread had them.
        vm = new ConsoleViewModel(manager, new FeedSource(true, NOWHERE.toString(), "(simulator key)"), board,
                RateHistory.standard(), Runnable::run, Runnable::run, 50);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        manager.close();
    }

    static ManagedConnectionSpec spec(String id, String name, String universe, List<String> tickers) {
        return new ManagedConnectionSpec(FeedConnectionConfig.of(id, name, NOWHERE, "key"), universe, tickers);
    }

    static Trade trade(String symbol, double price, long seq) {
        return new Trade(symbol, 4, "t", 3, price, 100, List.of(), 1_700_000_000_000L, seq, 0, 0);
    }

    @Test
    void aClosedViewModelLeavesNothingOfItselfInTheManager() {
        WeakReference<ConsoleViewModel> closed = openPulseAndClose();

        // Only the manager could still reach it (through a listener): once closed, it must be collectable.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return closed.get() == null;
        });
    }

    private WeakReference<ConsoleViewModel> openPulseAndClose() {
        ConsoleViewModel second = new ConsoleViewModel(manager, new FeedSource(true, NOWHERE.toString(), "(simulator key)"),
                board, RateHistory.standard(), Runnable::run, Runnable::run, 50);
        second.pulse(1_000);
        second.close();
        return new WeakReference<>(second);
    }

    @Test
    void panesShowTheirConnectionsTickersAsRows() {
        vm.pulse(1_000);

        assertThat(vm.panes()).containsOnlyKeys("connection_1", "connection_2", "connection_3");
        assertThat(vm.pane("connection_1").rows()).extracting(TickerRow::getSymbol).containsExactly("AAPL", "MSFT");
        assertThat(vm.pane("connection_1").universeProperty().get()).isEqualTo("tech");
        assertThat(vm.pane("connection_2").universeProperty().get()).isEqualTo("listed symbols");
        assertThat(vm.pane("connection_1").badgeProperty().get().text()).isEqualTo("disconnected");
        assertThat(vm.connectionsProperty().get()).isEqualTo("0 / 3 streaming");
        assertThat(vm.redisProperty().get()).isEqualTo("Redis: off");
        assertThat(vm.sourceProperty().get()).startsWith("embedded simulator");
    }

    @Test
    void aStarConnectionsPaneSaysAllTickersAndCountsThoseSeen() {
        ConnectionManager star = new ConnectionManager(List.of(spec("connection_1", "primary", "", List.of("*"))),
                Set.of(EventType.TRADE), 10);
        ConsoleViewModel starVm = new ConsoleViewModel(star, new FeedSource(true, NOWHERE.toString(), "(simulator key)"),
                new TickerBoard(), RateHistory.standard(), Runnable::run, Runnable::run, 50);
        try {
            starVm.pulse(1_000);
            vm.pulse(1_000);
            assertThat(starVm.pane("connection_1").universeProperty().get()).isEqualTo("all tickers (*)");
            assertThat(starVm.pane("connection_1").tickerCountProperty().get()).isEqualTo("0 tickers seen");
            assertThat(vm.pane("connection_1").tickerCountProperty().get()).isEqualTo("2 tickers");
        } finally {
            starVm.close();
            star.close();
        }
    }

    @Test
    void aThreadThatDiesIsInTheEventLogOnce() {
        vm.pulse(1_000);
        com.tickstock.console.supervision.PartFailures.process().report("connection_2-dispatch",
                new InternalError("injected"));
        vm.pulse(1_100);
        vm.pulse(1_200);
        assertThat(vm.log().entries()).filteredOn(e -> e.kind() == LogEntry.Kind.ERROR).extracting(LogEntry::text)
                .filteredOn(t -> t.startsWith("connection_2-dispatch FAILED"))
                .containsExactly("connection_2-dispatch FAILED: thread " + Thread.currentThread().getName()
                        + " died of InternalError: injected; it will not recover and its counts can no longer be trusted");
    }

    @Test
    void rowsTakeTheBoardsValuesOnThePulseAndFlashTheDirection() {
        vm.pulse(1_000);
        board.onTicks(new EventBatch("connection_1", List.of(trade("AAPL", 100, 1)), 1_000));
        vm.pulse(1_100);
        board.onTicks(new EventBatch("connection_1", List.of(trade("AAPL", 101, 2)), 1_200));
        vm.pulse(1_200);

        TickerRow aapl = vm.pane("connection_1").row("AAPL");
        assertThat(aapl.lastProperty().get()).isEqualTo(new PriceValue(101, 1));
        assertThat(aapl.changePercentProperty().get()).isEqualTo(1.0);
        assertThat(aapl.ticksProperty().get()).isEqualTo(2);
        assertThat(aapl.volumeProperty().get()).isEqualTo(200);

        vm.pulse(1_200 + TickerRow.FLASH_MILLIS);
        assertThat(aapl.lastProperty().get().direction()).isZero();
        assertThat(aapl.ageSecondsProperty().get()).isZero();
    }

    @Test
    void everyRowsAgeMovesInTheSameRefreshOncePerSecond() {
        vm.pulse(1_000);
        board.onTicks(new EventBatch("connection_1", List.of(trade("AAPL", 100, 1)), 1_100));
        board.onTicks(new EventBatch("connection_1", List.of(trade("MSFT", 400, 2)), 1_900));
        TickerRow aapl = vm.pane("connection_1").row("AAPL");
        TickerRow msft = vm.pane("connection_1").row("MSFT");

        vm.pulse(1_950);
        assertThat(List.of(aapl.ageSecondsProperty().get(), msft.ageSecondsProperty().get())).containsExactly(0L, 0L);
        // Both ages move at the second's boundary, though MSFT's update is only 100 ms old: one repaint, not two.
        vm.pulse(2_000);
        assertThat(List.of(aapl.ageSecondsProperty().get(), msft.ageSecondsProperty().get())).containsExactly(1L, 1L);
        vm.pulse(2_999);
        assertThat(List.of(aapl.ageSecondsProperty().get(), msft.ageSecondsProperty().get())).containsExactly(1L, 1L);
        vm.pulse(12_000);
        assertThat(List.of(aapl.ageSecondsProperty().get(), msft.ageSecondsProperty().get())).containsExactly(11L, 11L);
    }

    @Test
    void pausedDisplayLeavesRowsAlone() {
        vm.pulse(1_000);
        vm.pausedProperty().set(true);
        board.onTicks(new EventBatch("connection_1", List.of(trade("MSFT", 400, 1)), 1_000));
        vm.pulse(1_100);
        assertThat(vm.pane("connection_1").row("MSFT").ticksProperty().get()).isZero();

        vm.pausedProperty().set(false);
        vm.pulse(1_200);
        assertThat(vm.pane("connection_1").row("MSFT").ticksProperty().get()).isEqualTo(1);
        assertThat(vm.log().entries()).extracting(LogEntry::text).contains("display paused", "display resumed");
    }

    @Test
    void lookupOfAnAssignedTickerHighlightsItsPaneAndShowsDetails() {
        vm.pulse(1_000);
        board.onTicks(new EventBatch("connection_2", List.of(trade("JPM", 190.5, 7)), 1_000));

        vm.lookup(" jpm ");

        assertThat(vm.highlightProperty().get().ticker()).isEqualTo("JPM");
        assertThat(vm.highlightProperty().get().connectionId()).isEqualTo("connection_2");
        assertThat(vm.detail().showingProperty().get()).isTrue();
        assertThat(vm.detail().connectionProperty().get()).isEqualTo("connection_2 (secondary)");
        assertThat(vm.detail().lastTradeProperty().get()).startsWith("190.50 × 100");
        assertThat(vm.subscribeOfferProperty().get()).isEmpty();
    }

    @Test
    void lookupOfAnUnknownTickerOffersToSubscribeAndShowsTheRejection() {
        vm.lookup("zzzz");
        assertThat(vm.subscribeOfferProperty().get()).isEqualTo("ZZZZ");
        assertThat(vm.lookupMessageProperty().get()).isEqualTo("ZZZZ is not subscribed");

        // No connection is live, so the manager rejects it and says why.
        vm.subscribeOffered();
        assertThat(vm.lookupMessageProperty().get()).startsWith("rejected: ZZZZ — no live connection");
        assertThat(vm.log().entries()).extracting(LogEntry::text).anyMatch(t -> t.contains("subscribe ZZZZ failed: rejected: ZZZZ — no live connection"));
    }

    @Test
    void suggestionsArePrefixMatchesOverEveryAssignedTicker() {
        assertThat(vm.suggestions("a", 10)).containsExactly("AAPL");
        assertThat(vm.suggestions("", 10)).isEmpty();
        assertThat(vm.suggestions("x", 10)).containsExactly("XOM");
        assertThat(vm.suggestions("xom", 10)).isEmpty();
    }

    @Test
    void moveAndUnsubscribeChangeThePanesRows() {
        vm.pulse(1_000);
        vm.move("MSFT", "connection_3");
        vm.pulse(1_100);
        assertThat(vm.pane("connection_1").rows()).extracting(TickerRow::getSymbol).containsExactly("AAPL");
        assertThat(vm.pane("connection_3").rows()).extracting(TickerRow::getSymbol).contains("MSFT");

        vm.unsubscribe("XOM");
        vm.pulse(1_200);
        assertThat(vm.pane("connection_3").rows()).extracting(TickerRow::getSymbol).containsExactly("MSFT");

        vm.move("AAPL", "connection_1");
        assertThat(vm.log().entries()).extracting(LogEntry::text)
                .contains("move AAPL to connection_1 failed: ticker AAPL is already on connection_1");
    }

    @Test
    void eventLogIsCappedAndFilterable() {
        for (int i = 0; i < 80; i++) {
            vm.log().add("connection_1", i % 2 == 0 ? LogEntry.Kind.STATE : LogEntry.Kind.ERROR, "line " + i);
        }
        assertThat(vm.log().entries()).hasSize(50);
        assertThat(vm.log().entries().get(0).text()).isEqualTo("line 30");

        vm.log().kindFilterProperty().set(LogEntry.Kind.ERROR);
        assertThat(vm.log().filtered()).hasSize(25);
        vm.log().filterTextProperty().set("line 79");
        assertThat(vm.log().filtered()).extracting(LogEntry::text).containsExactly("line 79");
    }

    @Test
    void healthExportWritesTheSeedJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("health.json");
        vm.exportHealth(file);
        assertThat(Files.readString(file)).contains("\"total_connections\" : 3", "\"connection_2\"", "\"status\" : \"disconnected\"");
        assertThat(vm.healthJson()).doesNotContain("\"key\"");
    }
}
