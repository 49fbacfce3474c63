package com.tickstock.console.recording;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One open recording file: a gzip stream (fastest deflate level: the writer thread must keep up with the feed)
 * over a counter of the compressed bytes, which decide when the file is rolled. Flushed with a sync flush, so
 * that everything written before a flush can be read even if the process is killed before the file is closed.
 *
 * <p>Used by the recorder's writer thread only.
 */
final class RecordingFile implements AutoCloseable {

    private final Path path;
    private final long openedEpochHour;
    private final CountingStream counted;
    private final GZIPOutputStream gzip;
    private boolean dirty;

    RecordingFile(Path path, OutputStream raw, String connectionId, long startEpochNanos, long openedEpochHour)
            throws IOException {
        this.path = path;
        this.openedEpochHour = openedEpochHour;
        this.counted = new CountingStream(raw);
        this.gzip = new FastGzip(counted);
        gzip.write(RecordFormat.fileHeader(connectionId, startEpochNanos));
        dirty = true;
    }

    Path path() {
        return path;
    }

    long openedEpochHour() {
        return openedEpochHour;
    }

    /** Compressed bytes on disk so far (up to the last flush). */
    long compressedBytes() {
        return counted.count;
    }

    void write(RecordKind kind, long epochNanos, long socket, byte[] payload) throws IOException {
        gzip.write(RecordFormat.recordHeader(kind, epochNanos, socket, payload.length));
        gzip.write(payload);
        gzip.write('\n');
        dirty = true;
    }

    /** Pushes what was written to the disk (a sync flush of the deflater), if anything was. */
    void flush() throws IOException {
        if (dirty) {
            gzip.flush();
            dirty = false;
        }
    }

    @Override
    public void close() throws IOException {
        gzip.close();
    }

    /** JDK gzip at deflate level 1: about three times the speed of the default level for a few percent of size. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024, true);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
