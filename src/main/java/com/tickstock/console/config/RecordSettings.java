package com.tickstock.console.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Recording of the raw feed ({@code RECORD_DIR}, {@code RECORD_ROLL_MB}).
 *
 * @param directory    where recordings are written; empty when the console does not record at start
 * @param rollBytes    compressed size at which a connection's file is closed and the next begun
 */
public record RecordSettings(Optional<Path> directory, long rollBytes) {

    public static final long DEFAULT_ROLL_BYTES = 100L * 1024 * 1024;

    public RecordSettings {
        if (rollBytes < 1024) {
            throw new IllegalArgumentException("rollBytes must be at least 1024, was " + rollBytes);
        }
    }

    /** No recording at start; the window can still start one. */
    public static RecordSettings off() {
        return new RecordSettings(Optional.empty(), DEFAULT_ROLL_BYTES);
    }
}
