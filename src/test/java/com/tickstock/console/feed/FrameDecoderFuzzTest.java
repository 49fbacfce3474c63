package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the frame decoder with seeded, deterministic inputs the other decoder tests do not generate: deep
 * nesting at every depth around the limit, numbers far outside every Java type, garbage from invalid UTF-8
 * (replacement characters, lone surrogates, raw Latin-1), random bytes, bit flips in valid frames, and a long
 * run of distinct huge tickers. Nothing may escape {@code decode}, every error stays bounded and the decoder's
 * memory does not grow with what it has seen.
 */
class FrameDecoderFuzzTest {

    private static final String SECRET = "fuzz-secret-key-0123456789";
    private static final String TRADE = "{\"ev\":\"T\",\"sym\":\"AAPL\",\"i\":\"52983525029461\",\"x\":4,\"p\":114.125,"
            + "\"s\":100,\"c\":[14,41],\"t\":1536036818784,\"q\":3681328,\"z\":3}";
    private static final String QUOTE = "{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bx\":4,\"bp\":114.125,\"bs\":100,\"ax\":7,"
            + "\"ap\":114.128,\"as\":160,\"c\":0,\"i\":[604],\"t\":1536036818784,\"q\":50385480,\"z\":3}";
    private static final String BAR = "{\"ev\":\"A\",\"sym\":\"SPCE\",\"v\":200,\"av\":8642007,\"op\":25.66,\"vw\":25.3981,"
            + "\"o\":25.39,\"c\":25.39,\"h\":25.39,\"l\":25.39,\"a\":25.3714,\"z\":50,\"s\":1610144868000,\"e\":1610144869000}";
    private static final String STATUS = "{\"ev\":\"status\",\"status\":\"auth_failed\",\"message\":\"key " + SECRET + "\"}";
    private static final List<String> VALID = List.of("[" + TRADE + "," + QUOTE + "]", "[" + BAR + "]", "[" + STATUS + "]",
            "[" + TRADE + "," + QUOTE + "," + BAR + "," + STATUS + "]", TRADE);

    private static final String[] HUGE_NUMBERS = {"1e999999999", "-1e999999999", "1e-999999999",
            "123456789012345678901234567890123456789", "-9223372036854775809", "9223372036854775808",
            "0." + "0".repeat(5_000) + "1", "9".repeat(20_000), "1" + "0".repeat(999) + "e-999", "-0", "-0.0e-0",
            "1.7976931348623157e309", "4.9e-325", "00012", "1.", ".5", "+1", "0x10", "NaN", "Infinity", "-Infinity", "1e",
            "1e+", "--1"};
    private static final String[] GARBAGE_CHARS = {"\uFFFD", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00",
            "\uDE00\uD83D", "\u0000", "\u007F", "\u00C3\u00A9", "\u00FF\u00FE", "\u200B", "\uFEFF", "\\u", "\\uD800",
            "\\uDC00\\uD800", "\\x00", "\\"};

    /** Counts without keeping anything: the test itself must not hold what it decodes. */
    private static final class CountingHandler implements FrameHandler {
        long events;
        long unknown;
        long errors;

        @Override
        public void onEvent(FeedEvent event) {
            events++;
        }

        @Override
        public void onUnknownEvent(String ev) {
            unknown++;
            assertThat(ev.length()).isLessThanOrEqualTo(FrameDecoder.MAX_UNKNOWN_NAME + 3);
            assertThat(ev).doesNotContain(SECRET);
        }

        @Override
        public void onDecodeError(DecodeError error) {
            errors++;
            assertThat(error.reason()).isNotBlank();
            assertThat(error.excerpt().length()).isLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
            assertThat(error.toString()).doesNotContain(SECRET);
        }
    }

    private static CountingHandler decodeSafely(FrameDecoder decoder, String frame, String kind) {
        CountingHandler handler = new CountingHandler();
        try {
            decoder.decode(frame, handler);
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            fail(kind + " frame made decode throw " + t + "; frame starts "
                    + frame.substring(0, Math.min(200, frame.length())), t);
        }
        return handler;
    }

