package com.tickstock.console.manager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Errors by kind ({@link ConnectionHealth#errorsByKind()}, {@link HealthSnapshot#errorsByKind()}) as one short text
 * for an operator: only the kinds that happened, the most frequent first (ties by name), e.g.
 * {@code max_connections=3, auth_failed=1} in the log or {@code max_connections 3 · auth_failed 1} in the window.
 * The same order everywhere, so the log and the window read alike.
 */
public final class ErrorKinds {

    private ErrorKinds() {
    }

    /**
     * The kinds with a count above 0, each as {@code kind + between + count}, joined by {@code separator};
     * {@code ""} when there were none.
     */
    public static String describe(Map<String, Long> byKind, String between, String separator) {
        List<Map.Entry<String, Long>> happened = new ArrayList<>();
        for (Map.Entry<String, Long> kind : byKind.entrySet()) {
            if (kind.getValue() != null && kind.getValue() > 0) {
                happened.add(kind);
            }
        }
        happened.sort(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue()).reversed()
                .thenComparing(Map.Entry::getKey));
        return happened.stream().map(e -> e.getKey() + between + e.getValue()).collect(Collectors.joining(separator));
    }
}
