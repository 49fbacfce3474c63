package com.tickstock.console.config;

import java.util.List;
import java.util.Objects;

/**
 * One feed connection as configured: the tickers it subscribes to at start.
 *
 * @param number             1..{@value #MAX_CONNECTIONS}; the id is {@code connection_<number>}
 * @param name               display name ({@code primary}, {@code secondary}, {@code tertiary} by default)
 * @param universeKey        the universe key the tickers came from, {@code ""} for a symbol list;
 *                           when several connections were merged, their keys joined with ':'
 * @param tickers            normalized tickers, in order, without repeats; never empty; exactly
 *                           {@code [*]} ({@link Tickers#ALL}) for a connection subscribed to every ticker
 * @param carriesConnections the configured connection numbers whose tickers this connection
 *                           carries: just {@code number} normally, several with
 *                           {@code USE_MULTI_CONNECTION=false}
 */
public record ConnectionConfig(int number, String name, String universeKey, List<String> tickers,
                               List<Integer> carriesConnections) {

    /**
     * The product holds at most three feed connections: the operator console shows one column
     * per connection (as the original admin page did), and Massive plans grant one connection
     * per asset class by default, so each extra connection is a paid add-on the operator must
     * deliberately configure.
     */
    public static final int MAX_CONNECTIONS = 3;

    public ConnectionConfig {
        if (number < 1 || number > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connection number must be 1.." + MAX_CONNECTIONS + ": " + number);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(universeKey, "universeKey");
        tickers = List.copyOf(tickers);
        carriesConnections = List.copyOf(carriesConnections);
        if (tickers.isEmpty()) {
            throw new IllegalArgumentException("connection_" + number + " has no tickers");
        }
    }

    /** Whether this connection subscribes every ticker ({@code _SYMBOLS=*}): its tickers are learnt as they trade. */
    public boolean allTickers() {
        return Tickers.isAll(tickers);
    }

    /** {@code connection_1}, the id the health snapshot and the dashboard use. */
    public String id() {
        return idOf(number);
    }

    public static String idOf(int number) {
        return "connection_" + number;
    }

    /** {@code connection_1 (primary)}, for messages. */
    public String label() {
        return id() + " (" + name + ")";
    }
}
