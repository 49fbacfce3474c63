package com.tickstock.console.plant;

/**
 * One event-log line as the {@code log} stream carries it.
 *
 * @param epochMillis when it happened
 * @param source      {@code connection_1}, {@code manager}, {@code operator}, ...
 * @param level       {@code INFO}, {@code WARN}, {@code ERROR} or {@code AUDIT}
 * @param text        one line for an operator
 */
public record LogEntry(long epochMillis, String source, String level, String text) {
}
