package com.tickstock.console.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Recording of the raw feed ({@code RECORD_DIR}, {@code RECORD_ROLL_MB}, {@code RECORD_COMPRESSION},
 * {@code RECORD_CPU_BUDGET}).
 *
 * @param directory         where recordings are written; empty when the console does not record at start
 * @param rollBytes         compressed size at which a connection's file is closed and the next begun
 * @param compression       how the files are compressed
 * @param cpuBudgetPercent  the most CPU the recorder may spend compressing, in percent of the rest of the console's;
 *                          what it cannot afford it stores uncompressed; 0: no limit
 */
public record RecordSettings(Optional<Path> directory, long rollBytes, Compression compression, int cpuBudgetPercent) {

    public static final long DEFAULT_ROLL_BYTES = 100L * 1024 * 1024;
    /** Issue 22's bound on what recording may add to the console's CPU at the feed's peak. */
    public static final int DEFAULT_CPU_BUDGET_PERCENT = 10;

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
        if (cpuBudgetPercent < 0) {
            throw new IllegalArgumentException("cpuBudgetPercent must not be negative, was " + cpuBudgetPercent);
        }
    }

    /** Without a CPU budget given: the default. */
    public RecordSettings(Optional<Path> directory, long rollBytes, Compression compression) {
        this(directory, rollBytes, compression, DEFAULT_CPU_BUDGET_PERCENT);
    }

    /** No recording at start; the window can still start one. */
    public static RecordSettings off() {
        return new RecordSettings(Optional.empty(), DEFAULT_ROLL_BYTES, Compression.ZSTD);
    }
}
