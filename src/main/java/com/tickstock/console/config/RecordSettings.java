package com.tickstock.console.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Recording of the raw feed ({@code RECORD_DIR}, {@code RECORD_ROLL_MB}, {@code RECORD_COMPRESSION}).
 *
 * @param directory    where recordings are written; empty when the console does not record at start
 * @param rollBytes    compressed size at which a connection's file is closed and the next begun
 * @param compression  how the files are compressed
 */
public record RecordSettings(Optional<Path> directory, long rollBytes, Compression compression) {

    public static final long DEFAULT_ROLL_BYTES = 100L * 1024 * 1024;

    /** {@code RECORD_COMPRESSION}: the recording files' compression (docs/recording-format.md says why zstd). */
    public enum Compression {
        /** Zstandard level 1 ({@code .rec.zst}): the default, about three times the speed of gzip level 1. */
        ZSTD,
        /** JDK gzip, deflate level 1 ({@code .rec.gz}): for sites whose tools read only gzip. */
        GZIP
    }

    public RecordSettings {
        if (rollBytes < 1024) {
            throw new IllegalArgumentException("rollBytes must be at least 1024, was " + rollBytes);
        }
        Objects.requireNonNull(compression, "compression");
    }

    /** No recording at start; the window can still start one. */
    public static RecordSettings off() {
        return new RecordSettings(Optional.empty(), DEFAULT_ROLL_BYTES, Compression.ZSTD);
    }
}
