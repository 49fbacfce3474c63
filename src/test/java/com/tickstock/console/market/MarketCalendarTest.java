package com.tickstock.console.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rules against NYSE's published calendars, and the session and its next change at chosen instants. */
class MarketCalendarTest {

    private final MarketCalendar calendar = MarketCalendar.nyse();

    /** NYSE holidays 2025 as published (Jan 9, the day of mourning, was unscheduled: see the overrides test). */
    @Test
    void holidaysOf2025AsPublished() {
        assertThat(holidaysOf(2025)).containsExactly(
                "2025-01-01 New Year's Day", "2025-01-20 Martin Luther King Jr. Day",
                "2025-02-17 Washington's Birthday", "2025-04-18 Good Friday", "2025-05-26 Memorial Day",
                "2025-06-19 Juneteenth", "2025-07-04 Independence Day", "2025-09-01 Labor Day",
                "2025-11-27 Thanksgiving", "2025-12-25 Christmas");
        assertThat(earlyClosesOf(2025)).containsExactly("2025-07-03", "2025-11-28", "2025-12-24");
    }

    @Test
    void holidaysOf2026AsPublished() {
        assertThat(holidaysOf(2026)).containsExactly(
                "2026-01-01 New Year's Day", "2026-01-19 Martin Luther King Jr. Day",
                "2026-02-16 Washington's Birthday", "2026-04-03 Good Friday", "2026-05-25 Memorial Day",
                "2026-06-19 Juneteenth", "2026-07-03 Independence Day", "2026-09-07 Labor Day",
                "2026-11-26 Thanksgiving", "2026-12-25 Christmas");
        // July 4 is a Saturday: the Friday is the holiday, and no day closes early for it.
        assertThat(earlyClosesOf(2026)).containsExactly("2026-11-27", "2026-12-24");
    }

    @Test
    void holidaysOf2027AsPublished() {
        assertThat(holidaysOf(2027)).containsExactly(
                "2027-01-01 New Year's Day", "2027-01-18 Martin Luther King Jr. Day",
                "2027-02-15 Washington's Birthday", "2027-03-26 Good Friday", "2027-05-31 Memorial Day",
                "2027-06-18 Juneteenth", "2027-07-05 Independence Day", "2027-09-06 Labor Day",
                "2027-11-25 Thanksgiving", "2027-12-24 Christmas");
        // Christmas on a Saturday is observed on Friday the 24th: no Christmas Eve early close.
        assertThat(earlyClosesOf(2027)).containsExactly("2027-11-26");
    }

    @Test
    void newYearOnASaturdayIsNotObservedOnTheFridayBefore() {
        // 2028-01-01 is a Saturday: NYSE trades on Friday 2027-12-31 and does not close on Monday either.
        assertThat(calendar.day(LocalDate.of(2027, 12, 31)).open()).isTrue();
        assertThat(calendar.day(LocalDate.of(2028, 1, 3)).open()).isTrue();
        // 2023-01-01 was a Sunday: observed Monday 2023-01-02.
        assertThat(calendar.day(LocalDate.of(2023, 1, 2)).reason()).isEqualTo("New Year's Day");
    }

    @Test
    void juneteenthOnlyFrom2022() {
        assertThat(calendar.day(LocalDate.of(2021, 6, 18)).open()).isTrue();
        assertThat(calendar.day(LocalDate.of(2022, 6, 20)).reason()).isEqualTo("Juneteenth");
    }

