package com.tickstock.console.recording;

import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code --simulator --replay} serves and how.
 *
 * @param recording       a recording file or a {@code --record} directory
 * @param port            port on 127.0.0.1; 0 picks a free one
 * @param apiKeys         keys accepted; empty accepts any non-blank key
 * @param speed           pacing factor over the recorded receive times; {@link Double#POSITIVE_INFINITY} = as fast as
 *                        possible
 * @param fromEpochNanos  first receive time served (inclusive), or {@link Long#MIN_VALUE}
 * @param toEpochNanos    last receive time served (inclusive), or {@link Long#MAX_VALUE}
 */
public record ReplayConfig(Path recording, int port, Set<String> apiKeys, double speed, long fromEpochNanos,
                           long toEpochNanos) {

    public ReplayConfig {
        apiKeys = Set.copyOf(apiKeys);
        if (!(speed > 0)) {
            throw new IllegalArgumentException("--speed must be above 0, or max, not " + speed);
        }
        if (fromEpochNanos > toEpochNanos) {
            throw new IllegalArgumentException("--from is after --to");
        }
    }

    /**
     * A {@code --from}/{@code --to} value as epoch nanoseconds: an ISO-8601 instant ({@code 2026-12-04T09:31:00Z})
     * or a time of day {@code HH:MM[:SS[.fff]]} in UTC on the day the recording begins.
     *
     * @throws IllegalArgumentException naming the option and the value
     * @throws java.io.IOException      when the recording cannot be read for its first day
     */
    public static long parseTime(String option, String value, Path recording) throws java.io.IOException {
        String v = value.trim();
        try {
            if (v.contains("T")) {
                java.time.Instant at = java.time.Instant.parse(v);
                return at.getEpochSecond() * 1_000_000_000L + at.getNano();
            }
            java.time.LocalTime time = java.time.LocalTime.parse(v);
            long first = RecordedLane.of(recording).stream().mapToLong(RecordedLane::firstEpochNanos).min()
                    .orElseThrow();
            java.time.LocalDate day = java.time.Instant.ofEpochSecond(0, first).atZone(java.time.ZoneOffset.UTC)
                    .toLocalDate();
            java.time.Instant at = day.atTime(time).toInstant(java.time.ZoneOffset.UTC);
            return at.getEpochSecond() * 1_000_000_000L + at.getNano();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an instant such as 2026-12-04T09:31:00Z or a UTC time"
                    + " of day such as 09:31 or 09:31:15, not '" + value + "'", e);
        }
    }

    /** The whole recording, as fast as possible, any key, a free port. */
    public static ReplayConfig asFastAsPossible(Path recording) {
        return new ReplayConfig(recording, 0, Set.of(), Double.POSITIVE_INFINITY, Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
