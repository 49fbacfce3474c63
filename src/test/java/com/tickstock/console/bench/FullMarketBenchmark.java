package com.tickstock.console.bench;

/**
 * The full market on one connection ({@code WEBSOCKET_CONNECTION_1_SYMBOLS=*}) with per-tick republish, end to end;
 * the run itself is {@link EndToEndBenchmark#runFullMarket()}, sharing its wiring and books. {@code bin/bench
 * FullMarket}.
 */
public final class FullMarketBenchmark {

    private FullMarketBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EndToEndBenchmark.runFullMarket();
    }
}
