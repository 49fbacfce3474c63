package com.tickstock.console.recording;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import com.tickstock.console.config.RecordSettings.Compression;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The recording files' two compressions ({@code RECORD_COMPRESSION}): zstd level 1, the default, and JDK gzip at
 * deflate level 1. A reader tells them apart by the file's first bytes, not its name.
 *
 * <p>zstd is a native library carried inside the zstd-jni jar and loaded on first use; where it cannot be loaded
 * (a platform the jar has no build for, a temporary directory that is not writable) the recorder says why and
 * writes gzip instead, and {@link #zstdUnavailable()} gives the reason. Stateless; any thread.
 */
final class FileCompression {

    /** zstd's fastest positive level: on the feed's JSON as fast as its negative levels, and 6-7x smaller. */
    static final int ZSTD_LEVEL = 1;
    /**
     * zstd's fastest level, for blocks the CPU budget cannot afford to compress ({@link CompressionBudget}): it looks
     * for almost no matches, so it runs at memory speed (5-7 GB/s here against 0.4-0.7 for level 1) and the block is
     * stored nearly as it is, still in a standard zstd frame with its checksum.
     */
    static final int ZSTD_STORE_LEVEL = -131072;
    static final String ZSTD_SUFFIX = ".rec.zst";
    static final String GZIP_SUFFIX = ".rec.gz";

    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};
    private static final byte[] GZIP_MAGIC = {(byte) 0x1F, (byte) 0x8B};

    private FileCompression() {
    }

    static String suffix(Compression compression) {
        return compression == Compression.ZSTD ? ZSTD_SUFFIX : GZIP_SUFFIX;
    }

    /** Whether {@code fileName} is a recording file of either compression. */
    static boolean isRecordingFile(String fileName) {
        return fileName.endsWith(ZSTD_SUFFIX) || fileName.endsWith(GZIP_SUFFIX);
    }

    /** Why zstd cannot be used on this machine, or empty when it can. */
    static Optional<String> zstdUnavailable() {
        return ZstdProbe.REASON;
    }

    /**
     * A compressing stream over {@code out} whose {@code flush()} makes everything written so far readable (a
     * zstd block end, a deflate sync flush) without ending the file, and whose {@code close()} ends it.
     */
    static OutputStream compressing(Compression compression, OutputStream out) throws IOException {
        return compressing(compression, out, false);
    }

    /** As {@link #compressing(Compression, OutputStream)}; {@code store}: at the storing level (see {@link #withLevel}). */
    static OutputStream compressing(Compression compression, OutputStream out, boolean store) throws IOException {
        if (compression == Compression.ZSTD) {
            ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, store ? ZSTD_STORE_LEVEL : ZSTD_LEVEL);
            // A checksum of the content at the end of each frame: damage is found, as with gzip's CRC.
            zstd.setChecksum(true);
            return zstd;
        }
        FastGzip gzip = new FastGzip(out);
        gzip.store(store);
        return gzip;
    }

    /**
     * The stream to write the next blocks with, compressing ({@code store} false) or storing them: the same gzip
     * stream with deflate's level changed (level 0 writes stored blocks), or for zstd, whose level cannot change
     * inside a frame, the current frame ended and a new one begun on {@code out} at the other level. A reader reads
     * the frames one after the other as one content (RFC 8878, 3.1). Called only when the choice changes.
     */
    static OutputStream withLevel(Compression compression, OutputStream current, OutputStream out, boolean store)
            throws IOException {
        if (current instanceof FastGzip gzip) {
            gzip.store(store);
            return gzip;
        }
        ((ZstdOutputStreamNoFinalizer) current).closeWithoutClosingParentStream();
        return compressing(compression, out, store);
    }

    /**
     * The decompressed content of a recording file whose first bytes {@code in} holds (it must support mark).
     *
     * @throws IOException when the file starts with neither compression's magic bytes (the message says so)
     */
    static InputStream decompressing(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (startsWith(head, ZSTD_MAGIC)) {
            if (zstdUnavailable().isPresent()) {
                throw new IOException("a zstd file, but zstd cannot be loaded here: " + zstdUnavailable().get());
            }
            return new ZstdInputStreamNoFinalizer(in);
        }
        if (startsWith(head, GZIP_MAGIC)) {
            return new java.util.zip.GZIPInputStream(in, 64 * 1024);
        }
        throw new IOException(head.length < 2 ? "the file is empty or shorter than a header"
                : "neither a zstd nor a gzip file");
    }

    /**
     * Whether a read failure means the compressed stream simply ends early (the recorder was killed: no zstd frame
     * end, no gzip trailer) rather than that the data is damaged.
     */
    static boolean endsEarly(IOException e) {
        return e instanceof java.io.EOFException
                || (e instanceof ZstdIOException && String.valueOf(e.getMessage()).contains("Truncated source"));
    }

    /** A read failure that is damaged compressed data. */
    static boolean isCorruptData(IOException e) {
        return e instanceof java.util.zip.ZipException || e instanceof ZstdIOException;
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** JDK gzip at deflate level 1 (or 0, storing), flushed with a sync flush. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024, true);
            def.setLevel(Deflater.BEST_SPEED);
        }

        /** Deflate takes a new level from its next call on: what it was given before is finished at the old one. */
        void store(boolean store) {
            def.setLevel(store ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED);
        }
    }

    /** Loads the native library once, on first use, and keeps why it failed. */
    private static final class ZstdProbe {
        static final Optional<String> REASON = probe();

        private static Optional<String> probe() {
            try {
                Native.load();
                return Optional.empty();
            } catch (LinkageError | RuntimeException e) {
                return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
