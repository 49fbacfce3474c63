package com.tickstock.console.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging set-up of the modes without a window. Headless: one line per record on stdout, flushed at once, so a service manager's
 * journal or {@code docker logs} shows it as it happens. The JDK's default handler writes two
 * lines per record to stderr, which is wrong for a service.
 */
final class StdoutLogging {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Held so the root logger's configuration cannot be collected with a weak reference. */
    private static Logger root;

    private StdoutLogging() {
    }

    /** Replaces the console handlers of the root logger by one that writes to stdout. */
    static synchronized void install() {
        root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                root.removeHandler(h);
            }
        }
        Handler stdout = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    // System.out is a synchronised PrintStream: lines of concurrent threads never interleave.
                    System.out.print(getFormatter().format(record));
                    System.out.flush();
                }
            }

            @Override
            public void flush() {
                System.out.flush();
            }

            @Override
            public void close() {
                flush();
            }
        };
        stdout.setFormatter(new OneLine());
        stdout.setLevel(Level.INFO);
        root.addHandler(stdout);
    }

    /** Keeps the JDK's stderr handler but lets only warnings and errors through it. */
    static synchronized void quietStderr() {
        root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
    }

    /** {@code 2026-01-21 14:55:12.345Z INFO    ConnectionManager: message}, a stack trace after it if any. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            StringBuilder sb = new StringBuilder(160)
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                    .append(String.format("%-7s", record.getLevel().getName())).append(' ')
                    .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                sb.append(trace);
            }
            return sb.toString();
        }
    }
}