    @Test
    void easterByComputus() {
        assertThat(NyseRules.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(NyseRules.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(NyseRules.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
        assertThat(NyseRules.easterSunday(2285)).isEqualTo(LocalDate.of(2285, 3, 22));
    }

    @Test
    void sessionsOfAnOrdinaryDay() {
        assertThat(session("2026-12-02T03:59")).isEqualTo(MarketSession.CLOSED);
        assertThat(session("2026-12-02T04:00")).isEqualTo(MarketSession.PRE);
        assertThat(session("2026-12-02T09:29:59")).isEqualTo(MarketSession.PRE);
        assertThat(session("2026-12-02T09:30")).isEqualTo(MarketSession.REGULAR);
        assertThat(session("2026-12-02T15:59:59")).isEqualTo(MarketSession.REGULAR);
        assertThat(session("2026-12-02T16:00")).isEqualTo(MarketSession.AFTER);
        assertThat(session("2026-12-02T19:59:59")).isEqualTo(MarketSession.AFTER);
        assertThat(session("2026-12-02T20:00")).isEqualTo(MarketSession.CLOSED);
    }

    @Test
    void earlyCloseDayEndsRegularHoursAt13AndAfterHoursAt17() {
        SessionStatus regular = at("2026-11-27T12:00");
        assertThat(regular.session()).isEqualTo(MarketSession.REGULAR);
        assertThat(regular.reason()).isEqualTo("early close 13:00 (day after Thanksgiving)");
        assertThat(regular.nextChange()).isEqualTo(ny("2026-11-27T13:00"));
        assertThat(regular.nextSession()).isEqualTo(MarketSession.AFTER);
        assertThat(at("2026-11-27T16:30").nextChange()).isEqualTo(ny("2026-11-27T17:00"));
        assertThat(session("2026-11-27T17:00")).isEqualTo(MarketSession.CLOSED);
    }

    @Test
    void nextChangeAcrossAWeekend() {
        SessionStatus friday = at("2026-12-04T20:30");
        assertThat(friday.session()).isEqualTo(MarketSession.CLOSED);
        assertThat(friday.reason()).isEqualTo("weekend");
        assertThat(friday.nextChange()).isEqualTo(ny("2026-12-07T04:00"));
        assertThat(friday.nextSession()).isEqualTo(MarketSession.PRE);
        assertThat(at("2026-12-05T12:00").nextChange()).isEqualTo(ny("2026-12-07T04:00"));
        SessionStatus monday = at("2026-12-07T01:00");
        assertThat(monday.reason()).isEqualTo("overnight");
        assertThat(monday.nextChange()).isEqualTo(ny("2026-12-07T04:00"));
    }

    @Test
    void nextChangeAcrossAHolidayAndAWeekend() {
        // Good Friday 2026 (April 3) and the weekend: closed from Thursday 20:00 to Monday 04:00.
        SessionStatus thursdayNight = at("2026-04-02T20:00");
        assertThat(thursdayNight.session()).isEqualTo(MarketSession.CLOSED);
        assertThat(thursdayNight.reason()).isEqualTo("Good Friday");
        assertThat(thursdayNight.nextChange()).isEqualTo(ny("2026-04-06T04:00"));
        SessionStatus thanksgiving = at("2026-11-26T10:00");
        assertThat(thanksgiving.reason()).isEqualTo("Thanksgiving");
        assertThat(thanksgiving.nextChange()).isEqualTo(ny("2026-11-27T04:00"));
        // Christmas 2027 is Friday the 24th, then the weekend: the next session is Monday the 27th.
        assertThat(at("2027-12-23T21:00").nextChange()).isEqualTo(ny("2027-12-27T04:00"));
    }

    @Test
    void nextChangeAcrossDaylightSavingTime() {
        // US clocks go forward on 2027-03-14: Friday 20:00 EST is 01:00Z, Monday 04:00 EDT is 08:00Z.
        SessionStatus status = calendar.statusAt(Instant.parse("2027-03-13T12:00:00Z"));
        assertThat(status.nextChange()).isEqualTo(Instant.parse("2027-03-15T08:00:00Z"));
        assertThat(calendar.sessionAt(Instant.parse("2027-03-15T13:30:00Z"))).isEqualTo(MarketSession.REGULAR);
    }

    private List<String> holidaysOf(int year) {
        List<String> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            TradingDay day = calendar.day(d);
            if (!day.open() && d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(d + " " + day.reason());
            }
        }
        return days;
    }

    private List<String> earlyClosesOf(int year) {
        Map<LocalDate, String> days = new TreeMap<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            if (calendar.day(d).earlyClose()) {
                days.put(d, calendar.day(d).reason());
            }
        }
        return days.keySet().stream().map(LocalDate::toString).toList();
    }

    private MarketSession session(String newYorkTime) {
        return calendar.sessionAt(ny(newYorkTime));
    }

    private SessionStatus at(String newYorkTime) {
        return calendar.statusAt(ny(newYorkTime));
    }

    static Instant ny(String newYorkTime) {
        return LocalDateTime.parse(newYorkTime).atZone(MarketCalendar.NEW_YORK).toInstant();
    }
}
