package com.tickstock.console.ui;

import java.util.Map;

/** The top bar's one-line Redis state, from the {@code redis} section of the health snapshot. */
final class RedisSummary {

    private RedisSummary() {
    }

    /**
     * e.g. "Redis: connected · 1.2M published · 0 buffered · 0 dropped", or "Redis: off" when no
     * republisher runs. A state other than connected leads, with how long it has been down; a backlog drain
     * adds "catching up: N buffered, ETA", and falls of PUBLISH's receiver count "N subscriber(s) lost".
     */
    static String describe(Map<String, Object> section, long nowMillis) {
        if (section == null) {
            return "Redis: off";
        }
        // "not_answering" reads "Redis: not answering for 3 s".
        String state = String.valueOf(section.getOrDefault("state", "unknown")).replace('_', ' ');
        StringBuilder text = new StringBuilder("Redis: ").append(state);
        Object downSince = section.get("down_since");
        if (downSince instanceof Number) {
            long seconds = Math.max(0, (nowMillis - (long) (((Number) downSince).doubleValue() * 1000)) / 1000);
            text.append(" for ").append(seconds).append(" s");
        }
        text.append(" · ").append(Formats.count(number(section, "published"))).append(" published")
                .append(" · ").append(Formats.count(number(section, "buffered"))).append(" buffered")
                .append(" · ").append(Formats.count(number(section, "dropped_total"))).append(" dropped");
        Object catchUp = section.get("catch_up");
        if (catchUp instanceof String) {
            text.append(" · ").append(catchUp);
        }
        long lost = number(section, "subscribers_lost");
        if (lost > 0) {
            text.append(" · ").append(Formats.count(lost)).append(" subscriber(s) lost");
        }
        return text.toString();
    }

    /**
     * The top bar tile's short form of {@link #describe}'s text: the state ("connected", "reconnecting
     * for 12 s"), plus "catching up" or "N subscriber(s) lost" when either applies. The counters move to
     * the tile's tooltip: they made the tile so wide it squeezed the other numbers of the bar.
     */
    static String brief(String described) {
        String[] parts = described.split(" · ", -1);
        StringBuilder text = new StringBuilder(parts[0].startsWith("Redis: ") ? parts[0].substring(7) : parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith("catching up")) {
                text.append(" · catching up");
            } else if (parts[i].endsWith("lost")) {
                text.append(" · ").append(parts[i]);
            }
        }
        return text.toString();
    }

    private static long number(Map<String, Object> section, String key) {
        Object value = section.get(key);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}
