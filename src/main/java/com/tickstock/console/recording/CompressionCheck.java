package com.tickstock.console.recording;

import com.tickstock.console.config.RecordSettings.Compression;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether this machine can write and read recordings in a compression, proved by a round trip through the
 * recorder's own streams (for zstd that loads and runs the native library: what a packaged runtime or a locked-down
 * service could lack). Used by {@code --self-test}. Any thread.
 */
public final class CompressionCheck {

    private CompressionCheck() {
    }

    /** Why {@code compression} cannot be used here, or empty when a round trip works. */
    public static Optional<String> problem(Compression compression) {
        if (compression == Compression.ZSTD && FileCompression.zstdUnavailable().isPresent()) {
            return Optional.of("zstd cannot be loaded (" + FileCompression.zstdUnavailable().get()
                    + "); recordings would be written with gzip; set RECORD_COMPRESSION=gzip to say so");
        }
        byte[] sample = "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"p\":187.25,\"s\":100}]\n".repeat(64)
                .getBytes(StandardCharsets.UTF_8);
        try {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (OutputStream out = FileCompression.compressing(compression, compressed)) {
                out.write(sample);
            }
            byte[] back;
            try (InputStream in = FileCompression.decompressing(new BufferedInputStream(
                    new ByteArrayInputStream(compressed.toByteArray())))) {
                back = in.readAllBytes();
            }
            return Arrays.equals(sample, back) ? Optional.empty()
                    : Optional.of("a round trip through " + compression + " changed the data");
        } catch (IOException | LinkageError | RuntimeException e) {
            return Optional.of("a round trip through " + compression + " failed: " + e);
        }
    }
}
