package com.tickstock.console.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarOverridesTest {

    @Test
    void theShippedFileAddsTheUnscheduledClosureOf2025() throws Exception {
        MarketCalendar calendar = new MarketCalendar(CalendarOverrides.load(Path.of("config/market-calendar.txt")));
        TradingDay mourning = calendar.day(LocalDate.of(2025, 1, 9));
        assertThat(mourning.open()).isFalse();
        assertThat(mourning.reason()).contains("Carter");
        assertThat(MarketCalendar.nyse().day(LocalDate.of(2025, 1, 9)).open()).isTrue();
    }

    @Test
    void closedEarlyCloseAndOpenEntries() throws Exception {
        CalendarOverrides overrides = CalendarOverrides.parse("test", List.of(
                "# a comment", "", "2030-03-01 closed storm", "2030-03-04   early-close 12:30 half day",
                "2030-12-25 open"));
        MarketCalendar calendar = new MarketCalendar(overrides);
        assertThat(calendar.day(LocalDate.of(2030, 3, 1)).reason()).isEqualTo("storm");
        TradingDay half = calendar.day(LocalDate.of(2030, 3, 4));
        assertThat(half.regularClose()).isEqualTo(LocalTime.of(12, 30));
        assertThat(half.afterClose()).isEqualTo(LocalTime.of(16, 30));
        assertThat(half.reason()).isEqualTo("half day");
        assertThat(calendar.day(LocalDate.of(2030, 12, 25)).open()).isTrue();
        assertThat(calendar.statusAt(MarketCalendarTest.ny("2030-02-28T21:00")).nextChange())
                .isEqualTo(MarketCalendarTest.ny("2030-03-04T04:00"));
    }

    @Test
    void errorsNameFileLineAndValue() {
        assertThatThrownBy(() -> CalendarOverrides.parse("cal.txt", List.of("", "2030-13-01 closed")))
                .isInstanceOf(MarketCalendarException.class).hasMessage(
                        "cal.txt:2: date '2030-13-01' is not YYYY-MM-DD");
        assertThatThrownBy(() -> CalendarOverrides.parse("cal.txt", List.of("2030-03-01 shut")))
                .hasMessageStartingWith("cal.txt:1: unknown kind 'shut' (allowed:");
        assertThatThrownBy(() -> CalendarOverrides.parse("cal.txt", List.of("2030-03-01 early-close 1pm")))
                .hasMessage("cal.txt:1: early-close time '1pm' is not HH:MM");
        assertThatThrownBy(() -> CalendarOverrides.parse("cal.txt", List.of("2030-03-01 early-close 17:00")))
                .hasMessageContaining("'17:00' must lie between 09:30 and 16:00");
        assertThatThrownBy(() -> CalendarOverrides.parse("cal.txt", List.of("2030-03-01 closed", "2030-03-01 open")))
                .hasMessage("cal.txt:2: date '2030-03-01' is already overridden above");
    }

    @Test
    void aMissingFileMeansNoOverrides(@TempDir Path dir) throws Exception {
        assertThat(CalendarOverrides.load(dir.resolve("absent.txt")).days()).isEmpty();
        Path file = Files.writeString(dir.resolve("c.txt"), "2030-03-01 closed\n");
        assertThat(CalendarOverrides.load(file).days()).hasSize(1);
    }
}
