package com.tickstock.console.recording;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one recording file record by record ({@link RecordFormat}), zstd or gzip (told by its first bytes). A file
 * cut short — the recorder was killed, so the compressed stream has no end (zstd frame end, gzip trailer), or it
 * ends inside a record — is read up to its last whole record and then says
 * why in {@link #warning()}; anything else that is not the format (corrupt compressed data, a damaged record
 * header) is a {@link RecordingException} naming the file and the byte offset.
 *
 * <p>One thread at a time.
 */
public final class RecordingReader implements AutoCloseable {

    /** A payload buffer grown by a record over this size is not kept for the next ones. */
    private static final int PAYLOAD_KEPT = 1 << 20;

    private final Path file;
    private final CountingInput compressed;
    /** The decompressed stream, read in blocks into {@link #buffer}: headers are parsed a byte at a time. */
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPos;
    private int bufferEnd;
    /** The decompressed stream has ended, or was cut short (then {@link #warning} says so). */
    private boolean streamEnded;
    private final String connectionId;
    private final long startEpochNanos;
    /** Decompressed bytes consumed so far: where the next record starts. */
    private long offset;
    private long records;
    private String warning = "";
    private boolean ended;
    private final byte[] line = new byte[RecordFormat.MAX_HEADER_LINE];
    private final long[] headerValues = new long[3];
    // The record read last (advance): reused, so reading allocates nothing per record.
    private RecordKind kind;
    private long epochNanos;
    private long socket;
    private byte[] payload = new byte[4096];
    private int payloadLength;

    private RecordingReader(Path file) throws IOException {
        this.file = file;
        InputStream raw = Files.newInputStream(file);
        this.compressed = new CountingInput(new BufferedInputStream(raw, 64 * 1024));
        InputStream decompressed;
        try {
            decompressed = FileCompression.decompressing(new BufferedInputStream(compressed, 64 * 1024));
        } catch (IOException e) {
            raw.close();
            throw new RecordingException(file, 0, compressed.count, "not a recording file (" + e.getMessage() + ")",
                    e);
        }
        this.in = decompressed;
        String header;
        try {
            header = readLine();
        } catch (IOException e) {
            in.close();
            throw e;
        }
        String[] parts = header == null ? new String[0] : header.split(" ", -1);
        if (parts.length != 4 || !RecordFormat.MAGIC.equals(parts[0])) {
            in.close();
            throw new RecordingException(file, 0, "not a TickStock recording (no '" + RecordFormat.MAGIC + "' header)");
        }
        if (!Integer.toString(RecordFormat.VERSION).equals(parts[1])) {
            in.close();
            throw new RecordingException(file, 0, "recording format version " + parts[1] + ", this console reads "
                    + RecordFormat.VERSION);
        }
        this.connectionId = parts[2];
        try {
            this.startEpochNanos = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            in.close();
            throw new RecordingException(file, 0, "bad start time '" + parts[3] + "' in the header");
        }
        if (ended) {
            throw new RecordingException(file, 0, "the file ends inside its header");
        }
    }

    /** Opens {@code file} and reads its header. */
    public static RecordingReader open(Path file) throws IOException {
        return new RecordingReader(file);
    }

    public Path file() {
        return file;
    }

    public String connectionId() {
        return connectionId;
    }

    public long startEpochNanos() {
        return startEpochNanos;
    }

    /** Records read so far. */
    public long records() {
        return records;
    }

    /** Why reading ended early (the file was cut short), or empty when it ended cleanly or has not ended. */
    public String warning() {
        return warning;
    }

    /** The next record (its time in epoch nanoseconds), or null at the end of the file. */
    public RecordEntry next() throws IOException {
        if (!advance()) {
            return null;
        }
        return new RecordEntry(kind, connectionId, socket, epochNanos,
                new String(payload, 0, payloadLength, StandardCharsets.UTF_8));
    }

    /**
     * Moves to the next record without building a {@link RecordEntry} or a string ({@code --inspect} reads ten
     * million records an hour): its fields are then {@link #kind()}, {@link #epochNanos()}, {@link #socket()} and
     * the payload's UTF-8 bytes {@link #payload()}{@code [0, }{@link #payloadLength()}{@code )}, valid until the next
     * call. False at the end of the file, with the same warnings and errors as {@link #next()}.
     */
    boolean advance() throws IOException {
        if (ended) {
            return false;
        }
        long start = offset;
        int n = readLineBytes();
        if (n < 0) {
            if (offset != start) {
                truncated(start, "inside a record header");
            } else if (!warning.isEmpty()) {
                warning += " (" + records + " records)";
            }
            return false;
        }
        if (!parseHeader(n)) {
            parseHeaderSlowly(new String(line, 0, n, StandardCharsets.US_ASCII), start);
        }
        if (payloadLength < 0 || payloadLength > RecordFormat.MAX_PAYLOAD_BYTES) {
            throw new RecordingException(file, start, "record length " + payloadLength + " out of range");
        }
        if (payload.length < payloadLength || (payload.length > PAYLOAD_KEPT && payloadLength <= PAYLOAD_KEPT)) {
            payload = new byte[Math.max(payloadLength, 4096)];
        }
        int read = readFully(payload, payloadLength);
        int newline = read == payloadLength ? readByte() : -1;
        if (read < payloadLength || newline < 0) {
            truncated(start, "inside a record");
            ended = true;
            return false;
        }
        if (newline != '\n') {
            throw new RecordingException(file, offset - 1, "no newline after the record that starts at byte " + start);
        }
        records++;
        return true;
    }

