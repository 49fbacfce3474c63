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

    JsonBytes number(long v) {
        ensure(MAX_LONG_CHARS);
        if (v == Long.MIN_VALUE) {
            return raw(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = digits(v);
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
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
                return fixed(m / 1_000_000, m % 1_000_000, 6);
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
        return fixed(millis / 1000, millis % 1000, 3);
    }

    /** {@code whole.fraction}, the fraction given in {@code scale} digits, trailing zeros trimmed to at least one. */
    private JsonBytes fixed(long whole, long fraction, int scale) {
        number(whole);
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
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