    @Test
    void nestingAtEveryDepthAroundAndFarBeyondTheLimitIsOneErrorOrDecodes() {
        FrameDecoder decoder = new FrameDecoder();
        for (int depth : new int[] {1, 2, 10, FrameDecoder.MAX_DEPTH - 1, FrameDecoder.MAX_DEPTH,
                FrameDecoder.MAX_DEPTH + 1, 999, 1_000, 1_001, 5_000, 100_000}) {
            for (String open : new String[] {"[", "{\"a\":", "[{\"ev\":\"T\",\"x\":"}) {
                String close = open.equals("[") ? "]" : open.startsWith("{\"a") ? "}" : "}]";
                String frame = open.repeat(depth) + "1" + close.repeat(depth);
                CountingHandler h = decodeSafely(decoder, frame, "nested " + depth);
                assertThat(h.errors).as("errors at depth %d of %s", depth, open).isLessThanOrEqualTo(1);
                // an event nested this deep is never a valid tick
                assertThat(h.events).isZero();
                // unclosed nesting is cut short too
                assertThat(decodeSafely(decoder, open.repeat(depth), "unclosed").errors).isEqualTo(1);
            }
            // a trade whose unknown field hides deep nesting: the trade either decodes or is one error
            String hidden = "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":1,\"p\":1.5,\"s\":1,\"t\":1,\"junk\":"
                    + "[".repeat(depth) + "]".repeat(depth) + "}," + TRADE + "]";
            CountingHandler h = decodeSafely(decoder, hidden, "hidden nesting");
            assertThat(h.events + h.errors).isBetween(1L, 2L);
        }
        assertThat(decodeSafely(decoder, "[" + TRADE + "]", "valid").events).isEqualTo(1);
    }

    @Test
    void numbersFarOutsideEveryJavaTypeInEveryNumericFieldNeverEscape() {
        FrameDecoder decoder = new FrameDecoder();
        String[] fields = {"x", "p", "s", "t", "q", "z", "bp", "bs", "ap", "as", "v", "av", "o", "c", "h", "l", "e", "i"};
        for (String base : List.of(TRADE, QUOTE, BAR)) {
            for (String field : fields) {
                if (!base.contains("\"" + field + "\":")) {
                    continue;
                }
                for (String number : HUGE_NUMBERS) {
                    String frame = "[" + replaceValue(base, field, number) + "," + TRADE + "]";
                    CountingHandler h = decodeSafely(decoder, frame, field + "=" + number.length() + " chars");
                    assertThat(h.events + h.errors).as("%s=%s", field, abbreviate(number)).isGreaterThanOrEqualTo(1);
                }
            }
        }
        assertThat(decodeSafely(decoder, "[" + QUOTE + "]", "valid").events).isEqualTo(1);
    }

