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
        if (compression == Compression.ZSTD) {
            ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
            // A checksum of the content at the end of the file: damage is found, as with gzip's CRC.
            zstd.setChecksum(true);
            return zstd;
        }
        return new FastGzip(out);
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

    /** JDK gzip at deflate level 1, flushed with a sync flush. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024, true);
            def.setLevel(Deflater.BEST_SPEED);
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
