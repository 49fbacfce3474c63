package com.tickstock.console.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The topics one connection subscribed to, as the client wrote them ({@code T.AAPL}, {@code T.*}).
 * A wildcard and an explicit topic of the same type are independent: unsubscribing {@code T.AAPL}
 * while {@code T.*} stands keeps AAPL trades flowing.
 *
 * <p>Threads: owned by the connection's sender thread; others see {@link #snapshot()} copies.
 */
final class Subscriptions {

    static final String WILDCARD = "*";

    private final Set<String> topics = new LinkedHashSet<>();

    /** Splits a {@code params} list: commas, optional spaces around items, empty items dropped. */
    static List<String> items(String params) {
        List<String> out = new ArrayList<>();
        if (params == null) {
            return out;
        }
        for (String raw : params.split(",", -1)) {
            String item = raw.trim();
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    void add(String topic) {
        topics.add(topic);
    }

    void remove(String topic) {
        topics.remove(topic);
    }

    boolean isEmpty() {
        return topics.isEmpty();
    }

    boolean hasWildcard(String prefix) {
        return topics.contains(prefix + "." + WILDCARD);
    }

    /** Explicit tickers subscribed under a prefix (wildcard excluded). */
    List<String> tickers(String prefix) {
        List<String> out = new ArrayList<>();
        String head = prefix + ".";
        for (String t : topics) {
            if (t.startsWith(head) && TopicPolicy.prefixOf(t).equals(prefix)) {
                String ticker = TopicPolicy.tickerOf(t);
                if (!WILDCARD.equals(ticker)) {
                    out.add(ticker);
                }
            }
        }
        return out;
    }

    Set<String> snapshot() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(topics));
    }
}
