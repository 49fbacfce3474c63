package com.tickstock.console.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.tickstock.console.config.ConfigFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectionPlanningTest {

    @TempDir
    Path dir;

    private ConsoleConfig load(String... keyValues) {
        return ConfigFixture.load(dir, only(keyValues));
    }

    private ConfigException failure(String... keyValues) {
        return ConfigFixture.failure(dir, only(keyValues));
    }

    private String problem(String... keyValues) {
        ConfigException e = failure(keyValues);
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).message();
    }

    private static final String[] THREE_SECTORS = {
        "USE_MULTI_CONNECTION", "true",
        "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "tech",
        "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_UNIVERSE_KEY", "financials",
        "WEBSOCKET_CONNECTION_3_ENABLED", "true", "WEBSOCKET_CONNECTION_3_UNIVERSE_KEY", "energy:healthcare"};

    @Test
    void symbolsAreTrimmedUpperCasedAndDeduplicated() {
        ConnectionConfig c = load("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", " aapl, MSFT ,,brk.b,AAPL,").connections().get(0);
        assertThat(c.tickers()).containsExactly("AAPL", "MSFT", "BRK.B");
        assertThat(c.universeKey()).isEmpty();
    }

    @Test
    void connectionsGetTheDefaultNamesAndIds() {
        ConsoleConfig c = load(THREE_SECTORS);
        assertThat(c.connections()).extracting(ConnectionConfig::id)
                .containsExactly("connection_1", "connection_2", "connection_3");
        assertThat(c.connections()).extracting(ConnectionConfig::name)
                .containsExactly("primary", "secondary", "tertiary");
    }

    @Test
    void universeKeysResolveIncludingUnions() {
        ConsoleConfig c = load(THREE_SECTORS);
        UniverseRegistry u = UniverseRegistry.builtIn();
        assertThat(c.connections().get(0).tickers()).isEqualTo(u.resolve("tech"));
        assertThat(c.connections().get(2).tickers()).hasSize(u.resolve("energy").size() + u.resolve("healthcare").size());
        assertThat(c.connections().get(2).universeKey()).isEqualTo("energy:healthcare");
        assertThat(c.totalTickers()).isEqualTo(c.tickerAssignments().size());
    }

    @Test
    void tickerAssignmentsRouteEachTickerToItsConnection() {
        Map<String, String> routes = load(THREE_SECTORS).tickerAssignments();
        assertThat(routes).containsEntry("AAPL", "connection_1").containsEntry("JPM", "connection_2")
                .containsEntry("XOM", "connection_3").containsEntry("PFE", "connection_3");
    }

    @Test
    void seedUniverseKeyStillWorks() {
        ConnectionConfig c = load("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "market_leaders:top_500").connections().get(0);
        assertThat(c.tickers()).hasSizeGreaterThan(490);
        assertThat(c.universeKey()).isEqualTo("market_leaders:top_500");
    }

    @Test
    void universeKeyWinsOverSymbolsWithAWarning() {
        ConsoleConfig c = load("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "dow30",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "ZZZZ");
        assertThat(c.connections().get(0).tickers()).hasSize(30).doesNotContain("ZZZZ");
        assertThat(c.warnings()).singleElement().asString().contains("WEBSOCKET_CONNECTION_1_SYMBOLS is ignored");
    }

    @Test
    void unknownUniverseIsAnErrorNeverAFallbackToSymbols() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "dow_30",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL"))
                .startsWith("WEBSOCKET_CONNECTION_1_UNIVERSE_KEY='dow_30' (command line): unknown universe 'dow_30';"
                        + " known universes: dow30 (30), energy")
                .contains("nasdaq100", "top_500", "aliases: ");
    }

    @Test
    void enabledConnectionWithoutTickersIsAnError() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", " , "))
                .isEqualTo("WEBSOCKET_CONNECTION_2_ENABLED='true' (command line): connection_2 (secondary) is enabled"
                        + " but has no tickers; allowed: set WEBSOCKET_CONNECTION_2_UNIVERSE_KEY or"
                        + " WEBSOCKET_CONNECTION_2_SYMBOLS, or disable the connection");
    }

    @Test
    void noEnabledConnectionIsAnError() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL"))
                .contains("no connection is enabled", "WEBSOCKET_CONNECTION_<N>_ENABLED=true", "1..3");
        assertThat(ConfigFixture.failure(dir, Map.of()).getMessage()).contains("no connection is enabled");
    }

    @Test
    void invalidTickerSyntaxIsAnErrorListingTheBadItems() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,BRK-B,1ABC,TOOLONGTICKER,T.*"))
                .startsWith("WEBSOCKET_CONNECTION_1_SYMBOLS='AAPL,BRK-B,1ABC,TOOLONGTICKER,T.*' (command line):"
                        + " not a ticker: 'BRK-B', '1ABC', 'TOOLONGTICKER', 'T.*'; allowed: letters and digits");
    }

    @Test
    void tickerOnTwoConnectionsIsAnErrorNamingTheTickerAndBothConnections() {
        String msg = problem("USE_MULTI_CONNECTION", "true",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                "WEBSOCKET_CONNECTION_3_ENABLED", "true", "WEBSOCKET_CONNECTION_3_SYMBOLS", "IBM,AAPL");
        assertThat(msg).isEqualTo("ticker AAPL is on both connection_1 (primary) from"
                + " WEBSOCKET_CONNECTION_1_SYMBOLS='AAPL,MSFT' (command line) and connection_3 (tertiary) from"
                + " WEBSOCKET_CONNECTION_3_SYMBOLS='IBM,AAPL' (command line); allowed: each ticker on one connection"
                + " only (remove it from one of them)");
    }

    @Test
    void overlappingUniversesAreReportedOncePerPairWithACount() {
        ConfigException e = failure("USE_MULTI_CONNECTION", "true",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "nasdaq100",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_UNIVERSE_KEY", "tech");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("WEBSOCKET_CONNECTION_2_UNIVERSE_KEY");
            assertThat(p.message()).matches("\\d+ tickers AAPL, .* and \\d+ more are on both connection_1 .*")
                    .contains("connection_2 (secondary)");
        });
    }

    @Test
    void moreTickersThanTheCapacityIsAnError() {
        assertThat(problem("WEBSOCKET_CONNECTION_CAPACITY", "2", "USE_MULTI_CONNECTION", "true",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT,IBM"))
                .isEqualTo("WEBSOCKET_CONNECTION_1_SYMBOLS='AAPL,MSFT,IBM' (command line): connection_1 (primary)"
                        + " would carry 3 tickers, WEBSOCKET_CONNECTION_CAPACITY=2 allows at most 2; allowed: at most"
                        + " WEBSOCKET_CONNECTION_CAPACITY tickers per connection; split the list over connections or"
                        + " raise the capacity");
    }

    @Test
    void connectionAboveTheMaximumIsAnErrorNamingItsKeys() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_4_ENABLED", "true", "WEBSOCKET_CONNECTION_4_SYMBOLS", "MSFT"))
                .isEqualTo("WEBSOCKET_CONNECTION_4_ENABLED='true' (command line): connection 4 is above"
                        + " WEBSOCKET_CONNECTIONS_MAX=3; allowed: connections 1..3 (raise WEBSOCKET_CONNECTIONS_MAX,"
                        + " at most 3, or remove WEBSOCKET_CONNECTION_4_ENABLED, WEBSOCKET_CONNECTION_4_SYMBOLS)");
    }

    @Test
    void loweringTheMaximumMakesHigherConnectionsAnError() {
        assertThat(problem("WEBSOCKET_CONNECTIONS_MAX", "2", "WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL", "WEBSOCKET_CONNECTION_3_SYMBOLS", "MSFT"))
                .startsWith("WEBSOCKET_CONNECTION_3_SYMBOLS='MSFT' (command line): connection 3 is above"
                        + " WEBSOCKET_CONNECTIONS_MAX=2");
    }

    @Test
    void explicitlyDisabledConnectionAboveTheMaximumOnlyWarns() {
        ConsoleConfig c = load("WEBSOCKET_CONNECTIONS_MAX", "2", "WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL", "WEBSOCKET_CONNECTION_3_ENABLED", "false",
                "WEBSOCKET_CONNECTION_3_SYMBOLS", "MSFT");
        assertThat(c.connections()).hasSize(1);
        assertThat(c.warnings()).singleElement().asString().contains("connection 3 is above", "ignored");
    }

    @Test
    void connectionNumberZeroOrWithLeadingZeroIsAnError() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_0_ENABLED", "true")).contains("WEBSOCKET_CONNECTION_0_ENABLED='true'",
                "not a connection number");
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_02_ENABLED", "true")).contains("WEBSOCKET_CONNECTION_02_ENABLED");
    }

    @Test
    void disabledConnectionsAreNotOpenedAndTheirUniverseIsNotChecked() {
        ConsoleConfig c = load("USE_MULTI_CONNECTION", "true",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_2_ENABLED", "false", "WEBSOCKET_CONNECTION_2_UNIVERSE_KEY", "not-yet-written");
        assertThat(c.connections()).extracting(ConnectionConfig::id).containsExactly("connection_1");
    }

    @Test
    void customNamesAreUsedAndMustBeUnique() {
        assertThat(load("USE_MULTI_CONNECTION", "true", "WEBSOCKET_CONNECTION_2_ENABLED", "true",
                "WEBSOCKET_CONNECTION_2_SYMBOLS", "AAPL", "WEBSOCKET_CONNECTION_2_NAME", "Blue chips")
                .connections().get(0).name()).isEqualTo("Blue chips");
        assertThat(problem("USE_MULTI_CONNECTION", "true",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "MSFT",
                "WEBSOCKET_CONNECTION_2_NAME", "PRIMARY"))
                .startsWith("WEBSOCKET_CONNECTION_2_NAME='PRIMARY' (command line): connection_1 already has this name");
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_1_NAME", "<script>")).contains("not a usable name");
    }

    // USE_MULTI_CONNECTION=false

    @Test
    void singleConnectionModePutsEveryEnabledConnectionsTickersOnConnectionOne() {
        ConsoleConfig c = load("USE_MULTI_CONNECTION", "false",
                "WEBSOCKET_CONNECTION_1_NAME", "main",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "MSFT,AAPL",
                "WEBSOCKET_CONNECTION_3_ENABLED", "true", "WEBSOCKET_CONNECTION_3_UNIVERSE_KEY", "energy");
        assertThat(c.connections()).singleElement().satisfies(conn -> {
            assertThat(conn.id()).isEqualTo("connection_1");
            assertThat(conn.name()).isEqualTo("main");
            assertThat(conn.carriesConnections()).containsExactly(2, 3);
            assertThat(conn.universeKey()).isEqualTo("energy");
            assertThat(conn.tickers().subList(0, 2)).containsExactly("MSFT", "AAPL");
            assertThat(conn.tickers()).hasSize(2 + UniverseRegistry.builtIn().resolve("energy").size());
        });
        assertThat(c.tickerAssignments().values()).containsOnly("connection_1");
    }

    @Test
    void singleConnectionModeKeepsConnectionOnesNameEvenWhenOnlyAnotherIsEnabled() {
        ConnectionConfig c = load("WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_2_NAME", "Blue chips").connections().get(0);
        assertThat(c.id()).isEqualTo("connection_1");
        assertThat(c.name()).isEqualTo("primary");
        assertThat(c.carriesConnections()).containsExactly(2);
    }

    @Test
    void singleConnectionModeAcceptsATickerListedOnTwoConnections() {
        ConsoleConfig c = load("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "MSFT,IBM");
        assertThat(c.connections()).singleElement()
                .satisfies(conn -> assertThat(conn.tickers()).containsExactly("AAPL", "MSFT", "IBM"));
    }

    @Test
    void singleConnectionModeAppliesTheCapacityToTheUnion() {
        assertThat(problem("WEBSOCKET_CONNECTION_CAPACITY", "3",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "IBM,KO"))
                .startsWith("WEBSOCKET_CONNECTION_CAPACITY='3' (command line): connection_1 (primary) would carry 4"
                        + " tickers merged from connections [1, 2] (USE_MULTI_CONNECTION=false)");
    }

    @Test
    void describeSaysWhichConnectionsAreCarried() {
        ConsoleConfig c = load("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "IBM");
        assertThat(c.describe()).contains("single connection", "connection_1 (primary): 2 tickers",
                "carries connections [1, 2]");
    }

    @Test
    void configRejectsOverlappingConnectionsBuiltByHand() {
        List<ConnectionConfig> overlapping = List.of(
                new ConnectionConfig(1, "a", "", List.of("AAPL"), List.of(1)),
                new ConnectionConfig(2, "b", "", List.of("AAPL"), List.of(2)));
        ConsoleConfig valid = load("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConsoleConfig(true, 3, Secret.absent(),
                valid.feed(), overlapping, valid.redis(), valid.status(), List.of()))
                .hasMessageContaining("AAPL is on more than one connection");
    }
}