    RecordKind kind() {
        return kind;
    }

    long epochNanos() {
        return epochNanos;
    }

    long socket() {
        return socket;
    }

    byte[] payload() {
        return payload;
    }

    int payloadLength() {
        return payloadLength;
    }

    /**
     * The header line in {@link #line}{@code [0, n)} as the recorder writes it (a letter, then three non-negative
     * decimals that fit a long, single spaces between): into the record's fields without a string or a split. False for anything
     * else, which {@link #parseHeaderSlowly} then reads (or rejects) exactly as it always did.
     */
    private boolean parseHeader(int n) {
        if (n < 7 || line[1] != ' ') {
            return false;
        }
        RecordKind k = RecordKind.of(line[0] & 0xff);
        if (k == null) {
            return false;
        }
        long[] values = headerValues;
        int p = 2;
        for (int field = 0; field < 3; field++) {
            int digitsStart = p;
            long value = 0;
            while (p < n && line[p] >= '0' && line[p] <= '9') {
                int digit = line[p] - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    return false;   // beyond a long: Long.parseLong's error, from the old code
                }
                value = value * 10 + digit;
                p++;
            }
            int digits = p - digitsStart;
            if (digits == 0 || digits > 19 || (field < 2 ? p >= n || line[p] != ' ' : p != n)) {
                return false;
            }
            values[field] = value;
            p++;
        }
        if (values[2] > Integer.MAX_VALUE) {
            return false;
        }
        kind = k;
        epochNanos = values[0];
        socket = values[1];
        payloadLength = (int) values[2];
        return true;
    }

    private void parseHeaderSlowly(String header, long start) throws RecordingException {
        String[] parts = header.split(" ", -1);
        RecordKind k = parts.length == 4 && parts[0].length() == 1 ? RecordKind.of(parts[0].charAt(0)) : null;
        try {
            if (k == null) {
                throw new NumberFormatException();
            }
            epochNanos = Long.parseLong(parts[1]);
            socket = Long.parseLong(parts[2]);
            payloadLength = Integer.parseInt(parts[3]);
            kind = k;
        } catch (NumberFormatException e) {
            throw new RecordingException(file, start, "not a record header ('" + excerpt(header) + "')");
        }
    }

    private void truncated(long at, String where) {
        warning = file + ": cut short " + where + " at byte " + at + " of the decompressed stream (the recorder was"
                + " stopped abruptly?); read up to the last whole record (" + records + " records)";
    }

    /**
     * A header line without its newline; null at the end of the stream, also when the stream ends inside the line
     * (then {@link #ended} is set and the offset has moved).
     */
    private String readLine() throws IOException {
        int n = readLineBytes();
        return n < 0 ? null : new String(line, 0, n, StandardCharsets.US_ASCII);
    }

    /** {@link #readLine()} into {@link #line}: its length, or -1 where that gives null. */
    private int readLineBytes() throws IOException {
        int n = 0;
        while (true) {
            int b = readByte();
            if (b < 0) {
                // A header without its newline is a header cut short (the caller sees the bytes it took).
                ended = true;
                return -1;
            }
            if (b == '\n') {
                return n;
            }
            if (n == line.length) {
                throw new RecordingException(file, offset - n - 1, "no record header (a line of over "
                        + RecordFormat.MAX_HEADER_LINE + " bytes)");
            }
            line[n++] = (byte) b;
        }
    }

    /** One byte, or -1 at the end of the stream or where the compressed stream was cut short (a killed recorder). */
    private int readByte() throws IOException {
        if (bufferPos == bufferEnd && !fill()) {
            return -1;
        }
        offset++;
        return buffer[bufferPos++] & 0xff;
    }

    private int readFully(byte[] into, int length) throws IOException {
        int n = 0;
        while (n < length) {
            if (bufferPos == bufferEnd && !fill()) {
                break;
            }
            int k = Math.min(length - n, bufferEnd - bufferPos);
            System.arraycopy(buffer, bufferPos, into, n, k);
            bufferPos += k;
            n += k;
            offset += k;
        }
        return n;
    }

    /** Reads the next block of the decompressed stream; false at its end or where it was cut short. */
    private boolean fill() throws IOException {
        if (streamEnded) {
            return false;
        }
        try {
            int r;
            do {
                r = in.read(buffer, 0, buffer.length);
            } while (r == 0);
            if (r < 0) {
                streamEnded = true;
                return false;
            }
            bufferPos = 0;
            bufferEnd = r;
            return true;
        } catch (IOException e) {
            streamEnded = true;
            endedEarlyOrDamaged(e);
            return false;
        }
    }

    /** A compressed stream that simply ends early gives a warning; damaged data or any other failure is thrown. */
    private void endedEarlyOrDamaged(IOException e) throws IOException {
        if (FileCompression.endsEarly(e)) {
            if (warning.isEmpty()) {
                warning = file + ": ends before the end of its compressed stream (no zstd frame end or gzip trailer)"
                        + " at byte " + offset + " of the decompressed stream (the recorder was stopped abruptly?);"
                        + " read up to the last whole record";
            }
            return;
        }
        if (FileCompression.isCorruptData(e)) {
            throw new RecordingException(file, offset, compressed.count,
                    "corrupt compressed data (" + e.getMessage() + ")", e);
        }
        throw e;
    }

    private static String excerpt(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
