package com.tickstock.console.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of another process (a simulator, a redis-server) from Linux's /proc, for CPU-per-event figures. */
final class ProcCpu {

    private ProcCpu() {
    }

    /** User plus system CPU time of process {@code pid} in milliseconds; 0 where /proc is missing. */
    static long millis(long pid) {
        return millis(String.valueOf(pid));
    }

    /** The same for a /proc entry: a pid, or e.g. {@code self/task/TID} for one thread of this JVM. */
    static long millis(String entry) {
        try {
            String stat = Files.readString(Path.of("/proc", entry, "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // 100 clock ticks a second
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
