package com.tickstock.console.simulator;

import java.util.Set;

/**
 * What the server makes of one subscription item: a stocks topic it serves, a prefix it does not
 * know (silently ignored, as the live service does), or a topic outside the plan.
 *
 * <p>Immutable; shared by all connections of a server.
 */
final class TopicPolicy {

    /** Prefixes of the stocks market. Only T, Q, A and AM carry generated data. */
    static final Set<String> KNOWN_PREFIXES = Set.of("T", "Q", "A", "AM", "LULD", "NOI", "FMV");

    enum Verdict { SERVE, IGNORE, NOT_AUTHORIZED }

    private final Set<String> denied;

    TopicPolicy(Set<String> notAuthorizedTopics) {
        this.denied = Set.copyOf(notAuthorizedTopics);
    }

    /** The prefix of an item, or {@code null} when it is not {@code PREFIX.TICKER}. */
    static String prefixOf(String item) {
        int dot = item.indexOf('.');
        return dot <= 0 || dot == item.length() - 1 ? null : item.substring(0, dot);
    }

    /** The ticker part of an item that has a prefix ({@code BRK.B} keeps its dot). */
    static String tickerOf(String item) {
        return item.substring(item.indexOf('.') + 1);
    }

    Verdict judge(String item) {
        String prefix = prefixOf(item);
        if (prefix == null || !KNOWN_PREFIXES.contains(prefix)) {
            return Verdict.IGNORE;
        }
        if (denied.contains(prefix + ".*") || denied.contains(item)) {
            return Verdict.NOT_AUTHORIZED;
        }
        return Verdict.SERVE;
    }

    /** Whether data of a type and symbol is outside the plan (a wildcard skips those symbols). */
    boolean denies(String prefix, String symbol) {
        return denied.contains(prefix + ".*") || denied.contains(prefix + "." + symbol);
    }
}
