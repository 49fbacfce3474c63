package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameCounter} against {@link FrameDecoder}, frame by frame: whenever the counter says it is sure, the
 * decoder delivers exactly the events it reported (same types, same tickers, same order) and no unknown event and no
 * decode error; when it is not sure it reports nothing. The corpus is valid frames of every kind, every field of the
 * trade, quote and bar replaced by values of every JSON kind around every limit the decoder checks, fields removed
 * and doubled, JSON broken at every position, odd but valid JSON (whitespace, escapes, non-ASCII), and seeded random
 * byte mutations of valid frames. The counter must also be sure of the frames it exists for: otherwise it would be
 * trivially "equal" and save nothing.
 */
class FrameCounterTest {

    private static final String TRADE = FrameDecoderProtocolExamplesTest.TRADE;
    private static final String QUOTE = FrameDecoderProtocolExamplesTest.QUOTE;
    private static final String BAR = FrameDecoderProtocolExamplesTest.SECOND_BAR;
    private static final String MINUTE_BAR = BAR.replace("\"ev\":\"A\"", "\"ev\":\"AM\"");
    /** As the simulator sends them (and as recordings hold them): trf fields, no conditions. */
    private static final String SIM_TRADE = "{\"ev\":\"T\",\"sym\":\"ADBE\",\"x\":4,\"i\":\"89892001\",\"z\":3,"
            + "\"p\":352.41,\"s\":600,\"c\":[14],\"t\":1796515824325,\"q\":6615435,\"trfi\":203,\"trft\":1796515824324}";
    private static final List<String> EVENTS = List.of(TRADE, QUOTE, BAR, MINUTE_BAR, SIM_TRADE);
    private static final List<String> OTHER_EVENTS = List.of(FrameDecoderProtocolExamplesTest.LULD,
            FrameDecoderProtocolExamplesTest.NOI, FrameDecoderProtocolExamplesTest.FMV,
            FrameDecoderProtocolExamplesTest.CONNECTED, "{\"ev\":\"XYZ\",\"sym\":\"A\"}");

    /** Values of every kind, around every limit: ints near int and long range, floats, bad syntax, escapes. */
    private static final List<String> VALUES = List.of("0", "-0", "1", "-1", "7", "999999999", "-999999999",
            "1000000000", "2147483647", "2147483648", "-2147483648", "-2147483649", "99999999999", "123456789012345678",
            "999999999999999999", "1000000000000000000", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "99999999999999999999999", "0.0", "-0.0", "1.5", "-1.5",
            "3.0", "0.5", "114.125", "999999999.9", "1000000000.5", "2147483647.9", "2147483648.0",
            "999999999999999999.5", "9223372036854775807.0", "9223372036854775808.0", "1e3", "1E3", "1.5e2", "1e999",
            "-1e999", "1.0e-5", "01", "00", "-01", "1.", ".5", "-", "+1", "1.5.5", "0x10", "NaN", "Infinity",
            "1" + "0".repeat(45) + ".5", "0." + "0".repeat(60) + "1", "\"\"", "\"x\"", "\"AAPL\"", "\"12345\"",
            "\"A\\u0041\"", "\"\\\"\"", "\"\u00e9\"", "\"\u0001\"", "\"tab\there\"", "\"" + "Z".repeat(40) + "\"",
            "true", "false", "null", "tru", "nul", "[]", "[1]", "[0,12]", "[-5]", "[2147483647]", "[2147483648]",
            "[1.5]", "[3.0]", "[1e2]", "[\"a\"]", "[null]", "[[1]]", "[{}]", "[1,]", "[,1]", "[ 1 , 2 ]",
            "[" + ints(64) + "]", "[" + ints(65) + "]", "{}", "{\"a\":1}", "\"T\"", "\"Q\"", "\"A\"", "\"AM\"",
            "\"status\"", "\"LULD\"", "\"t\"", "\"TT\"");
    private static final Pattern FIELD = Pattern.compile("\"([a-zA-Z]+)\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}]+)");

    private final FrameDecoder decoder = new FrameDecoder();
    private final FrameCounter counter = new FrameCounter();
    private long sure;
    private long checked;

