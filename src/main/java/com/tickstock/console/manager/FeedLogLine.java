package com.tickstock.console.manager;

/**
 * One event-log line the feed itself wrote (an attached feeder's {@code log} stream), for a window's event log.
 *
 * @param epochMillis when it happened
 * @param source      {@code connection_1}, {@code manager}, {@code operator}, ...
 * @param level       {@code INFO}, {@code WARN}, {@code ERROR} or {@code AUDIT}
 * @param text        one line for an operator
 */
public record FeedLogLine(long epochMillis, String source, String level, String text) {
}
