package com.tickstock.console.recording;

import com.tickstock.console.config.RecordSettings.Compression;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The recording format (docs/recording-format.md): a zstd or gzip stream per file holding one header line
 * {@code TICKSTOCK-RECORDING 1 <connection> <start epoch ns>} and then records, each a header line
 * {@code <kind letter> <epoch ns> <socket> <payload bytes>} followed by the payload (UTF-8) and a newline.
 * The payload's length is given, so a frame may hold any character, newlines included.
 */
public final class RecordFormat {

    public static final String MAGIC = "TICKSTOCK-RECORDING";
    public static final int VERSION = 1;
    /** Longest record header line accepted when reading: anything longer is corruption, not a record. */
    static final int MAX_HEADER_LINE = 128;
    /** Largest payload accepted when reading: the feed's frame limit (64 MiB) with room to spare. */
    static final int MAX_PAYLOAD_BYTES = 128 * 1024 * 1024;
    /** What a connection id may be in a file name: as the console names them (connection_1). */
    static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private RecordFormat() {
    }

    /** {@code connection_1-20261204T093100Z-0003.rec.zst}: sorts by connection, then time, then sequence. */
    static String fileName(String connectionId, Instant opened, int sequence, Compression compression) {
        return connectionId + "-" + FILE_TIME.format(opened) + "-" + String.format("%04d", sequence)
                + FileCompression.suffix(compression);
    }

    static byte[] fileHeader(String connectionId, long startEpochNanos) {
        return (MAGIC + " " + VERSION + " " + connectionId + " " + startEpochNanos + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes a record's header line into {@code buf} at {@code pos} (at least {@link #MAX_HEADER_LINE} bytes free)
     * and returns the position after it. Digits straight into the buffer: the recorder writes one per frame, and a
     * string built and encoded per frame was a measurable part of its cost.
     */
    static int putRecordHeader(byte[] buf, int pos, RecordKind kind, long epochNanos, long socket, int payloadBytes) {
        int p = pos;
        buf[p++] = (byte) kind.letter();
        buf[p++] = ' ';
        p = putDecimal(buf, p, epochNanos);
        buf[p++] = ' ';
        p = putDecimal(buf, p, socket);
        buf[p++] = ' ';
        p = putDecimal(buf, p, payloadBytes);
        buf[p++] = '\n';
        return p;
    }

    private static int putDecimal(byte[] buf, int pos, long value) {
        if (value < 0) { // none of the console's numbers; written as Long.toString would
            byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, buf, pos, text.length);
            return pos + text.length;
        }
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = pos + digits - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        return pos + digits;
    }
}
