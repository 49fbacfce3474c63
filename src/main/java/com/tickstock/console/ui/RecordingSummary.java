package com.tickstock.console.ui;

import java.util.Locale;
import java.util.Map;

/** The top bar's recording tile, from the health snapshot's {@code recording} section. */
final class RecordingSummary {

    private RecordingSummary() {
    }

    /**
     * e.g. "recording · 12.3 MB · 45,000 frames · 0 dropped", with "· 38 % stored" once the CPU budget has made the
     * recorder store blocks uncompressed, "failing · ..." or "off".
     */
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
                + " · " + Formats.count(number(section, "dropped")) + " dropped" + stored(section);
    }

    private static String stored(Map<String, Object> section) {
        long stored = number(section, "stored_uncompressed_bytes");
        long recorded = number(section, "recorded_bytes");
        return stored == 0 || recorded == 0 ? ""
                : String.format(Locale.ROOT, " · %.0f %% stored", 100.0 * stored / recorded);
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
