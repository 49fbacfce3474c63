package com.tickstock.console.app;

import com.tickstock.console.recording.RecordingInspector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code --inspect FILE|DIR}: prints a recording's summary; 0 when every file was read, 1 otherwise. */
final class InspectMode {

    private InspectMode() {
    }

    static int run(Path recording, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        RecordingInspector inspector;
        try {
            inspector = RecordingInspector.inspect(recording);
        } catch (IOException e) {
            err.println("tickstock: --inspect " + recording + ": " + e.getMessage());
            return 1;
        }
        inspector.print(out);
        out.printf(java.util.Locale.ROOT, "%nread in %.1f s%n", (System.nanoTime() - start) / 1e9);
        out.flush();
        for (String e : inspector.errors()) {
            err.println("tickstock: " + e);
        }
        return inspector.errors().isEmpty() ? 0 : 1;
    }
}
