package com.tickstock.console.supervision;

import java.time.Instant;

/**
 * A part of the console whose thread died of an uncaught error, or whose task threw out of an
 * executor: from then on the part does not work and its counts can no longer be trusted.
 *
 * @param sequence the failure's number in its registry, from 1, in the order reported
 * @param part     e.g. {@code connection_1-dispatch}, {@code manager-health}, {@code redis-republisher}
 * @param thread   the name of the thread it happened on
 * @param error    what was thrown
 * @param at       when it was reported
 */
public record PartFailure(long sequence, String part, String thread, Throwable error, Instant at) {

    /** {@code OutOfMemoryError: Java heap space}: the error's simple class name and message. */
    public String cause() {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** {@code connection_1-dispatch: OutOfMemoryError: Java heap space}. */
    public String describe() {
        return part + ": " + cause();
    }

    /** {@code connection_1-dispatch:OutOfMemoryError}, without spaces, for one-line key=value output. */
    public String token() {
        return part + ":" + error.getClass().getSimpleName();
    }
}
