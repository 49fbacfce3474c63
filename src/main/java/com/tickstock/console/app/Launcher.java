package com.tickstock.console.app;

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
        return ConsoleCommand.commandLine().execute(args);
    }

    static int usageError(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        // "tickstock" or "tickstock --simulator": each has its own options and help.
        String command = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(command + ": " + e.getMessage());
        cmd.getErr().println("Try '" + command + " --help' for the options.");
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
