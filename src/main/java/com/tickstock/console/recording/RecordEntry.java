package com.tickstock.console.recording;

/**
 * One record: made on the socket or control thread (receive time as {@link System#nanoTime()}), written by the
 * recorder's writer thread; read back with the receive time as epoch nanoseconds.
 *
 * @param kind         received, sent or dropped
 * @param connectionId the connection it belongs to
 * @param socket       the generation of the connection's socket (changes with every reconnect)
 * @param nanos        {@link System#nanoTime()} when handed to the recorder, or epoch nanoseconds once read back
 * @param text         the frame or message
 */
public record RecordEntry(RecordKind kind, String connectionId, long socket, long nanos, String text) {
}
