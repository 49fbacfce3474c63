package com.tickstock.console.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The raw key/value pairs after layering the sources, each remembering where it came from so
 * that a problem can say "from the environment" or "from config/tickstock.env". Defaults are
 * not stored: a key absent here has its built-in default.
 */
final class ConfigValues {

    static final String DEFAULT_ORIGIN = "default";
    static final String ENV_ORIGIN = "environment";
    static final String CLI_ORIGIN = "command line";
    private static final int MAX_SHOWN_LENGTH = 120;

    record Entry(String value, String origin) {
    }

    private final Map<String, Entry> entries;
    private final List<String> warnings;
    private final List<ConfigProblem> problems;

    private ConfigValues(Map<String, Entry> entries, List<String> warnings, List<ConfigProblem> problems) {
        this.entries = Collections.unmodifiableMap(entries);
        this.warnings = List.copyOf(warnings);
        this.problems = List.copyOf(problems);
    }

    /** Layers sources, lowest precedence first; see {@link Builder}. */
    static Builder builder() {
        return new Builder();
    }

    /** The explicitly set entry for a key, if any source set it. */
    Optional<Entry> explicit(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    boolean isSet(String key) {
        return entries.containsKey(key);
    }

    /** The value, or {@code defaultValue} when no source set it. */
    String get(String key, String defaultValue) {
        Entry e = entries.get(key);
        return e == null ? defaultValue : e.value();
    }

    String origin(String key) {
        Entry e = entries.get(key);
        return e == null ? DEFAULT_ORIGIN : e.origin();
    }

    /** Every explicitly set key, in the order first seen. */
    Iterable<String> keys() {
        return entries.keySet();
    }

    /** Warnings about unknown keys found while layering. */
    List<String> warnings() {
        return warnings;
    }

    /** Unknown keys that are near misses of ours ({@link KeyCatalog#nearMiss}): errors, not warnings. */
    List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * How a value is shown in messages: secrets masked, passwords in URLs redacted, long values
     * (a pasted ticker list) shortened.
     */
    static String display(String key, String value) {
        if (KeyCatalog.isSecret(key)) {
            return Secrets.mask(value);
        }
        String shown = key.endsWith("_URL") ? Secrets.redactUri(value) : value;
        if (shown.length() > MAX_SHOWN_LENGTH) {
            shown = shown.substring(0, MAX_SHOWN_LENGTH) + "…(" + shown.length() + " chars)";
        }
        return "'" + shown + "'";
    }

    /** {@code KEY='value' (origin)}, the way every problem starts. */
    String describe(String key, String defaultValue) {
        return key + "=" + display(key, get(key, defaultValue)) + " (" + origin(key) + ")";
    }

    static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<ConfigProblem> problems = new ArrayList<>();

        /**
         * A file or command-line layer: every key is taken; an unknown one is an error when it is a near
         * miss of ours, else a warning (a shared file may hold other applications' keys).
         */
        Builder layer(String origin, Map<String, String> values) {
            values.forEach((key, value) -> {
                if (!KeyCatalog.isKnown(key)) {
                    unknown(key, origin);
                    return;
                }
                entries.put(key, new Entry(value == null ? "" : value, origin));
            });
            return this;
        }

        private void unknown(String key, String origin) {
            KeyCatalog.nearMissProblem(key, origin).ifPresentOrElse(problems::add,
                    () -> warnings.add(KeyCatalog.unknownKeyWarning(key, origin)));
        }

        /**
         * The process environment: only our keys are taken, unknown variables that are near misses
         * of ours are errors and others that look like ours warn; the rest of the environment is none
         * of our business.
         */
        Builder environment(Map<String, String> env) {
            // Sorted so that warnings come out in the same order on every run.
            new TreeMap<>(env).forEach((key, value) -> {
                if (KeyCatalog.isKnown(key)) {
                    entries.put(key, new Entry(value == null ? "" : value, ENV_ORIGIN));
                } else if (KeyCatalog.looksLikeOurs(key)) {
                    unknown(key, ENV_ORIGIN);
                }
            });
            return this;
        }

        ConfigValues build() {
            return new ConfigValues(new LinkedHashMap<>(entries), warnings, problems);
        }
    }
}
