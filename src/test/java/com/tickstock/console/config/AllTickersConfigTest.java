package com.tickstock.console.config;

import static com.tickstock.console.config.ConfigFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code WEBSOCKET_CONNECTION_<N>_SYMBOLS=*}: what it plans, and which combinations are refused and why. */
class AllTickersConfigTest {

    @TempDir
    Path dir;

    private ConsoleConfig load(String... keyValues) {
        return ConfigFixture.load(dir, only(keyValues));
    }

    private String problem(String... keyValues) {
        ConfigException e = ConfigFixture.failure(dir, only(keyValues));
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).message();
    }

    @Test
    void aStarConnectionCarriesAllTickersAndRoutesNoneAtStart() {
        ConsoleConfig config = load("MASSIVE_EVENT_TYPES", "T", "WEBSOCKET_CONNECTION_1_ENABLED", "true",
                "WEBSOCKET_CONNECTION_1_SYMBOLS", " * ");
        ConnectionConfig c = config.connections().get(0);
        assertThat(c.allTickers()).isTrue();
        assertThat(c.universeKey()).isEqualTo("*");
        assertThat(config.tickerAssignments()).isEmpty();
        assertThat(config.totalTickers()).isZero();
        assertThat(config.describe()).contains("connection_1 (primary): all tickers (*)");
    }

    @Test
    void aListedTickerIsNeverAllTickers() {
        ConnectionConfig c = load("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL")
                .connections().get(0);
        assertThat(c.allTickers()).isFalse();
    }

    @Test
    void aStarBesideATickerListIsRefusedNamingBothKeysAndWhatToDo() {
        String message = problem("MASSIVE_EVENT_TYPES", "T",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "*",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "AAPL,MSFT");
        assertThat(message).startsWith("WEBSOCKET_CONNECTION_1_SYMBOLS='*'")
                .contains("connection_1 (primary) subscribes every ticker")
                .contains("connection_2 (secondary) from WEBSOCKET_CONNECTION_2_SYMBOLS='AAPL,MSFT'")
                .contains("the same events a second time")
                .contains("MASSIVE_EVENT_TYPES='T'")
                .contains("set WEBSOCKET_CONNECTION_2_ENABLED=false");
    }

    @Test
    void aStarBesideAUniverseOrASecondStarIsRefusedToo() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", "tech",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "*"))
                .startsWith("WEBSOCKET_CONNECTION_2_SYMBOLS='*'")
                .contains("connection_1 (primary) from WEBSOCKET_CONNECTION_1_UNIVERSE_KEY='tech'");
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "*",
                "WEBSOCKET_CONNECTION_3_ENABLED", "true", "WEBSOCKET_CONNECTION_3_SYMBOLS", "*"))
                .contains("set WEBSOCKET_CONNECTION_3_ENABLED=false");
    }

    @Test
    void mergingOntoOneConnectionDoesNotHideTheDuplicate() {
        assertThat(problem("USE_MULTI_CONNECTION", "false",
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "*"))
                .startsWith("WEBSOCKET_CONNECTION_2_SYMBOLS='*'").contains("WEBSOCKET_CONNECTION_1_SYMBOLS='AAPL'");
    }

    @Test
    void aStarAloneOnOneConnectionMergedIsStillAllTickers() {
        ConsoleConfig config = load("USE_MULTI_CONNECTION", "false",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "*");
        assertThat(config.connections()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("connection_1");
            assertThat(c.allTickers()).isTrue();
        });
    }

    @Test
    void aStarInsideAListIsRefusedNamingTheKeyAndValue() {
        assertThat(problem("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,*"))
                .startsWith("WEBSOCKET_CONNECTION_1_SYMBOLS='AAPL,*'").contains("'*' must stand alone");
    }

    @Test
    void aDisabledListConnectionBesideAStarIsFine() {
        ConsoleConfig config = load("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "*",
                "WEBSOCKET_CONNECTION_2_ENABLED", "false", "WEBSOCKET_CONNECTION_2_SYMBOLS", "AAPL");
        assertThat(config.connections()).singleElement().satisfies(c -> assertThat(c.allTickers()).isTrue());
    }
}
