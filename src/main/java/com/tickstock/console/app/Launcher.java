package com.tickstock.console.app;

import com.tickstock.console.simulator.SimulatorCli;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The one entry point for every mode. It deliberately does not extend {@code Application}: the
 * headless, self-test and simulator modes must start without a display, so JavaFX is initialised
 * only once the GUI mode has been chosen.
 */
public final class Launcher {

    /** Exit code for unknown or malformed command-line options. */
    public static final int EXIT_USAGE = 2;

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the mode the arguments choose and returns the process exit code. */
    public static int run(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        // The simulator has its own option set (--port, --rate, ...), so it takes every other argument.
        if (rest.remove("--simulator")) {
            return SimulatorCli.run(rest.toArray(String[]::new));
        }
        return ConsoleCommand.commandLine().execute(args);
    }

    static int usageError(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("tickstock: " + e.getMessage());
        cmd.getErr().println("Try 'tickstock --help' for the options.");
        return EXIT_USAGE;
    }

    /** Supplies {@code --version} output. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"TickStock Console " + Version.current(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
