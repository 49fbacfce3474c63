package com.tickstock.console.plant;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionErrorKind;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.DropReason;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link HealthSnapshot} rebuilt from a feeder's health JSON, for what reads snapshots (readiness, metrics).
 * The JSON carries per-connection totals, not their parts: market-data events are filed as trades, drops under
 * one reason and status errors as the error count minus decode and connection errors (the latter by kind from
 * the connection's {@code errors}), so every total matches the feeder's; the per-type split does not exist here.
 * Top-level objects besides the connections become sections, and other top-level values the
 * {@link HealthJson#TOP_LEVEL} section.
 */
final class AttachedHealth {

    private static final List<String> TOTALS = List.of("total_connections", "connected_count", "total_ticks_received",
            "total_errors", "total_dropped", "timestamp", "connections", "errors_by_kind");

    private AttachedHealth() {
    }

    static HealthSnapshot rebuild(Map<String, Object> data) {
        Map<String, ConnectionHealth> connections = new LinkedHashMap<>();
        Instant takenAt = instant(data.get("timestamp"));
        if (data.get("connections") instanceof Map<?, ?> all) {
            for (Map.Entry<?, ?> e : all.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> c) {
                    String id = String.valueOf(e.getKey());
                    connections.put(id, new ConnectionHealth(connection(id, c, takenAt), text(c, "universe_key"),
                            (int) number(c, "assigned_tickers")));
                }
            }
        }
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        Map<String, Object> topLevel = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : data.entrySet()) {
            if (TOTALS.contains(e.getKey())) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> section) {
                Map<String, Object> copy = new LinkedHashMap<>();
                section.forEach((k, v) -> copy.put(String.valueOf(k), v));
                sections.put(e.getKey(), copy);
            } else {
                // Top-level figures such as a feeder's role and leader: served again as they came.
                topLevel.put(e.getKey(), e.getValue());
            }
        }
        if (!topLevel.isEmpty()) {
            sections.put(HealthJson.TOP_LEVEL, topLevel);
        }
        return new HealthSnapshot(connections, List.of(), takenAt, sections);
    }

    private static ConnectionSnapshot connection(String id, Map<?, ?> c, Instant takenAt) {
        long decodeErrors = number(c, "decode_errors");
        Map<ConnectionErrorKind, Long> connectionErrors = connectionErrors(c);
        long connectionErrorsTotal = connectionErrors.values().stream().mapToLong(Long::longValue).sum();
        Instant staleReconnectAt = c.get("stale_reconnect_at") instanceof Number at ? instant(at) : null;
        long lastMessageMillis = c.get("last_message_time") instanceof Number n
                ? new BigDecimal(n.toString()).movePointRight(3).longValue() : 0;
        return new ConnectionSnapshot(id, text(c, "name"), text(c, "url"), state(text(c, "state")),
                cause(text(c, "cause")), "", 0, null, null, lastMessageMillis, 0, 0,
                Map.of(EventType.TRADE, number(c, "message_count")), 0, decodeErrors, "",
                Math.max(0, number(c, "error_count") - decodeErrors - connectionErrorsTotal), "",
                number(c, "reconnect_count"), 0,
                c.get("msgs_per_second") instanceof Number n ? n.doubleValue() : 0,
                numberOr(c, "lag_ms_p50", -1), numberOr(c, "lag_ms_p99", -1), -1, -1, number(c, "sequence_gaps"), 0, 0, Map.of(DropReason.CONSUMER_BEHIND, number(c, "dropped")),
                0, 0, 0, 0, 0, takenAt, connectionErrors, staleReconnectAt);
    }

    /** The connection's lost or refused sockets by kind, from its {@code errors} (absent from older feeders). */
    private static Map<ConnectionErrorKind, Long> connectionErrors(Map<?, ?> c) {
        Map<ConnectionErrorKind, Long> kinds = new java.util.EnumMap<>(ConnectionErrorKind.class);
        if (c.get("errors") instanceof Map<?, ?> errors) {
            for (ConnectionErrorKind kind : ConnectionErrorKind.values()) {
                long n = number(errors, kind.key());
                if (n > 0) {
                    kinds.put(kind, n);
                }
            }
        }
        return kinds;
    }

    private static ConnectionState state(String name) {
        for (ConnectionState state : ConnectionState.values()) {
            if (state.name().equals(name)) {
                return state;
            }
        }
        return ConnectionState.DISCONNECTED;
    }

    private static Cause cause(String words) {
        for (Cause cause : Cause.values()) {
            if (cause.words().equals(words)) {
                return cause;
            }
        }
        return Cause.NONE;
    }

    private static Instant instant(Object epochSeconds) {
        return epochSeconds instanceof Number n
                ? Instant.ofEpochMilli(new BigDecimal(n.toString()).movePointRight(3).longValue()) : Instant.now();
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? "" : value.toString();
    }

    private static long number(Map<?, ?> map, String key) {
        return numberOr(map, key, 0);
    }

    private static long numberOr(Map<?, ?> map, String key, long otherwise) {
        return map.get(key) instanceof Number n ? n.longValue() : otherwise;
    }
}
