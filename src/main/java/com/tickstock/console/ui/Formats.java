package com.tickstock.console.ui;

import com.tickstock.console.manager.ErrorKinds;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Number and time formats shared by every view model (pure functions, any thread). */
final class Formats {

    static final String NONE = "—";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    static String price(double value) {
        return Double.isNaN(value) ? NONE : String.format(Locale.ROOT, "%.2f", value);
    }

    /** "+1.23%", "-0.40%", and "0.00%" for anything that rounds to zero (never "-0.00%" or "+0.00%"). */
    static String percent(double value) {
        if (Double.isNaN(value)) {
            return NONE;
        }
        return roundsToZero(value) ? "0.00%" : String.format(Locale.ROOT, "%+.2f%%", value);
    }

    /** Whether a percentage shows as 0.00: then it is neither up nor down (no colour). */
    static boolean roundsToZero(double percent) {
        return Math.abs(percent) < 0.005;
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Errors by kind for a tooltip: "max_connections 3 · auth_failed 1", the most frequent first; "" for none. */
    static String errorKinds(Map<String, Long> byKind) {
        return ErrorKinds.describe(byKind, " ", " · ");
    }

    /** A figure's explanation, followed by its errors by kind when there are any. */
    static String withErrorKinds(String explanation, String kinds) {
        return kinds.isEmpty() ? explanation : explanation + "\n\nBy kind: " + kinds;
    }

    static String rate(double perSecond) {
        if (perSecond >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", perSecond);
        }
        return String.format(Locale.ROOT, "%,.1f", perSecond);
    }

    /** A compact volume, at most five characters: 950, 12.3k, 457k, 4.56M, 123M. */
    static String volume(long value) {
        if (value < 10_000) {
            return Long.toString(value);
        }
        if (value < 100_000) {
            return String.format(Locale.ROOT, "%.1fk", value / 1_000.0);
        }
        if (value < 1_000_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1_000.0);
        }
        if (value < 100_000_000) {
            return String.format(Locale.ROOT, "%.2fM", value / 1_000_000.0);
        }
        return String.format(Locale.ROOT, "%.0fM", value / 1_000_000.0);
    }

    /** A duration in operator words: 45 s, 12 min, 3 h 04 min. */
    static String duration(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 120) {
            return s + " s";
        }
        long min = s / 60;
        if (min < 120) {
            return min + " min";
        }
        return String.format(Locale.ROOT, "%d h %02d min", min / 60, min % 60);
    }

    /** From this age on a ticker is shown as old (orange) and its age in whole seconds. */
    static final long TICKER_OLD_SECONDS = 10;
    /** What the Age column shows below {@link #TICKER_OLD_SECONDS}. */
    static final String TICKER_FRESH = "<" + TICKER_OLD_SECONDS + " s";

    /**
     * A ticker's age for the table: "<10 s" while it is fresh, then whole seconds ("12 s"), "—" before its first
     * event. Fresh ages are not counted out second by second on purpose: every row's age would change every
     * second, which repaints every table whole once a second, the largest part of an idle window's drawing. What
     * matters to the operator, a ticker gone quiet, still counts up each second.
     */
    static String tickerAge(long seconds) {
        if (seconds < 0) {
            return NONE;
        }
        return seconds < TICKER_OLD_SECONDS ? TICKER_FRESH : seconds + " s";
    }

    /** Age of a wall-clock time, or "—" when it never happened. */
    static String age(long thenMillis, long nowMillis) {
        return thenMillis <= 0 ? NONE : duration(nowMillis - thenMillis);
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** An export's default file name: "tickstock-health-20261204-193012.json", local time, sorts by time. */
    static String exportName(String prefix, String extension, long epochMillis) {
        return prefix + "-" + STAMP.format(Instant.ofEpochMilli(epochMillis)) + "." + extension;
    }

    /** A date and time for a file that outlives the day: "2026-12-04 19:30:12.345". */
    static String dateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String clock(long epochMillis) {
        return epochMillis <= 0 ? NONE : CLOCK.format(Instant.ofEpochMilli(epochMillis));
    }

    static String lagMillis(long ms) {
        return ms < 0 ? NONE : ms + " ms";
    }
}
