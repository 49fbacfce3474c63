package com.tickstock.console.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed reads of raw values that record a problem and return the default instead of throwing,
 * so one load reports every bad value. Each problem reads
 * {@code KEY='value' (origin): what is wrong; allowed: what is allowed}.
 */
final class ValueReader {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,9}(\\.\\d{1,9})?|[+-]?\\.\\d{1,9}");

    private final ConfigValues values;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ValueReader(ConfigValues values) {
        this.values = values;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    ConfigValues values() {
        return values;
    }

    /** Records a problem about a key's current value. */
    void problem(String key, String defaultValue, String whatIsWrong, String allowed) {
        problems.add(new ConfigProblem(key, values.describe(key, defaultValue) + ": " + whatIsWrong
                + (allowed == null ? "" : "; allowed: " + allowed)));
    }

    /** Records a problem whose message is already complete. */
    void problem(String key, String message) {
        problems.add(new ConfigProblem(key, message));
    }

    /** The trimmed value or default. */
    String text(String key, String defaultValue) {
        return values.get(key, defaultValue).strip();
    }

    String text(ConfigKey key) {
        return text(key.name(), key.defaultValue());
    }

    boolean bool(ConfigKey key) {
        return bool(key.name(), key.defaultValue(), key.allowed());
    }

    boolean bool(String key, String defaultValue, String allowed) {
        Optional<Boolean> parsed = parseBoolean(text(key, defaultValue));
        if (parsed.isEmpty()) {
            problem(key, defaultValue, "not a boolean", allowed);
            return parseBoolean(defaultValue).orElse(false);
        }
        return parsed.get();
    }

    /** Booleans as operators write them; anything else is rejected, never read as false. */
    static Optional<Boolean> parseBoolean(String raw) {
        switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1":
                return Optional.of(Boolean.TRUE);
            case "false": case "no": case "0":
                return Optional.of(Boolean.FALSE);
            default:
                return Optional.empty();
        }
    }

    int integer(ConfigKey key, int min, int max) {
        return integer(key.name(), key.defaultValue(), min, max, key.allowed());
    }

    int integer(String key, String defaultValue, int min, int max, String allowed) {
        String raw = text(key, defaultValue);
        int fallback = Integer.parseInt(defaultValue);
        if (!INTEGER.matcher(raw).matches()) {
            problem(key, defaultValue, "not an integer", allowed);
            return fallback;
        }
        long v = Long.parseLong(raw);
        if (v < min || v > max) {
            problem(key, defaultValue, "out of range", allowed);
            return fallback;
        }
        return (int) v;
    }

    BigDecimal decimal(ConfigKey key, BigDecimal min, BigDecimal max) {
        String raw = text(key);
        BigDecimal fallback = new BigDecimal(key.defaultValue());
        if (!DECIMAL.matcher(raw).matches()) {
            problem(key.name(), key.defaultValue(), "not a decimal number", key.allowed());
            return fallback;
        }
        BigDecimal v = new BigDecimal(raw);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            problem(key.name(), key.defaultValue(), "out of range", key.allowed());
            return fallback;
        }
        return v;
    }

    /** One of an enum's constants, written in lower case in the file ({@code per_tick}). */
    <E extends Enum<E>> E choice(ConfigKey key, Class<E> type) {
        String raw = text(key).toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(raw)) {
                return e;
            }
        }
        problem(key.name(), key.defaultValue(), "not one of the choices", key.allowed());
        return Enum.valueOf(type, key.defaultValue().toUpperCase(Locale.ROOT));
    }

    /** A URL with one of the schemes and a host; the default when it is not. */
    URI url(ConfigKey key, List<String> schemes) {
        String raw = text(key);
        URI fallback = URI.create(key.defaultValue());
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            problem(key.name(), key.defaultValue(), "not a URL (" + e.getReason() + ")", key.allowed());
            return fallback;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            problem(key.name(), key.defaultValue(), scheme.isEmpty() ? "no scheme"
                    : "scheme '" + scheme + "' is not supported", key.allowed());
            return fallback;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            problem(key.name(), key.defaultValue(), "no host", key.allowed());
            return fallback;
        }
        return uri;
    }
}
