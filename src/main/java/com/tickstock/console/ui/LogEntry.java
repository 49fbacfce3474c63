package com.tickstock.console.ui;

/**
 * One line of the event log.
 *
 * @param atMillis   wall time
 * @param connection the connection it is about, or "" for the console as a whole
 * @param kind       what sort of line
 * @param text       the words
 */
record LogEntry(long atMillis, String connection, Kind kind, String text) {

    enum Kind { STATE, ERROR, ACTION }

    String time() {
        return Formats.clock(atMillis);
    }

    /** The line as copied or searched: "15:32:10.123 connection_1 STATE RECONNECTING: ...". */
    String line() {
        return time() + " " + (connection.isEmpty() ? "console" : connection) + " " + kind + " " + text;
    }
}
