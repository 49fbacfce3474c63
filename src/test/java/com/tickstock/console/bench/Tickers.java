package com.tickstock.console.bench;

import com.tickstock.console.config.UniverseRegistry;
import java.util.List;

/** Real tickers for benchmarks, from the shipped top-500 universe. */
final class Tickers {

    private Tickers() {
    }

    static List<String> first(int n) {
        List<String> all = UniverseRegistry.builtIn().resolve("top_500");
        if (n > all.size()) {
            throw new IllegalArgumentException("only " + all.size() + " tickers in top_500");
        }
        return all.subList(0, n);
    }
}
