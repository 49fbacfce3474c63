package com.tickstock.console.ui;

import java.util.Locale;
import java.util.Map;

/** The top bar's recording tile, from the health snapshot's {@code recording} section. */
final class RecordingSummary {

    private RecordingSummary() {
    }

    /** e.g. "recording · 12.3 MB · 45,000 frames · 0 dropped", "failing · ..." or "off". */
    static String describe(Map<String, Object> section) {
        if (section == null) {
            return "off";
        }
        String state = String.valueOf(section.getOrDefault("state", "off"));
        if ("off".equals(state)) {
            return "off";
        }
        return state + " · " + String.format(Locale.ROOT, "%.1f MB", number(section, "bytes") / 1e6)
                + " · " + Formats.count(number(section, "frames")) + " frames"
                + " · " + Formats.count(number(section, "dropped")) + " dropped";
    }

    /** Whether the section says a recording runs (recording or failing). */
    static boolean isActive(Map<String, Object> section) {
        Object state = section == null ? null : section.get("state");
        return "recording".equals(state) || "failing".equals(state);
    }

    private static long number(Map<String, Object> section, String key) {
        Object value = section.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
