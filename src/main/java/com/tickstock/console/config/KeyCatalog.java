package com.tickstock.console.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Knows which keys are ours, so that typos ({@code WEBSOCKET_CONECTION_1_ENABLED}) are reported
 * instead of silently ignored, and so that unrelated environment variables are left alone.
 *
 * <p>The console's namespaces come from the catalog itself: a first word that several keys share
 * ({@code MASSIVE_}, {@code REDIS_}, {@code STATUS_}, {@code WEBSOCKET_}), or the first two words of a
 * key alone in its first word ({@code USE_MULTI_}); plus {@code TICKSTOCK_}, the launcher's own
 * variables ({@code TICKSTOCK_CDS}). A key is in a namespace when it starts with it, case ignored and
 * any separator taken for {@code _} ({@code redis-host}), or when it is a known key written with other
 * separators or none ({@code REDISURL}); {@code REDISCLI_AUTH} (redis-cli's) is not. In a namespace,
 * a near miss of a known key ({@link #nearMiss}) is an error: {@code REDIS_ULR=...} would otherwise
 * silently leave Redis off. Everything else unknown only warns,
 * since a shared {@code .env} holds other applications' keys.
 */
final class KeyCatalog {

    private static final int MAX_SUGGESTION_DISTANCE = 3;
    /** Edit distance (a transposition counts one) up to which an unknown key is taken for a typo of ours. */
    static final int MAX_NEAR_MISS_DISTANCE = 2;
    /** Variables of {@code bin/tickstock} and the other scripts, not read by the console itself. */
    private static final String LAUNCHER_NAMESPACE = "TICKSTOCK_";
    private static final List<String> KNOWN = knownKeys();
    /** Namespace prefixes with their separator, e.g. {@code REDIS_}, {@code USE_MULTI_}. */
    private static final List<String> NAMESPACES = deriveNamespaces();
    /** Every known key {@link #squash squashed}, for the same key written with other separators. */
    private static final java.util.Set<String> SQUASHED_KNOWN = KNOWN.stream().map(KeyCatalog::squash)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

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

    /** An unknown key that was probably meant for us: in one of our namespaces, or close to a known key. */
    static boolean looksLikeOurs(String key) {
        return inNamespace(key) || suggestion(key).isPresent();
    }

    /** Whether {@code key} is in one of the console's namespaces (see the class comment). */
    static boolean inNamespace(String key) {
        String underscored = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return NAMESPACES.stream().anyMatch(underscored::startsWith) || SQUASHED_KNOWN.contains(squash(key));
    }

    /**
     * The known key that an unknown key in one of our namespaces is a near miss of: the same letters
     * with other separators or case ({@code redis-url}), or at most {@value #MAX_NEAR_MISS_DISTANCE}
     * edits away, a swap of two neighbours counting one ({@code REDIS_ULR}).
     */
    static Optional<String> nearMiss(String key) {
        if (isKnown(key) || !inNamespace(key)) {
            return Optional.empty();
        }
        String squashed = squash(key);
        String upper = key.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = MAX_NEAR_MISS_DISTANCE + 1;
        for (String known : KNOWN) {
            int d = squash(known).equals(squashed) ? 0 : distance(upper, known, MAX_NEAR_MISS_DISTANCE);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The problem for an unknown key that is a near miss of one of ours, when it is one. */
    static Optional<ConfigProblem> nearMissProblem(String key, String origin) {
        return nearMiss(key).map(known -> new ConfigProblem(key,
                key + " (" + origin + ") is not a known key; did you mean " + known + "?"));
    }

    /** Upper case without separators: {@code redis-url} and {@code REDIS_URL} are both {@code REDISURL}. */
    private static String squash(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    private static List<String> deriveNamespaces() {
        java.util.Map<String, List<String>> byFirstWord = new java.util.TreeMap<>();
        for (String known : KNOWN) {
            byFirstWord.computeIfAbsent(known.split("_", -1)[0], w -> new ArrayList<>()).add(known);
        }
        List<String> namespaces = new ArrayList<>();
        byFirstWord.forEach((word, keys) -> {
            String[] words = keys.get(0).split("_", -1);
            namespaces.add(keys.size() > 1 || words.length < 2 ? word + "_" : words[0] + "_" + words[1] + "_");
        });
        namespaces.add(LAUNCHER_NAMESPACE);
        return List.copyOf(namespaces);
    }

    /** The namespaces: {@code MASSIVE_}, ..., {@code USE_MULTI_}, ..., {@code TICKSTOCK_}. */
    static List<String> namespaces() {
        return NAMESPACES;
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

    /**
     * Damerau-Levenshtein distance (optimal string alignment: a swap of two neighbouring characters
     * counts one edit, the commonest typo), giving up (returning limit + 1) once it exceeds {@code limit}.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] beforePrev = new int[b.length() + 1];
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
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], beforePrev[j - 2] + 1);
                }
                rowMin = Math.min(rowMin, cur[j]);
            }
            // A transposition reaches back two rows: only two rows above the limit in a row bound the rest.
            if (rowMin > limit && minimum(prev) > limit) {
                return limit + 1;
            }
            int[] t = beforePrev;
            beforePrev = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static int minimum(int[] row) {
        int min = Integer.MAX_VALUE;
        for (int v : row) {
            min = Math.min(min, v);
        }
        return min;
    }
}
