package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void volumesStayShortEnoughForTheirColumn() {
        assertThat(Formats.volume(950)).isEqualTo("950");
        assertThat(Formats.volume(12_345)).isEqualTo("12.3k");
        assertThat(Formats.volume(457_400)).isEqualTo("457k");
        assertThat(Formats.volume(4_561_000)).isEqualTo("4.56M");
        assertThat(Formats.volume(123_000_000)).isEqualTo("123M");
    }

    @Test
    void missingValuesShowADash() {
        assertThat(Formats.price(Double.NaN)).isEqualTo("—");
        assertThat(Formats.percent(Double.NaN)).isEqualTo("—");
        assertThat(Formats.age(0, 5_000)).isEqualTo("—");
        assertThat(Formats.lagMillis(-1)).isEqualTo("—");
    }

    @Test
    void aFreshTickersAgeStaysPutAndAQuietOneCountsSeconds() {
        // The same text for every fresh age: a table of fresh tickers is not repainted each second for its ages.
        assertThat(java.util.stream.LongStream.range(0, 10).mapToObj(Formats::tickerAge).distinct())
                .containsExactly("<10 s");
        assertThat(Formats.tickerAge(10)).isEqualTo("10 s");
        assertThat(Formats.tickerAge(11)).isEqualTo("11 s");
        assertThat(Formats.tickerAge(-1)).isEqualTo("—");
    }

    @Test
    void durationsReadAsOperatorWords() {
        assertThat(Formats.duration(45_000)).isEqualTo("45 s");
        assertThat(Formats.duration(12 * 60_000)).isEqualTo("12 min");
        assertThat(Formats.duration((3 * 60 + 4) * 60_000L)).isEqualTo("3 h 04 min");
        assertThat(Formats.percent(1.234)).isEqualTo("+1.23%");
        // What rounds to zero is neutral: neither "-0.00%" (shown red before) nor "+0.00%".
        assertThat(Formats.percent(-0.004)).isEqualTo("0.00%");
        assertThat(Formats.percent(0.0049)).isEqualTo("0.00%");
        assertThat(Formats.percent(-0.006)).isEqualTo("-0.01%");
        assertThat(Formats.roundsToZero(-0.004)).isTrue();
    }

    @Test
    void anExportsDefaultNameCarriesItsLocalTimeAndSortsByIt() {
        long at = java.time.LocalDateTime.of(2026, 12, 4, 19, 30, 12).atZone(java.time.ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        org.assertj.core.api.Assertions.assertThat(Formats.exportName("tickstock-events", "log", at))
                .isEqualTo("tickstock-events-20261204-193012.log");
        org.assertj.core.api.Assertions.assertThat(Formats.dateTime(at + 345)).isEqualTo("2026-12-04 19:30:12.345");
    }
}
