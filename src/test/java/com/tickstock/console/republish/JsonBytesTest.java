package com.tickstock.console.republish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBytesTest {

    private static String write(java.util.function.Consumer<JsonBytes> writer) {
        JsonBytes json = new JsonBytes(8); // tiny, so every test also exercises growing
        writer.accept(json);
        return new String(json.toByteArray(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"187.12,187.12", "100,100.0", "0.0001,0.0001", "400.15000000000003,400.15000000000003",
            "-2.5,-2.5", "123456789.5,123456789.5", "1.0E-7,1.0E-7", "1.5E10,1.5E10", "0.1,0.1", "0,0.0"})
    void doublesArePrintedCompactly(double value, String expected) {
        assertThat(write(j -> j.number(value))).isEqualTo(expected);
    }

    @Test
    void everyDoubleReadsBackAsTheSameValue() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double value;
            switch (i % 4) {
                case 0: value = Math.round(random.nextDouble(0, 5_000) * 100) / 100.0; break; // cents
                case 1: value = Math.round(random.nextDouble(0, 10) * 10_000) / 10_000.0; break; // sub-penny
                case 2: value = random.nextDouble(0, 2e9); break;                                 // anything
                default: value = Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL); // any finite
            }
            double v = value;
            String text = write(j -> j.number(v));
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
            assertThat(Json.parse(text)).as(text).isEqualTo(value);
        }
    }

    @Test
    void nonFiniteDoublesBecomeNullBecauseJsonHasNoNaN() {
        assertThat(write(j -> j.number(Double.NaN))).isEqualTo("null");
        assertThat(write(j -> j.number(Double.POSITIVE_INFINITY))).isEqualTo("null");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "7,7", "10,10", "99,99", "100,100", "1000000000,1000000000", "2147483647,2147483647",
            "2147483648,2147483648", "-42,-42", "9223372036854775807,9223372036854775807",
            "-9223372036854775808,-9223372036854775808"})
    void longsArePrintedExactly(long value, String expected) {
        assertThat(write(j -> j.number(value))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1705853696123,1705853696.123", "1705853696120,1705853696.12", "1705853696000,1705853696.0",
            "1705853696005,1705853696.005", "5,0.005"})
    void epochMillisBecomeSecondsWithUpToThreeDecimals(long millis, String expected) {
        assertThat(write(j -> j.epochSeconds(millis))).isEqualTo(expected);
    }

    @Test
    void everyIntReadsBackExactly() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long value = (long) random.nextInt(Integer.MAX_VALUE) >>> random.nextInt(31);
            assertThat(write(j -> j.number(value))).isEqualTo(Long.toString(value));
        }
    }

    @Test
    void recurringStringsComeOutTheSameFromTheCacheAndDistinctValuesStayDistinct() {
        String first = new String("connection_1");
        String[] others = {"connection_2", "connection_3", "connection_4", "connection_5", "conn\"6"};
        StringBuilder expected = new StringBuilder();
        JsonBytes json = new JsonBytes(8);
        for (int round = 0; round < 3; round++) {
            json.recurringString(first);
            expected.append("\"connection_1\"");
            for (String other : others) {
                json.recurringString(other);
                expected.append(write(j -> j.string(other)));
            }
            json.recurringString(new String("connection_1x").substring(0, 12)); // equal text, another instance
            expected.append("\"connection_1\"");
        }
        assertThat(new String(json.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void consecutiveTimestampsReuseTheSecondOnlyWhileItIsTheSame() {
        JsonBytes json = new JsonBytes(8);
        long[] millis = {1_705_853_696_123L, 1_705_853_696_999L, 1_705_853_697_000L, 1_705_853_696_001L, 999L};
        for (long m : millis) {
            json.epochSeconds(m).raw((byte) ' ');
        }
        assertThat(new String(json.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("1705853696.123 1705853696.999 1705853697.0 1705853696.001 0.999 ");
    }

    @Test
    void stringsAreEscapedSoAnyParserReadsThemBack() {
        String nasty = "A\"B\\C\n\t\u0000\u001f\u00e9\u20ac\ud83d\ude00\ud800";
        String text = write(j -> j.string(nasty));
        assertThat(text).isEqualTo("\"A\\\"B\\\\C\\n\\t\\u0000\\u001f\\u00e9\\u20ac\\ud83d\\ude00\\ud800\"");
        assertThat(text.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(Json.parse(text)).isEqualTo(nasty);
        assertThat(write(j -> j.string(null))).isEqualTo("null");
    }
}
