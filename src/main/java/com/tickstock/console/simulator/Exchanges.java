package com.tickstock.console.simulator;

import java.util.SplittableRandom;

/**
 * Massive's stock exchange ids with a rough share of consolidated volume, so a client sees the
 * venue mix of a real tape: off-exchange (FINRA TRF, id 4) about a third, then Nasdaq, NYSE
 * Arca, Cboe EDGX, NYSE... Quotes never come from the TRF because it does not quote.
 */
final class Exchanges {

    /** FINRA ADF / trade reporting facilities: trades only, they carry {@code trfi}/{@code trft}. */
    static final int TRF = 4;

    private static final int[] TRADE_VENUES = {4, 12, 11, 10, 8, 19, 21, 15, 7, 18, 1, 2, 3, 9, 17, 20};
    private static final double[] TRADE_SHARES = {34, 14, 8, 7, 7, 6, 5, 3, 2, 3, 1, 2, 2, 1, 2, 3};

    private static final int[] QUOTE_VENUES = {12, 11, 10, 8, 19, 21, 15, 7, 18, 1, 2, 3, 9, 17, 20};
    private static final double[] QUOTE_SHARES = {22, 14, 9, 10, 9, 8, 4, 3, 5, 1, 3, 3, 1, 3, 5};

    /** Trade reporting facility ids seen in {@code trfi}. */
    private static final int[] TRF_IDS = {201, 202, 203};

    private static final double[] TRADE_CUMULATIVE = cumulative(TRADE_SHARES);
    private static final double[] QUOTE_CUMULATIVE = cumulative(QUOTE_SHARES);

    private Exchanges() {
    }

    static int tradeVenue(SplittableRandom rng) {
        return TRADE_VENUES[pick(TRADE_CUMULATIVE, rng.nextDouble())];
    }

    static int quoteVenue(SplittableRandom rng) {
        return QUOTE_VENUES[pick(QUOTE_CUMULATIVE, rng.nextDouble())];
    }

    static int trfId(SplittableRandom rng) {
        return TRF_IDS[rng.nextInt(TRF_IDS.length)];
    }

    private static double[] cumulative(double[] shares) {
        double total = 0;
        for (double s : shares) {
            total += s;
        }
        double[] out = new double[shares.length];
        double run = 0;
        for (int i = 0; i < shares.length; i++) {
            run += shares[i] / total;
            out[i] = run;
        }
        out[out.length - 1] = 1.0;
        return out;
    }

    private static int pick(double[] cumulative, double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }
}
