package com.tickstock.console.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Ticker symbol syntax, shared by {@code _SYMBOLS} values and universe files. */
public final class Tickers {

    /** Letters and digits starting with a letter, optionally one class suffix after a dot. */
    private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9]*(\\.[A-Z0-9]+)?");
    static final int MAX_LENGTH = 10;
    public static final String ALLOWED = "letters and digits starting with a letter, at most "
            + MAX_LENGTH + " characters, class shares with one dot (BRK.B)";
    /**
     * {@code WEBSOCKET_CONNECTION_<N>_SYMBOLS=*}: every ticker of the configured event types (Massive's {@code T.*}).
     * A connection's ticker list that is exactly this one entry means "all tickers", never a ticker named "*".
     */
    public static final String ALL = "*";

    /** Whether a connection's ticker list means every ticker: exactly {@code [*]}. */
    public static boolean isAll(List<String> tickers) {
        return tickers.size() == 1 && ALL.equals(tickers.get(0));
    }

    private Tickers() {
    }

    /** Upper-cases and trims a ticker; lower case is accepted because people type it. */
    public static String normalize(String raw) {
        return raw.strip().toUpperCase(Locale.ROOT);
    }

    /** Whether a normalized ticker is well formed. */
    public static boolean isValid(String ticker) {
        return ticker.length() <= MAX_LENGTH && TICKER.matcher(ticker).matches();
    }

    /** The result of parsing a comma list: the valid tickers in order, without repeats, and the rejects. */
    record Parsed(List<String> tickers, List<String> invalid) {
    }

    /** Parses {@code AAPL, msft,,BRK.B}; empty items (a trailing comma) are skipped. */
    static Parsed parseList(String commaList) {
        Set<String> tickers = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (String item : commaList.split(",", -1)) {
            String t = normalize(item);
            if (t.isEmpty()) {
                continue;
            }
            if (isValid(t)) {
                tickers.add(t);
            } else {
                invalid.add(item.strip());
            }
        }
        return new Parsed(List.copyOf(tickers), List.copyOf(invalid));
    }
}
