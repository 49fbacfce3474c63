package com.tickstock.console.recording;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import com.tickstock.console.config.RecordSettings.Compression;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * One open recording file: a zstd or gzip stream ({@link FileCompression}, fast levels: the writer thread must keep
 * up with the feed) over a counter of the compressed bytes, which decide when the file is rolled. A flush ends a
 * zstd block or is a deflate sync flush, so that everything written before a flush can be read even if the
 * process is killed before the file is closed.
 *
 * <p>Records are first gathered in a staging buffer of {@link #STAGING_BYTES} and handed to the compressor a
 * buffer at a time: one compressor call (a JNI call for zstd) per few hundred frames instead of several per frame.
 * What is staged reaches the disk when the buffer is full, at {@link #flush()} (the recorder's once a second) and
 * at {@link #close()}, so a killed recorder loses at most what a flush would not have saved anyway.
 *
 * <p>Before each buffer the recorder's {@link CompressionBudget} says whether compressing it can be afforded; a buffer
 * that cannot is stored (zstd's fastest level in a frame of its own, gzip level 0) and counted in {@code stored}.
 *
 * <p>Used by the recorder's writer thread only (the counters it adds to are read by any thread).
 */
final class RecordingFile implements AutoCloseable {

    /** Big enough that the compressor's per-call cost vanishes against its per-byte cost (256 KiB: ~250 frames). */
    static final int STAGING_BYTES = 256 * 1024;

    private final Path path;
    private final long openedEpochHour;
    private final CountingStream counted;
    private final Compression compression;
    private final CompressionBudget budget;
    /** Bytes of records handed to the compressor, and those of them stored uncompressed (the recorder's totals). */
    private final LongAdder recorded;
    private final LongAdder stored;
    private OutputStream compressor;
    private boolean storing;
    private final byte[] staging = new byte[STAGING_BYTES];
    private int staged;
    private boolean dirty;

    RecordingFile(Path path, OutputStream raw, Compression compression, String connectionId, long startEpochNanos,
                  long openedEpochHour) throws IOException {
        this(path, raw, compression, connectionId, startEpochNanos, openedEpochHour, CompressionBudget.unlimited(),
                new LongAdder(), new LongAdder());
    }

    RecordingFile(Path path, OutputStream raw, Compression compression, String connectionId, long startEpochNanos,
                  long openedEpochHour, CompressionBudget budget, LongAdder recorded, LongAdder stored)
            throws IOException {
        this.path = path;
        this.openedEpochHour = openedEpochHour;
        this.counted = new CountingStream(raw);
        this.compression = compression;
        this.budget = budget;
        this.recorded = recorded;
        this.stored = stored;
        this.compressor = FileCompression.compressing(compression, counted);
        compressor.write(RecordFormat.fileHeader(connectionId, startEpochNanos));
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
        if (STAGING_BYTES - staged < RecordFormat.MAX_HEADER_LINE) {
            compressStaged();
        }
        staged = RecordFormat.putRecordHeader(staging, staged, kind, epochNanos, socket, payload.length);
        if (payload.length + 1 <= STAGING_BYTES - staged) {
            System.arraycopy(payload, 0, staging, staged, payload.length);
            staged += payload.length;
        } else { // a frame bigger than the room left: no copy, straight to the compressor
            compressStaged();
            chooseLevel();
            write(payload, 0, payload.length);
        }
        staging[staged++] = '\n';
        dirty = true;
    }

    private void compressStaged() throws IOException {
        if (staged > 0) {
            chooseLevel();
            write(staging, 0, staged);
            staged = 0;
        }
    }

    /** Compress or store what comes next, as the budget allows; switches the stream only when the choice changes. */
    private void chooseLevel() throws IOException {
        boolean store = !budget.mayCompress();
        if (store != storing) {
            compressor = FileCompression.withLevel(compression, compressor, counted, store);
            storing = store;
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        compressor.write(bytes, offset, length);
        recorded.add(length);
        if (storing) {
            stored.add(length);
        }
    }

    /** Pushes what was written to the disk (a zstd block end, a deflate sync flush), if anything was. */
    void flush() throws IOException {
        if (dirty) {
            compressStaged();
            compressor.flush();
            dirty = false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            compressStaged();
        } finally {
            compressor.close();
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
