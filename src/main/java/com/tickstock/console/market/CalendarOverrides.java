package com.tickstock.console.market;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Days the rules cannot know: unscheduled closures (a national day of mourning, a storm), extra early closes,
 * or a rule's holiday the exchange did not keep. One entry per line:
 * <pre>
 * 2025-01-09 closed National Day of Mourning for President Carter
 * 2030-07-05 early-close 13:00 Independence Day weekend
 * 2031-12-26 open
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored. Immutable once loaded.
 */
public final class CalendarOverrides {

    private static final CalendarOverrides NONE = new CalendarOverrides(Map.of());

    private final Map<LocalDate, TradingDay> days;

    private CalendarOverrides(Map<LocalDate, TradingDay> days) {
        this.days = Collections.unmodifiableMap(new TreeMap<>(days));
    }

    public static CalendarOverrides none() {
        return NONE;
    }

    /** Reads {@code file}; a missing file means no overrides. */
    public static CalendarOverrides load(Path file) throws MarketCalendarException {
        List<String> lines;
        if (Files.isDirectory(file)) {
            throw new MarketCalendarException("market calendar overrides " + file + " is a directory, not a file");
        }
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw new MarketCalendarException("cannot read market calendar overrides " + file
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        return parse(file.toString(), lines);
    }

    /** Parses {@code lines}; {@code source} names them in errors. */
    public static CalendarOverrides parse(String source, List<String> lines) throws MarketCalendarException {
        Map<LocalDate, TradingDay> days = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String[] words = line.split("\\s+", 3);
            LocalDate date = date(where, words[0]);
            if (days.containsKey(date)) {
                throw new MarketCalendarException(where + "date '" + words[0] + "' is already overridden above");
            }
            String kind = words.length > 1 ? words[1] : "";
            String rest = words.length > 2 ? words[2] : "";
            switch (kind) {
                case "closed":
                    days.put(date, TradingDay.closed(date, rest.isEmpty() ? "closed" : rest));
                    break;
                case "open":
                    days.put(date, TradingDay.normal(date));
                    break;
                case "early-close":
                    String[] timeAndWhy = rest.split("\\s+", 2);
                    LocalTime close = closeTime(where, timeAndWhy[0]);
                    days.put(date, TradingDay.closingAt(date, close,
                            timeAndWhy.length > 1 ? timeAndWhy[1] : "early close"));
                    break;
                default:
                    throw new MarketCalendarException(where + "unknown kind '" + kind
                            + "' (allowed: closed [REASON], early-close HH:MM [REASON], open)");
            }
        }
        return new CalendarOverrides(days);
    }

    /** The overridden day, or {@code null} when the rules decide. */
    TradingDay day(LocalDate date) {
        return days.get(date);
    }

    /** Every overridden day, in date order. */
    public Map<LocalDate, TradingDay> days() {
        return days;
    }

    private static LocalDate date(String where, String word) throws MarketCalendarException {
        try {
            return LocalDate.parse(word);
        } catch (DateTimeParseException e) {
            throw new MarketCalendarException(where + "date '" + word + "' is not YYYY-MM-DD", e);
        }
    }

    private static LocalTime closeTime(String where, String word) throws MarketCalendarException {
        LocalTime close;
        try {
            close = LocalTime.parse(word);
        } catch (DateTimeParseException e) {
            throw new MarketCalendarException(where + "early-close time '" + word + "' is not HH:MM", e);
        }
        if (!close.isAfter(TradingDay.REGULAR_OPEN) || !close.isBefore(TradingDay.REGULAR_CLOSE)) {
            throw new MarketCalendarException(where + "early-close time '" + word
                    + "' must lie between 09:30 and 16:00 (exclusive)");
        }
        return close;
    }
}