    @Test
    void isSureOfValidMarketDataFramesAndCountsThemAsTheDecoderDoes() {
        for (String event : EVENTS) {
            assertSure("[" + event + "]");
            assertSure(event);
            assertSure("[" + event + "," + event + "," + TRADE + "]");
        }
        assertSure("[" + String.join(",", EVENTS) + "]");
        assertSure(" \t\r\n[ " + TRADE + " ,\n" + QUOTE + " ]\n ");
        assertSure(TRADE.replace(",", " , ").replace(":", " : "));
        assertSure("[]");
        // fields the trade does not read, of any simple kind, and unknown fields
        assertSure("[" + TRADE.replace("}", ",\"bp\":\"x\",\"otc\":1,\"zz\":null,\"junk\":\"\",\"n\":-2.5}") + "]");
        assertSure("[" + TRADE.replace("\"x\":4", "\"x\":null") + "]");
        assertSure("[" + QUOTE.replace("\"c\":0", "\"c\":0.5") + "]");
        assertSure("[" + TRADE.replace("\"s\":100", "\"s\":100.0").replace("\"i\":\"12345\"", "\"i\":12345") + "]");
        assertSure("[" + BAR.replace("}", ",\"otc\":true}") + "]");
    }

    @Test
    void everyValueInEveryFieldOfEveryEventGetsTheDecodersVerdict() {
        for (String event : EVENTS) {
            Matcher m = FIELD.matcher(event);
            while (m.find()) {
                String before = event.substring(0, m.start(2));
                String after = event.substring(m.end(2));
                for (String value : VALUES) {
                    check("[" + before + value + after + "," + TRADE + "]");
                    check(before + value + after);
                }
                // the field removed, doubled (same and other value), and renamed
                String without = event.substring(0, m.start()) + event.substring(m.end());
                check("[" + without.replace("{,", "{").replace(",}", "}") + "]");
                check("[" + event.replace("}", "," + m.group() + "}") + "]");
                check("[" + event.replace("}", ",\"" + m.group(1) + "\":1}") + "]");
                check("[" + event.replace("\"" + m.group(1) + "\":", "\"" + m.group(1) + "x\":") + "]");
            }
            for (String value : VALUES) {
                check("[" + event.replace("}", ",\"unknown\":" + value + "}") + "]");
                check("[" + value + "," + event + "]");
                check("[" + event + "," + value + "]");
                check(value);
            }
        }
        assertThat(checked).isGreaterThan(5_000);
        assertThat(sure).as("valid variants the counter took").isGreaterThan(500);
    }

    @Test
    void brokenJsonOtherEventsAndStatusFramesAreLeftToTheDecoder() {
        String frame = "[" + TRADE + "," + QUOTE + "," + BAR + "]";
        for (int cut = 0; cut <= frame.length(); cut++) {
            check(frame.substring(0, cut));
            check(frame.substring(0, cut) + frame.substring(Math.min(frame.length(), cut + 1)));
        }
        for (String other : OTHER_EVENTS) {
            assertThat(check("[" + other + "]")).as("sure of %s", other).isFalse();
            assertThat(check("[" + TRADE + "," + other + "]")).isFalse();
            assertThat(check(other)).isFalse();
        }
        for (String odd : List.of("", " ", "[", "]", "{", "[]]", "[][]", "[],", "[" + TRADE + "]]",
                "[" + TRADE + "]x", "[" + TRADE + "] [" + TRADE + "]", "[" + TRADE + ",]", "[," + TRADE + "]",
                "[" + TRADE + TRADE + "]", TRADE + TRADE, "[" + TRADE.replace("{", "{,") + "]",
                "[" + TRADE.replace("}", ",}") + "]", "[" + TRADE.replace(":", "::") + "]",
                "[" + TRADE.replace("\"ev\"", "ev") + "]", "[" + TRADE.replace("\"ev\"", "'ev'") + "]",
                "\uFEFF[" + TRADE + "]", "[" + TRADE + "]\u0000", "\u000B[" + TRADE + "]",
                "[" + TRADE.replace("\"MSFT\"", "\"M\\u0053FT\"") + "]", "[" + TRADE.replace("\"ev\"", "\"e\\u0076\"") + "]",
                "[" + TRADE.replace("MSFT", "MS\u00c9") + "]", "[{\"ev\":\"T\"}]", "[{}]", "{}", "[null]", "null",
                "1", "\"T\"", "[[" + TRADE + "]]", "[" + TRADE.replace("\"ev\":\"T\",", "") + "]",
                "[" + TRADE.replace("\"ev\":\"T\",", "") + ",{\"ev\":\"T\"}]",
                "[" + TRADE.replace("}", ",\"ev\":\"T\"}") + "]", "[" + TRADE.replace("}", ",\"ev\":\"Q\"}") + "]")) {
            assertThat(check(odd)).as("sure of %s", odd).isFalse();
        }
    }

