package com.tickstock.console.market;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * NYSE's holidays and 13:00 early closes for any year, by the exchange's published rules (NYSE Rule 7.2):
 * a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after, except New Year's Day,
 * which on a Saturday is not observed at all (the exchange does not close on the last trading day of the year).
 * Juneteenth is a holiday from 2022. Stateless; safe on any thread.
 */
public final class NyseRules {

    private NyseRules() {
    }

    /** The full-day closures of {@code year}, date → holiday name, in date order. */
    public static Map<LocalDate, String> holidays(int year) {
        Map<LocalDate, String> days = new TreeMap<>();
        LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
        if (newYear.getDayOfWeek() == DayOfWeek.SUNDAY) {
            days.put(newYear.plusDays(1), "New Year's Day");
        } else if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
            days.put(newYear, "New Year's Day");
        }
        days.put(nthWeekday(year, Month.JANUARY, 3, DayOfWeek.MONDAY), "Martin Luther King Jr. Day");
        days.put(nthWeekday(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY), "Washington's Birthday");
        days.put(easterSunday(year).minusDays(2), "Good Friday");
        days.put(LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                "Memorial Day");
        if (year >= 2022) {
            days.put(observed(LocalDate.of(year, Month.JUNE, 19)), "Juneteenth");
        }
        days.put(observed(LocalDate.of(year, Month.JULY, 4)), "Independence Day");
        days.put(nthWeekday(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY), "Labor Day");
        days.put(thanksgiving(year), "Thanksgiving");
        days.put(observed(LocalDate.of(year, Month.DECEMBER, 25)), "Christmas");
        return Collections.unmodifiableMap(days);
    }

    /** The 13:00 early closes of {@code year}, date → why, in date order. */
    public static Map<LocalDate, String> earlyCloses(int year) {
        Map<LocalDate, String> days = new TreeMap<>();
        // July 3 closes early when it is a weekday before a weekday July 4 (Monday to Thursday); when July 4 falls
        // on a weekend or a Monday the holiday itself moves or the day before is a weekend.
        LocalDate july3 = LocalDate.of(year, Month.JULY, 3);
        if (july3.getDayOfWeek().compareTo(DayOfWeek.THURSDAY) <= 0) {
            days.put(july3, "Independence Day eve");
        }
        days.put(thanksgiving(year).plusDays(1), "day after Thanksgiving");
        // Christmas Eve closes early Monday to Thursday; on a Friday it is Christmas observed.
        LocalDate christmasEve = LocalDate.of(year, Month.DECEMBER, 24);
        if (christmasEve.getDayOfWeek().compareTo(DayOfWeek.THURSDAY) <= 0) {
            days.put(christmasEve, "Christmas Eve");
        }
        return Collections.unmodifiableMap(days);
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus, Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static LocalDate thanksgiving(int year) {
        return nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
    }

    private static LocalDate observed(LocalDate date) {
        switch (date.getDayOfWeek()) {
            case SATURDAY:
                return date.minusDays(1);
            case SUNDAY:
                return date.plusDays(1);
            default:
                return date;
        }
    }

    private static LocalDate nthWeekday(int year, Month month, int n, DayOfWeek day) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }
}
