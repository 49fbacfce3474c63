package com.tickstock.console.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The per-connection keys, {@code WEBSOCKET_CONNECTION_<N>_<SUFFIX>}. */
public enum ConnectionKey {

    ENABLED(ConfigKey.Allowed.BOOLEAN),
    NAME("1..32 characters, letters, digits, space, '_', '-', '.'"),
    UNIVERSE_KEY("empty, a universe name or alias, or names joined with ':' (their union)"),
    SYMBOLS("comma list of tickers, or * alone for every ticker (the only enabled connection then), used when the"
            + " universe key is empty");

    static final String PREFIX = "WEBSOCKET_CONNECTION_";
    private static final Pattern KEY = Pattern.compile(
            "WEBSOCKET_CONNECTION_(\\d+)_(ENABLED|NAME|UNIVERSE_KEY|SYMBOLS)");
    private static final List<String> DEFAULT_NAMES = List.of("primary", "secondary", "tertiary");

    private final String allowed;

    ConnectionKey(String allowed) {
        this.allowed = allowed;
    }

    /** The key for connection {@code n}, e.g. {@code WEBSOCKET_CONNECTION_2_ENABLED}. */
    public String key(int n) {
        return PREFIX + n + "_" + name();
    }

    public String allowed() {
        return allowed;
    }

    /** The built-in default for connection {@code n}. */
    public String defaultValue(int n) {
        switch (this) {
            case ENABLED:
                return "false";
            case NAME:
                return n >= 1 && n <= DEFAULT_NAMES.size() ? DEFAULT_NAMES.get(n - 1) : "connection_" + n;
            default:
                return "";
        }
    }

    /** A parsed per-connection key. {@code numberText} is kept to catch {@code 01} and {@code 0}. */
    record Parsed(String numberText, ConnectionKey suffix) {

        /** The connection number, or -1 when the digits are not a canonical positive number. */
        int number() {
            if (numberText.startsWith("0") || numberText.length() > 3) {
                return -1;
            }
            return Integer.parseInt(numberText);
        }
    }

    static Optional<Parsed> parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(m.group(1), valueOf(m.group(2))));
    }
}
