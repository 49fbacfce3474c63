package com.tickstock.console.app;

import com.tickstock.console.manager.ConfigException;
import com.tickstock.console.manager.ConfigLoader;
import com.tickstock.console.manager.ConsoleConfig;
import com.tickstock.console.ui.ConsoleApp;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** The window: load the configuration, start the feed side, connect, and show it until closed. */
    @Override
    public Integer call() {
        ConsoleConfig config;
        try {
            config = ConfigLoader.standard().load(null, System.getenv(), Map.of());
        } catch (ConfigException e) {
            System.err.println("tickstock: " + e.getMessage());
            return Launcher.EXIT_USAGE;
        }
        ConsoleRuntime runtime = ConsoleRuntime.create(config);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                runtime.close();
            }
        };
        try {
            runtime.manager().connect();
            // Returns once the window has been closed; closing the window closes the runtime.
            ConsoleApp.launch(runtime.manager(), runtime.source(), close);
            return 0;
        } catch (RuntimeException e) {
            // Typically no display: JavaFX cannot open a window here.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.getLogger(ConsoleCommand.class.getName()).log(System.Logger.Level.DEBUG, "window failed", e);
            System.err.println("tickstock: the console window could not open: " + e.getMessage()
                    + (root == e ? "" : " (" + root + ")"));
            return 1;
        } finally {
            close.run();
        }
    }
}
