package com.tickstock.console.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Knows which keys are ours, so that typos ({@code WEBSOCKET_CONECTION_1_ENABLED}) are reported
 * instead of silently ignored, and so that unrelated environment variables are left alone.
 */
final class KeyCatalog {

    /** Prefixes under which an unknown environment variable is probably meant for us. */
    private static final List<String> OUR_PREFIXES = List.of(
            "USE_MULTI", "WEBSOCKET_", "MASSIVE_", "REDIS_", "STATUS_", "TICKSTOCK_");
    private static final int MAX_SUGGESTION_DISTANCE = 3;
    private static final List<String> KNOWN = knownKeys();

    private KeyCatalog() {
    }

    /** A key this console reads (connection keys with any number, range checks come later). */
    static boolean isKnown(String key) {
        return ConfigKey.byName(key) != null || ConnectionKey.parse(key).isPresent();
    }

    static boolean isSecret(String key) {
        ConfigKey k = ConfigKey.byName(key);
        return k != null && k.isSecret();
    }

    /** An unknown key that was probably meant for us: one of our prefixes, or close to a known key. */
    static boolean looksLikeOurs(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        for (String prefix : OUR_PREFIXES) {
            if (upper.startsWith(prefix)) {
                return true;
            }
        }
        return suggestion(key).isPresent();
    }

    /** The closest known key, if one is close enough to be a plausible typo (case is ignored). */
    static Optional<String> suggestion(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KNOWN) {
            int d = distance(upper, known, MAX_SUGGESTION_DISTANCE);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        if (bestDistance <= MAX_SUGGESTION_DISTANCE) {
            return Optional.of(best);
        }
        return containingAllWords(upper);
    }

    /**
     * A known key with every word of the unknown one, for a dropped word that edit distance
     * misses ({@code MASSIVE_WEBSOCKET_RETRIES} for {@code MASSIVE_WEBSOCKET_MAX_RETRIES}).
     */
    private static Optional<String> containingAllWords(String upper) {
        List<String> words = List.of(upper.split("_"));
        if (words.size() < 2) {
            return Optional.empty();
        }
        return KNOWN.stream()
                .filter(k -> List.of(k.split("_")).containsAll(words))
                .min(java.util.Comparator.comparingInt(String::length));
    }

    /** The warning for an unknown key. */
    static String unknownKeyWarning(String key, String origin) {
        String shown = key.length() >= Secrets.MIN_LENGTH_FOR_PREFIX && !key.contains("_")
                ? Secrets.mask(key) // a pasted token on a line of its own, not a key name
                : key;
        String hint = suggestion(key).map(s -> "; did you mean " + s + "?").orElse("; it is ignored");
        return shown + " (" + origin + ") is not a known key" + hint;
    }

    private static List<String> knownKeys() {
        List<String> keys = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            keys.add(k.name());
        }
        for (int n = 1; n <= ConnectionConfig.MAX_CONNECTIONS; n++) {
            for (ConnectionKey k : ConnectionKey.values()) {
                keys.add(k.key(n));
            }
        }
        return List.copyOf(keys);
    }

    /** Levenshtein distance, giving up (returning limit + 1) once it exceeds {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
