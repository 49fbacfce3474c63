package com.tickstock.console.plant;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The group's <em>desired</em> ticker assignment ({@code tickstock:G:desired}): what operators made of the configured
 * universes with subscribe, unsubscribe and move, kept apart from the assignment the leader publishes. It is stored
 * only once an operator changed something and deleted by {@code reset-assignment}, so while it is absent the
 * configuration (which may have been edited since) is what every leader carries; while it is present, whichever
 * feeder leads applies it, after a takeover and after a restart of the only feeder alike.
 *
 * <p>Threads: the command thread stores and clears it, the lease thread reads it when this feeder becomes leader;
 * each on its own connection. The static helpers are pure.
 */
final class DesiredAssignment {

    /** Field of the hash that says who changed it last and when: the hash exists even when every ticker is gone. */
    static final String CHANGED_BY = "_changed_by";
    /** How many tickers of each kind of difference the health section names (the counts are always complete). */
    private static final int NAMED = 50;

    private DesiredAssignment() {
    }

    /** The stored desired assignment, empty when operators changed nothing since the last reset. */
    static Optional<Map<String, String>> read(RedisCommands<String, String> redis, PlantKeys keys) {
        Map<String, String> hash = redis.hgetall(keys.desired());
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> tickers = new LinkedHashMap<>(hash);
        tickers.keySet().removeIf(field -> field.startsWith("_"));
        return Optional.of(tickers);
    }

    /** Replaces the stored assignment in one transaction, so a new leader never reads half of it. */
    static void store(RedisCommands<String, String> redis, PlantKeys keys, Map<String, String> assignment,
                      String changedBy) {
        Map<String, String> hash = new LinkedHashMap<>(assignment);
        hash.put(CHANGED_BY, changedBy);
        replaceHash(redis, keys.desired(), hash);
    }

    /**
     * Replaces the hash at {@code key} with {@code hash} in one transaction (MULTI/DEL/HSET/EXEC): a reader
     * never sees half of it. Shared with the feeder's published assignment.
     */
    static void replaceHash(RedisCommands<String, String> redis, String key, Map<String, String> hash) {
        redis.multi();
        try {
            redis.del(key);
            redis.hset(key, hash);
            redis.exec();
        } catch (RedisException e) {
            try {
                redis.discard();
            } catch (RedisException ignored) {
                // The connection is gone; the transaction went with it.
            }
            throw e;
        }
    }

    static void clear(RedisCommands<String, String> redis, PlantKeys keys) {
        redis.del(keys.desired());
    }

    /** Whether {@code verb} (an operator command) changes which tickers go where. */
    static boolean changesAssignment(String verb) {
        String v = verb == null ? "" : verb.strip().toLowerCase(Locale.ROOT);
        return v.equals("subscribe") || v.equals("unsubscribe") || v.equals("move");
    }

    /**
     * The health section {@code assignment}: where {@code current} differs from {@code configured}. {@code added}
     * and {@code removed} name tickers, {@code moved} says {@code TICKER configured -> now}; each names at most
     * {@value #NAMED}, the counts are complete.
     */
    static Map<String, Object> differences(Map<String, String> configured, Map<String, String> current) {
        List<String> added = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        int addedCount = 0;
        int movedCount = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(current).entrySet()) {
            String was = configured.get(e.getKey());
            if (was == null) {
                if (addedCount++ < NAMED) {
                    added.add(e.getKey());
                }
            } else if (!was.equals(e.getValue())) {
                if (movedCount++ < NAMED) {
                    moved.add(e.getKey() + " " + was + " -> " + e.getValue());
                }
            }
        }
        List<String> removed = new ArrayList<>();
        int removedCount = 0;
        for (String ticker : new TreeMap<>(configured).keySet()) {
            if (!current.containsKey(ticker) && removedCount++ < NAMED) {
                removed.add(ticker);
            }
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("differs_from_configuration", addedCount + removedCount + movedCount > 0);
        section.put("added_count", addedCount);
        section.put("removed_count", removedCount);
        section.put("moved_count", movedCount);
        section.put("added", added);
        section.put("removed", removed);
        section.put("moved", moved);
        return section;
    }

    /** One line for a console: "differs from the configuration: 1 added (NEWT), 1 moved (AAPL ...)" or null. */
    static String describe(Map<String, Object> section) {
        if (section == null || !Boolean.TRUE.equals(section.get("differs_from_configuration"))) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        part(parts, section, "added");
        part(parts, section, "removed");
        part(parts, section, "moved");
        return "assignment differs from the configuration: " + String.join(", ", parts);
    }

    private static void part(List<String> parts, Map<String, Object> section, String kind) {
        long count = section.get(kind + "_count") instanceof Number n ? n.longValue() : 0;
        if (count == 0) {
            return;
        }
        Object named = section.get(kind);
        String list = named instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : "";
        parts.add(count + " " + kind + (list.isEmpty() ? "" : " (" + list + (count > NAMED ? ", ..." : "") + ")"));
    }
}
