package com.tickstock.console.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The console's command line: every option of every mode, parsed and checked in one place. */
@Command(name = "tickstock",
        mixinStandardHelpOptions = true,
        versionProvider = Launcher.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Operator console for the Massive stocks feed: up to three WebSocket connections,",
            "their state and health, and every tick republished to Redis.",
            "With no MASSIVE_API_KEY configured it runs against the embedded simulator."},
        footer = {"",
            "Simulator only:  tickstock --simulator [--port P] [--api-keys k1,k2] [--max-connections N]",
            "                 [--rate EVENTS_PER_S] [--batch EVENTS_PER_FRAME]   (tickstock --simulator --help)"})
final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--simulator",
            description = "Run only the embedded Massive simulator and print 'LISTENING ws://127.0.0.1:<port>/stocks'.")
    boolean simulatorOnly;

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new ConsoleCommand());
        cmd.setParameterExceptionHandler((e, args) -> Launcher.usageError(e));
        return cmd;
    }

    @Override
    public Integer call() {
        System.err.println("tickstock: the console window is not available in this build yet;"
                + " run 'tickstock --simulator' for the embedded Massive simulator.");
        return 1;
    }
}