    @Test
    void seededRandomMutationsOfValidFramesGetTheDecodersVerdict() {
        SplittableRandom random = new SplittableRandom(22_2026);
        byte[] alphabet = "{}[],:\"\\ -+.0123456789eEtrufalsnTQAMevsymp\t\n".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 60_000; round++) {
            StringBuilder text = new StringBuilder("[");
            for (int e = 1 + random.nextInt(4); e > 0; e--) {
                text.append(EVENTS.get(random.nextInt(EVENTS.size()))).append(e > 1 ? "," : "");
            }
            byte[] bytes = text.append(']').toString().getBytes(StandardCharsets.UTF_8);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(4)) {
                    case 0 -> bytes[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> bytes[at] = (byte) random.nextInt(256);
                    case 2 -> bytes = remove(bytes, at);
                    default -> bytes = insert(bytes, at, alphabet[random.nextInt(alphabet.length)]);
                }
            }
            check(bytes);
        }
        assertThat(sure).as("mutations that left a valid frame, which the counter took").isGreaterThan(1_000);
        assertThat(checked - sure).as("and many it left to the decoder").isGreaterThan(30_000);
    }

    @Test
    void countsAFrameInsideALargerBufferAndReusesItselfAcrossFrames() {
        byte[] frame = ("[" + TRADE + "," + QUOTE + "]").getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[frame.length + 20];
        java.util.Arrays.fill(buffer, (byte) '{');
        System.arraycopy(frame, 0, buffer, 10, frame.length);
        List<String> seen = new ArrayList<>();
        assertThat(counter.count(buffer, 10, frame.length, (type, symbol) -> seen.add(type.wireName() + symbol)))
                .isTrue();
        assertThat(seen).containsExactly("TMSFT", "QMSFT");
        // a frame of a thousand events, then a broken one: nothing of the broken one reaches the sink
        String big = "[" + (TRADE + ",").repeat(999) + TRADE + "]";
        assertSure(big);
        seen.clear();
        byte[] broken = big.substring(0, big.length() - 1).getBytes(StandardCharsets.UTF_8);
        assertThat(counter.count(broken, 0, broken.length, (type, symbol) -> seen.add(symbol))).isFalse();
        assertThat(seen).isEmpty();
    }

    // ---- the comparison

    private void assertSure(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        List<String> counted = new ArrayList<>();
        assertThat(counter.count(bytes, 0, bytes.length, (type, symbol) -> counted.add(type + " " + symbol)))
                .as("sure of %s", frame).isTrue();
        assertThat(counted).as("counted in %s", frame).isEqualTo(decoded(frame));
    }

    private boolean check(String frame) {
        return check(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** The counter's verdict on the bytes against the decoder's on their text, as {@code --inspect} hands them. */
    private boolean check(byte[] bytes) {
        checked++;
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> counted = new ArrayList<>();
        boolean isSure = counter.count(bytes, 0, bytes.length, (type, symbol) -> counted.add(type + " " + symbol));
        if (!isSure) {
            assertThat(counted).as("told nothing when not sure of %s", text).isEmpty();
            return false;
        }
        sure++;
        assertThat(bytes.length).as("one char per byte in %s", text).isEqualTo(text.length());
        assertThat(counted).as("the decoder's verdict on %s", text).isEqualTo(decoded(text));
        return true;
    }

    /** What the decoder delivers: events as type and ticker, anything else named so it can never equal those. */
    private List<String> decoded(String frame) {
        List<String> out = new ArrayList<>();
        decoder.decode(frame, new FrameHandler() {
            @Override
            public void onEvent(FeedEvent event) {
                out.add(event instanceof StatusMessage ? "status event" : event.type() + " " + event.symbol());
            }

            @Override
            public void onUnknownEvent(String ev) {
                out.add("unknown event " + ev);
            }

            @Override
            public void onDecodeError(DecodeError error) {
                out.add("decode error " + error);
            }
        });
        return out;
    }

    private static String ints(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(i);
        }
        return s.toString();
    }

    private static byte[] remove(byte[] bytes, int at) {
        byte[] out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
        return out;
    }

    private static byte[] insert(byte[] bytes, int at, byte b) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
    }
}