    @Test
    void invalidUtf8GarbageAndLoneSurrogatesAnywhereNeverEscape() {
        FrameDecoder decoder = new FrameDecoder(Set.of(SECRET));
        SplittableRandom random = new SplittableRandom(10_2026);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder frame = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                frame.insert(random.nextInt(frame.length() + 1), GARBAGE_CHARS[random.nextInt(GARBAGE_CHARS.length)]);
            }
            decodeSafely(decoder, frame.toString(), "garbage-char");
        }
        // bytes that are not UTF-8, decoded the two ways a transport might
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = VALID.get(random.nextInt(VALID.size())).getBytes(StandardCharsets.UTF_8);
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x80));
            }
            decodeSafely(decoder, new String(bytes, StandardCharsets.UTF_8), "invalid UTF-8");
            decodeSafely(decoder, new String(bytes, StandardCharsets.ISO_8859_1), "Latin-1");
        }
        assertThat(decodeSafely(decoder, "[" + BAR + "]", "valid").events).isEqualTo(1);
    }

    @Test
    void randomBytesTruncationsAndBitFlipsNeverEscapeAndHeapStaysBounded() {
        FrameDecoder decoder = new FrameDecoder(Set.of(SECRET));
        SplittableRandom random = new SplittableRandom(424_242);
        // warm up, so classes, JIT and the caches are in place before the baseline
        fuzz(decoder, random, 5_000);
        long before = usedHeapAfterGc();
        CountingHandler total = fuzz(decoder, random, 100_000);
        long after = usedHeapAfterGc();
        assertThat(total.errors).as("the fuzzing did break frames").isGreaterThan(20_000);
        assertThat(total.events).as("and left many intact").isGreaterThan(20_000);
        assertThat(after - before).as("heap growth after 100,000 fuzzed frames, bytes").isLessThan(16L << 20);
        assertThat(decodeSafely(decoder, "[" + TRADE + "," + QUOTE + "]", "valid").events).isEqualTo(2);
    }

    @Test
    void aMillionDistinctAndOversizedTickersDoNotGrowTheDecoder() {
        FrameDecoder decoder = new FrameDecoder();
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder frame = new StringBuilder(64 * 1024);
        for (int warm = 0; warm < 2; warm++) {
            long before = usedHeapAfterGc();
            long events = 0;
            for (int f = 0; f < 10_000; f++) {
                frame.setLength(0);
                frame.append('[');
                for (int e = 0; e < 50; e++) {
                    if (e > 0) {
                        frame.append(',');
                    }
                    String sym = random.nextInt(100) == 0 ? "Z".repeat(1 + random.nextInt(5_000))
                            : Long.toString(random.nextLong() & Long.MAX_VALUE, 36).toUpperCase(Locale.ROOT);
                    frame.append("{\"ev\":\"T\",\"sym\":\"").append(sym).append("\",\"x\":1,\"p\":1.5,\"s\":1,\"t\":1,\"c\":[")
                            .append(random.nextInt(100)).append(',').append(random.nextInt(100)).append("]}");
                }
                frame.append(']');
                events += decodeSafely(decoder, frame.toString(), "distinct tickers").events;
            }
            long after = usedHeapAfterGc();
            assertThat(events).isEqualTo(500_000);
            if (warm == 1) {
                assertThat(after - before).as("heap growth after 500,000 distinct tickers, bytes").isLessThan(16L << 20);
            }
        }
    }

    private static CountingHandler fuzz(FrameDecoder decoder, SplittableRandom random, int frames) {
        CountingHandler total = new CountingHandler();
        for (int i = 0; i < frames; i++) {
            String frame;
            String valid = VALID.get(random.nextInt(VALID.size()));
            switch (random.nextInt(5)) {
                case 0 -> { // random bytes as text
                    byte[] bytes = new byte[random.nextInt(300)];
                    for (int b = 0; b < bytes.length; b++) {
                        bytes[b] = (byte) random.nextInt(256);
                    }
                    frame = new String(bytes, StandardCharsets.UTF_8);
                }
                case 1 -> frame = valid.substring(0, random.nextInt(valid.length() + 1)); // truncation
                case 2 -> { // bit flips
                    char[] chars = valid.toCharArray();
                    for (int m = 1 + random.nextInt(3); m > 0; m--) {
                        int at = random.nextInt(chars.length);
                        chars[at] = (char) (chars[at] ^ (1 << random.nextInt(8)));
                    }
                    frame = new String(chars);
                }
                case 3 -> { // valid frames, some with a huge number
                    frame = random.nextInt(4) == 0
                            ? replaceValue(valid, "p", HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)]) : valid;
                }
                default -> { // structure soup
                    String alphabet = "[]{}\",:\\ 0123456789.eE-+tfnul\"evsymTQA";
                    StringBuilder sb = new StringBuilder();
                    for (int c = random.nextInt(200); c > 0; c--) {
                        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    frame = sb.toString();
                }
            }
            CountingHandler h = decodeSafely(decoder, frame, "fuzzed");
            total.events += h.events;
            total.errors += h.errors;
            total.unknown += h.unknown;
        }
        return total;
    }

    private static String replaceValue(String event, String field, String value) {
        String marker = "\"" + field + "\":";
        int at = event.indexOf(marker);
        if (at < 0) {
            return event;
        }
        int start = at + marker.length();
        int end = start;
        int depth = 0;
        while (end < event.length()) {
            char c = event.charAt(end);
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            end++;
        }
        return event.substring(0, start) + value + event.substring(end);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...(" + s.length() + " chars)";
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
