package com.tickstock.console.republish;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with just the JSON writing the tick messages need. Hand-rolled because the publisher
 * thread encodes millions of ticks a second: it writes ASCII straight into one reusable array, prints the
 * usual prices without {@link Double#toString} and allocates only when it grows.
 *
 * <p>Not thread-safe: owned by the publisher thread.
 */
final class JsonBytes {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];
    /** Strings written often as the same instance (connection ids): their JSON form, by identity. */
    private static final int CACHED_STRINGS = 4;

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    /** Consecutive ticks mostly share their epoch second: its digits are kept rather than recomputed. */
    private long lastSecond = -1;
    private final byte[] lastSecondDigits = new byte[MAX_LONG_CHARS];
    private int lastSecondLength;
    private final String[] cachedStrings = new String[CACHED_STRINGS];
    private final byte[][] cachedJson = new byte[CACHED_STRINGS][];
    private int nextCacheSlot;
    /** Sign and the 19 digits of the longest long. */
    private static final int MAX_LONG_CHARS = 20;

    private byte[] buf;
    private int len;

    JsonBytes(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    int length() {
        return len;
    }

    void reset() {
        len = 0;
    }

    /** Empties the buffer but starts writing at {@code headroom}, leaving space to put a header in front. */
    void resetWithHeadroom(int headroom) {
        ensureCapacity(headroom);
        len = headroom;
    }

    /** Writes {@code bytes} so that they end at {@code end}; for headers in the headroom. */
    void putBefore(int end, byte[] bytes, int from, int count) {
        System.arraycopy(bytes, from, buf, end - count, count);
    }

    /** Hands over the backing array, as is, and continues with a fresh one of the same size. */
    byte[] takeArray() {
        byte[] taken = buf;
        buf = new byte[taken.length];
        len = 0;
        return taken;
    }

    /** Drops everything from {@code length} on, e.g. a trailing comma. */
    void truncate(int length) {
        len = length;
    }

    void copyTo(byte[] target, int offset) {
        System.arraycopy(buf, 0, target, offset, len);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    JsonBytes raw(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    /** Pre-encoded ASCII, e.g. a field name with its quotes and colon. */
    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    /**
     * A JSON string. Anything outside printable ASCII is written as a {@code \\uXXXX} escape: tickers and
     * connection ids are ASCII in practice, and escapes keep the output valid for lone surrogates too.
     */
    JsonBytes string(String s) {
        if (s == null) {
            return raw(NULL);
        }
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
                continue;
            }
            ensure(6 + (n - i));
            buf[len++] = '\\';
            switch (c) {
                case '"': buf[len++] = '"'; break;
                case '\\': buf[len++] = '\\'; break;
                case '\n': buf[len++] = 'n'; break;
                case '\r': buf[len++] = 'r'; break;
                case '\t': buf[len++] = 't'; break;
                default:
                    buf[len++] = 'u';
                    buf[len++] = HEX[(c >> 12) & 0xF];
                    buf[len++] = HEX[(c >> 8) & 0xF];
                    buf[len++] = HEX[(c >> 4) & 0xF];
                    buf[len++] = HEX[c & 0xF];
            }
        }
        ensure(1);
        buf[len++] = '"';
        return this;
    }

    /**
     * {@link #string} for values that recur as the very same instance, like a connection's id: a hit is one
     * array copy instead of escaping character by character.
     */
    @SuppressWarnings("ReferenceEquality") // an identity cache by design; an equal copy is a miss, escaped afresh
    JsonBytes recurringString(String s) {
        for (int i = 0; i < CACHED_STRINGS; i++) {
            if (cachedStrings[i] == s && s != null) {
                return raw(cachedJson[i]);
            }
        }
        int start = len;
        string(s);
        int slot = nextCacheSlot;
        nextCacheSlot = (slot + 1) % CACHED_STRINGS;
        cachedStrings[slot] = s;
        cachedJson[slot] = Arrays.copyOfRange(buf, start, len);
        return this;
    }

    JsonBytes number(long v) {
        if (v >= 0 && v <= Integer.MAX_VALUE) {
            return positive((int) v); // volumes, epoch seconds until 2038: int arithmetic is markedly faster
        }
        ensure(MAX_LONG_CHARS);
        if (v == Long.MIN_VALUE) {
            return raw(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int end = len + digits(v);
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len = end;
        return this;
    }

    private JsonBytes positive(int v) {
        ensure(10);
        int end = len + digits(v);
        int pos = end;
        while (v >= 100) {
            int q = v / 100;
            int r = v - q * 100;
            v = q;
            buf[--pos] = DIGIT_ONES[r];
            buf[--pos] = DIGIT_TENS[r];
        }
        if (v >= 10) {
            buf[--pos] = DIGIT_ONES[v];
            buf[--pos] = DIGIT_TENS[v];
        } else {
            buf[--pos] = (byte) ('0' + v);
        }
        len = end;
        return this;
    }

    /**
     * A double in its shortest form for values with up to 6 decimals (all prices on this feed), otherwise as
     * {@link Double#toString} prints it (which may use exponent notation, still valid JSON). Non-finite values
     * have no JSON form and are written as {@code null}.
     */
    JsonBytes number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return raw(NULL);
        }
        double abs = Math.abs(d);
        if (abs < 1e9) {
            // m * 10^-6 is the nearest 6-decimal number. If dividing it back gives exactly d, that decimal
            // string parses back to d (m is exact below 2^53 and the division is correctly rounded), and no
            // shorter one would have rounded to a different m, so after trimming zeros it is the shortest.
            long m = Math.round(abs * 1e6);
            if (m / 1e6 == abs) {
                if (d < 0) {
                    raw((byte) '-');
                }
                return fixed(m / 1_000_000, (int) (m % 1_000_000), 6);
            }
        }
        return raw(Double.toString(d).getBytes(StandardCharsets.US_ASCII));
    }

    /** Epoch milliseconds as epoch seconds with up to three decimals, e.g. {@code 1705853696.123}. */
    JsonBytes epochSeconds(long millis) {
        if (millis < 0) {
            raw((byte) '-');
            millis = -millis;
        }
        long second = millis / 1000;
        if (second != lastSecond) {
            int start = len;
            number(second);
            lastSecondLength = len - start;
            System.arraycopy(buf, start, lastSecondDigits, 0, lastSecondLength);
            lastSecond = second;
            len = start;
        }
        ensure(lastSecondLength);
        System.arraycopy(lastSecondDigits, 0, buf, len, lastSecondLength);
        len += lastSecondLength;
        return fraction((int) (millis % 1000), 3);
    }

    /** {@code whole.fraction}, the fraction given in {@code scale} digits, trailing zeros trimmed to at least one. */
    private JsonBytes fixed(long whole, int fraction, int scale) {
        number(whole);
        return fraction(fraction, scale);
    }

    /** {@code .fraction} in {@code scale} digits, trailing zeros trimmed to at least one. */
    private JsonBytes fraction(int fraction, int scale) {
        ensure(1 + scale);
        buf[len++] = '.';
        if (fraction == 0) {
            buf[len++] = '0';
            return this;
        }
        while (fraction % 10 == 0) {
            fraction /= 10;
            scale--;
        }
        for (int i = len + scale - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        len += scale;
        return this;
    }

    /** Decimal digits of a non-negative int. */
    static int digits(int v) {
        if (v < 100_000) {
            return v < 100 ? (v < 10 ? 1 : 2) : v < 1_000 ? 3 : v < 10_000 ? 4 : 5;
        }
        return v < 10_000_000 ? (v < 1_000_000 ? 6 : 7) : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
    }

    /** Decimal digits of a non-negative value. */
    static int digits(long v) {
        long p = 10;
        for (int d = 1; d < 19; d++) {
            if (v < p) {
                return d;
            }
            p *= 10;
        }
        return 19;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            ensureCapacity(len + extra);
        }
    }

    private void ensureCapacity(int capacity) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, capacity));
        }
    }
}
