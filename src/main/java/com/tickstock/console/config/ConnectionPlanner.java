package com.tickstock.console.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the {@code WEBSOCKET_CONNECTION_<N>_*} keys into the connections to open, reporting
 * what the original silently skipped: an enabled connection without tickers, an unknown
 * universe, a ticker on two connections, too many tickers for one connection, connection keys
 * beyond {@code WEBSOCKET_CONNECTIONS_MAX}.
 *
 * <p>With {@code USE_MULTI_CONNECTION=false} the enabled connections are merged into one,
 * {@code connection_1}: its tickers are the union of theirs in connection-number order without
 * repeats (a ticker listed on two of them is not an error, it ends up on the one connection),
 * its name is {@code WEBSOCKET_CONNECTION_1_NAME} even when connection 1 itself is disabled,
 * its universe key the non-empty keys joined with ':', and the capacity applies to the union.
 *
 * <p>{@code _SYMBOLS=*} subscribes a connection to every ticker ({@code T.*} for each of
 * {@code MASSIVE_EVENT_TYPES}). The event types are shared by every connection, so any other enabled
 * connection would receive a subset of the same events a second time: a wildcard connection must be
 * the only enabled one, and the error names both keys.
 */
final class ConnectionPlanner {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _.-]{1,32}");
    private static final int MAX_LISTED_TICKERS = 10;

    private final ValueReader reader;
    private final ConfigValues values;
    private final UniverseRegistry universes;
    private final List<String> warnings;

    /** A connection whose tickers resolved; {@code sourceKey} is the key they came from. */
    private record Planned(int number, String name, String universeKey, List<String> tickers, String sourceKey) {
        String label() {
            return ConnectionConfig.idOf(number) + " (" + name + ")";
        }

        boolean allTickers() {
            return Tickers.isAll(tickers);
        }
    }

    ConnectionPlanner(ValueReader reader, UniverseRegistry universes, List<String> warnings) {
        this.reader = reader;
        this.values = reader.values();
        this.universes = universes;
        this.warnings = warnings;
    }

    List<ConnectionConfig> plan(int max, boolean multi, int capacity) {
        checkNumbering(max);
        List<Planned> planned = new ArrayList<>();
        boolean anyEnabled = false;
        Map<String, Integer> numberOfName = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= max; n++) {
            names.add(name(n));
        }
        for (int n = 1; n <= max; n++) {
            String name = names.get(n - 1);
            String enabledKey = ConnectionKey.ENABLED.key(n);
            if (!reader.bool(enabledKey, "false", ConnectionKey.ENABLED.allowed())) {
                continue;
            }
            anyEnabled = true;
            Integer clash = numberOfName.putIfAbsent(name.toLowerCase(Locale.ROOT), n);
            if (clash != null) {
                reader.problem(ConnectionKey.NAME.key(n), ConnectionKey.NAME.defaultValue(n),
                        "connection_" + clash + " already has this name", "a name not used by another connection");
            }
            tickers(n, name).ifPresent(planned::add);
        }
        if (!anyEnabled) {
            reader.problem(ConnectionKey.ENABLED.key(1), "no connection is enabled; allowed: set "
                    + ConnectionKey.PREFIX + "<N>_ENABLED=true for at least one N in 1.." + max
                    + " (WEBSOCKET_CONNECTIONS_MAX=" + max + ")");
            return List.of();
        }
        return multi ? spread(planned, capacity) : merge(planned, names.get(0), capacity);
    }

    /** Connection keys must be numbered 1..max; above max they are an error unless disabled. */
    private void checkNumbering(int max) {
        Map<Integer, List<String>> beyondMax = new TreeMap<>();
        for (String key : values.keys()) {
            Optional<ConnectionKey.Parsed> parsed = ConnectionKey.parse(key);
            if (parsed.isEmpty()) {
                continue;
            }
            int n = parsed.get().number();
            if (n < 1) {
                reader.problem(key, "", "not a connection number",
                        "WEBSOCKET_CONNECTION_<N>_... with N in 1.." + max + ", no leading zeros");
            } else if (n > max) {
                beyondMax.computeIfAbsent(n, k -> new ArrayList<>()).add(key);
            }
        }
        beyondMax.forEach((n, keys) -> {
            String enabledKey = ConnectionKey.ENABLED.key(n);
            boolean disabled = values.explicit(enabledKey)
                    .flatMap(e -> ValueReader.parseBoolean(e.value()))
                    .map(b -> !b).orElse(false);
            if (disabled) {
                warnings.add("connection " + n + " is above WEBSOCKET_CONNECTIONS_MAX=" + max
                        + " and disabled; its keys are ignored: " + String.join(", ", keys));
                return;
            }
            String key = keys.contains(enabledKey) ? enabledKey : keys.get(0);
            reader.problem(key, "", "connection " + n + " is above WEBSOCKET_CONNECTIONS_MAX=" + max,
                    "connections 1.." + max + " (raise WEBSOCKET_CONNECTIONS_MAX, at most "
                            + ConnectionConfig.MAX_CONNECTIONS + ", or remove " + String.join(", ", keys) + ")");
        });
    }

    private String name(int n) {
        String key = ConnectionKey.NAME.key(n);
        String def = ConnectionKey.NAME.defaultValue(n);
        String name = reader.text(key, def);
        if (!NAME.matcher(name).matches() || name.isBlank()) {
            reader.problem(key, def, "not a usable name", ConnectionKey.NAME.allowed());
            return def;
        }
        return name;
    }

    /** The tickers of an enabled connection, or empty after recording why there are none. */
    private Optional<Planned> tickers(int n, String name) {
        String universeKeyName = ConnectionKey.UNIVERSE_KEY.key(n);
        String symbolsKeyName = ConnectionKey.SYMBOLS.key(n);
        String universeKey = reader.text(universeKeyName, "");
        String symbols = reader.text(symbolsKeyName, "");
        String label = ConnectionConfig.idOf(n) + " (" + name + ")";
        if (!universeKey.isEmpty()) {
            if (!symbols.isEmpty()) {
                warnings.add(symbolsKeyName + " is ignored: " + universeKeyName + " is set and takes precedence");
            }
            List<String> tickers;
            try {
                tickers = universes.resolve(universeKey);
            } catch (UniverseException e) {
                reader.problem(universeKeyName, "", e.getMessage(), null);
                return Optional.empty();
            }
            if (tickers.isEmpty()) {
                reader.problem(universeKeyName, "", "the universe has no tickers, so " + label + " would carry none",
                        "a universe with at least one ticker");
                return Optional.empty();
            }
            return Optional.of(new Planned(n, name, universeKey, tickers, universeKeyName));
        }
        if (symbols.equals(Tickers.ALL)) {
            return Optional.of(new Planned(n, name, Tickers.ALL, List.of(Tickers.ALL), symbolsKeyName));
        }
        if (!symbols.isEmpty()) {
            if (java.util.Arrays.stream(symbols.split(",")).anyMatch(item -> item.strip().equals(Tickers.ALL))) {
                reader.problem(symbolsKeyName, "", "'*' must stand alone: it already means every ticker",
                        "'*' alone (every ticker), or " + ConnectionKey.SYMBOLS.allowed());
                return Optional.empty();
            }
            Tickers.Parsed parsed = Tickers.parseList(symbols);
            if (!parsed.invalid().isEmpty()) {
                reader.problem(symbolsKeyName, "", "not a ticker: '" + String.join("', '", parsed.invalid()) + "'",
                        Tickers.ALLOWED);
                return Optional.empty();
            }
            if (!parsed.tickers().isEmpty()) {
                return Optional.of(new Planned(n, name, "", parsed.tickers(), symbolsKeyName));
            }
        }
        reader.problem(ConnectionKey.ENABLED.key(n), "false", label + " is enabled but has no tickers",
                "set " + universeKeyName + " or " + symbolsKeyName + ", or disable the connection");
        return Optional.empty();
    }

    private List<ConnectionConfig> spread(List<Planned> planned, int capacity) {
        if (!wildcardAlone(planned)) {
            return List.of();
        }
        for (int i = 0; i < planned.size(); i++) {
            for (int j = i + 1; j < planned.size(); j++) {
                reportOverlap(planned.get(i), planned.get(j));
            }
        }
        List<ConnectionConfig> result = new ArrayList<>();
        for (Planned p : planned) {
            if (!p.allTickers() && p.tickers().size() > capacity) {
                reader.problem(p.sourceKey(), "", p.label() + " would carry " + p.tickers().size()
                        + " tickers, WEBSOCKET_CONNECTION_CAPACITY=" + capacity + " allows at most " + capacity,
                        "at most WEBSOCKET_CONNECTION_CAPACITY tickers per connection; split the list over"
                                + " connections or raise the capacity");
            }
            result.add(new ConnectionConfig(p.number(), p.name(), p.universeKey(), p.tickers(), List.of(p.number())));
        }
        return result;
    }

    /** The original silently moved a ticker to the later connection; here it is an error. */
    private void reportOverlap(Planned a, Planned b) {
        Set<String> both = new LinkedHashSet<>(a.tickers());
        both.retainAll(b.tickers());
        if (both.isEmpty()) {
            return;
        }
        String listed = both.stream().limit(MAX_LISTED_TICKERS).collect(Collectors.joining(", "));
        if (both.size() > MAX_LISTED_TICKERS) {
            listed += " and " + (both.size() - MAX_LISTED_TICKERS) + " more";
        }
        reader.problem(b.sourceKey(), (both.size() == 1 ? "ticker " : both.size() + " tickers ") + listed
                + (both.size() == 1 ? " is" : " are") + " on both " + a.label() + " from "
                + values.describe(a.sourceKey(), "") + " and " + b.label() + " from "
                + values.describe(b.sourceKey(), "")
                + "; allowed: each ticker on one connection only (remove it from one of them)");
    }

    /**
     * A wildcard connection receives every ticker of every configured event type, so beside it any other connection
     * (ticker list, universe, or a second wildcard) would deliver the same events twice. Returns whether the plan is
     * free of that, after recording a problem naming both keys.
     */
    private boolean wildcardAlone(List<Planned> planned) {
        Planned wildcard = planned.stream().filter(Planned::allTickers).findFirst().orElse(null);
        if (wildcard == null || planned.size() == 1) {
            return true;
        }
        Planned other = planned.stream().filter(p -> p.number() != wildcard.number()).findFirst().orElseThrow();
        String eventTypes = values.describe(ConfigKey.MASSIVE_EVENT_TYPES.name(),
                ConfigKey.MASSIVE_EVENT_TYPES.defaultValue());
        reader.problem(wildcard.sourceKey(), values.describe(wildcard.sourceKey(), "") + ": " + wildcard.label()
                + " subscribes every ticker, so " + other.label() + " from " + values.describe(other.sourceKey(), "")
                + " would receive the same events a second time (the event types, " + eventTypes
                + ", are shared by every connection); allowed: a '*' connection is the only enabled one (set "
                + ConnectionKey.ENABLED.key(other.number()) + "=false, or list tickers instead of '*')");
        return false;
    }

    private List<ConnectionConfig> merge(List<Planned> planned, String name, int capacity) {
        if (planned.isEmpty() || !wildcardAlone(planned)) {
            return List.of();
        }
        Set<String> union = new LinkedHashSet<>();
        List<Integer> carried = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Planned p : planned) {
            union.addAll(p.tickers());
            carried.add(p.number());
            if (!p.universeKey().isEmpty()) {
                keys.add(p.universeKey());
            }
        }
        if (union.size() > capacity) {
            reader.problem(ConfigKey.WEBSOCKET_CONNECTION_CAPACITY.name(),
                    ConfigKey.WEBSOCKET_CONNECTION_CAPACITY.defaultValue(), "connection_1 (" + name + ") would carry "
                            + union.size() + " tickers merged from connections " + carried
                            + " (USE_MULTI_CONNECTION=false)",
                    "at least as many as the tickers on one connection; or set USE_MULTI_CONNECTION=true");
        }
        return List.of(new ConnectionConfig(1, name, String.join(":", keys), List.copyOf(union), carried));
    }
}
