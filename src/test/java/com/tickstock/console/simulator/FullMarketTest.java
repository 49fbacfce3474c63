package com.tickstock.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The full-market tape a wildcard plays with {@code --full-market}: its size, names and skew. */
class FullMarketTest {

    private final SymbolUniverse market = SymbolUniverse.fullMarket(SimulatorConfig.FULL_MARKET);

    @Test
    void hasThatManyDistinctWellFormedTickersTheWellKnownOnesFirst() {
        List<SymbolUniverse.Listing> listings = market.listings();
        assertThat(listings).hasSize(11_000);
        Set<String> names = new HashSet<>();
        for (SymbolUniverse.Listing l : listings) {
            assertThat(l.symbol()).matches("[A-Z][A-Z0-9.]{0,9}");
            assertThat(l.basePrice()).isPositive();
            names.add(l.symbol());
        }
        assertThat(names).hasSize(11_000);
        assertThat(listings.get(0).symbol()).isEqualTo(SymbolUniverse.standard().listings().get(0).symbol());
        assertThat(SymbolUniverse.fullMarket(11_000).listings()).isEqualTo(listings);
    }

    @Test
    void aFewHundredNamesCarryMostTradesAndEveryNameSomeWeight() {
        double total = 0;
        double top300 = 0;
        List<SymbolUniverse.Listing> listings = market.listings();
        for (int i = 0; i < listings.size(); i++) {
            double w = listings.get(i).weight();
            assertThat(w).isPositive();
            total += w;
            if (i < 300) {
                top300 += w;
            }
        }
        assertThat(top300 / total).isBetween(0.70, 0.85);
        // The least active name still trades: about once per 300,000 trades.
        assertThat(listings.get(listings.size() - 1).weight() / total).isGreaterThan(1.0 / 400_000);
    }

    @Test
    void sizesOutsideTheBoundsAreRefusedNamingTheBound() {
        assertThatThrownBy(() -> SimulatorConfig.builder().fullMarket(SymbolUniverse.MAX_FULL_MARKET + 1).build())
                .hasMessageContaining("full-market tickers must be 0 (off) or up to 15000");
        assertThatThrownBy(() -> SimulatorConfig.builder().fullMarket(-1).build()).hasMessageContaining("-1");
    }
}
