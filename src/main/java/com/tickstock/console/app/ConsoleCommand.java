package com.tickstock.console.app;

import com.tickstock.console.config.ConfigException;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.simulator.SimulatorCli;
import com.tickstock.console.supervision.Causes;
import com.tickstock.console.ui.ConsoleApp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
            "Service:         tickstock --headless [--status-port P]",
            "                 [--config FILE] [--set KEY=VALUE]...",
            "Attach:          tickstock --attach redis://HOST:PORT[/DB] [--group G]   (the window)",
            "                 [--headless [--status-port P]]",
            "Command:         tickstock --attach URL [--group G] --command \"subscribe NEWT\"",
            "Check:           tickstock --self-test [--config FILE] [--set KEY=VALUE]...",
            "Recording:       tickstock [--headless] --record DIR ...;  tickstock --inspect FILE|DIR",
            "Replay:          tickstock --simulator --replay FILE|DIR [--speed 1|N|max] [--from TIME] [--to TIME]",
            "Simulator only:  tickstock --simulator [--port P] [--api-keys k1,k2]",
            "                 [--max-connections N] [--eviction newest|oldest]",
            "                 [--rate EVENTS_PER_S] [--batch EVENTS_PER_FRAME]",
            "                 (all its options: tickstock --simulator --help)"})
final class ConsoleCommand implements Callable<Integer> {

    /** The subcommand that runs only the simulator; spelled as an option, as it always was. */
    static final String SIMULATOR = "--simulator";

    private static final Pattern SET_ARGUMENT = Pattern.compile("([A-Z][A-Z0-9_]*)=(.*)", Pattern.DOTALL);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file to read instead of config/tickstock.env; it must exist.")
    Path configFile;

    @Option(names = "--headless",
            description = "Run the connections and the republisher without a window, logging to stdout, until SIGTERM, SIGHUP or Ctrl-C.")
    boolean headless;

    @Option(names = "--self-test",
            description = "Check that every configured connection streams from the embedded simulator (and Redis receives ticks); exit 0 or 1.")
    boolean selfTest;

    @Option(names = "--status-port", paramLabel = "P",
            description = "Serve the HTTP status endpoint on this port (0 = any free port); same as --set STATUS_PORT=P.")
    Integer statusPort;

    @Option(names = "--record", paramLabel = "DIR",
            description = "Record every frame received and message sent to zstd files in DIR (made if missing;"
                    + " RECORD_COMPRESSION=gzip for gzip);"
                    + " same as --set RECORD_DIR=DIR. See docs/recording-format.md.")
    Path recordDir;

    @Option(names = "--inspect", paramLabel = "FILE|DIR",
            description = "Summarise a recording (a .rec.zst or .rec.gz file, or a --record directory): time span, frames and events"
                    + " per connection and type, topics, gaps in receive time, decode errors; exit 0, or 1 when a file"
                    + " is damaged.")
    Path inspect;

    @Option(names = "--attach", paramLabel = "URL",
            description = "Attach to a headless feeder through Redis instead of opening connections:"
                    + " redis://HOST:PORT[/DB], rediss:// for TLS, user:password@ before the host for an ACL user.")
    String attachUrl;

    @Option(names = "--group", paramLabel = "G",
            description = "With --attach: the feeder group (FEEDER_GROUP of the feeder); default: default.")
    String group;

    @Option(names = "--command", paramLabel = "\"CMD ARGS\"",
            description = "With --attach: send one command to the feeder (connect, disconnect or reconnect [CONNECTION],"
                    + " subscribe or unsubscribe TICKER..., move TICKER CONNECTION), print its answer and exit 0,"
                    + " or 1 with the reason.")
    String command;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set a configuration key, over the file and the environment; repeatable.")
    List<String> setArguments = new ArrayList<>();

    /** KEY to value from --set, in the order given; the last of a repeated key wins. Filled by {@link #parseSetArguments}. */
    private final Map<String, String> overrides = new LinkedHashMap<>();

    /** Fills {@link #overrides} from --set; a malformed one is a usage error (exit 2) like any bad option. */
    private void parseSetArguments() {
        for (String argument : setArguments) {
            Matcher m = SET_ARGUMENT.matcher(argument);
            if (!m.matches()) {
                throw new ParameterException(spec.commandLine(), "--set expects KEY=VALUE with an upper-case KEY such as"
                        + " WEBSOCKET_CONNECTIONS_MAX=2, not '" + argument + "'");
            }
            overrides.put(m.group(1), m.group(2));
        }
    }

    /**
     * Every mode's options in one model: the console's own, and {@code --simulator} as a subcommand that takes
     * the simulator's options (see {@link SimulatorCli#command}). Bad options of either exit with code 2.
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new ConsoleCommand());
        // Named as the subcommand is spelled, so its usage and errors say "tickstock --simulator".
        cmd.addSubcommand(SimulatorCli.command(System.out, System.err, null).name(SIMULATOR));
        ReplayMode.addOptions(cmd.getSubcommands().get(SIMULATOR));
        cmd.setExecutionStrategy(ConsoleCommand::execute);
        cmd.setParameterExceptionHandler((e, args) -> Launcher.usageError(e));
        return cmd;
    }

    /** Runs the chosen mode; the console's options before {@code --simulator} would be silently ignored, so they are refused. */
    private static int execute(CommandLine.ParseResult parsed) {
        if (parsed.hasSubcommand() && !parsed.matchedOptions().isEmpty()
                && !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
            throw new ParameterException(parsed.commandSpec().commandLine(), SIMULATOR + " takes only the simulator's"
                    + " options and must come first, not after " + parsed.matchedOptions().get(0).longestName());
        }
        if (parsed.hasSubcommand() && !parsed.subcommand().isUsageHelpRequested()
                && ReplayMode.requested(parsed.subcommand())) {
            StdoutLogging.quietStderr();
            return ReplayMode.run(parsed.subcommand(), System.out, System.err);
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * The configuration from the defaults, the file ({@code --config} or {@code config/tickstock.env}),
     * the environment and {@code --set}/{@code --status-port}, in rising precedence; {@code null}
     * after printing the problems when it is invalid.
     */
    private ConsoleConfig loadConfig() {
        Map<String, String> cli = new LinkedHashMap<>(overrides);
        if (statusPort != null) {
            cli.put("STATUS_PORT", Integer.toString(statusPort));
        }
        if (recordDir != null) {
            cli.put("RECORD_DIR", recordDir.toString());
        }
        try {
            ConsoleConfig config = ConfigLoader.standard().load(configFile, System.getenv(), cli);
            RedisStartCheck.check(config.redis());
            return config;
        } catch (ConfigException e) {
            System.err.println("tickstock: " + e.getMessage());
            return null;
        }
    }

    /** The window serves the status endpoint too when configured; unlike headless, a port in use is not fatal. */
    private static void serveStatusIfConfigured(ConsoleRuntime runtime) {
        if (!runtime.config().status().enabled()) {
            return;
        }
        try {
            System.out.println(HeadlessMode.STATUS_LINE + runtime.startStatusEndpoint().url());
        } catch (IOException e) {
            System.err.println("tickstock: the status endpoint cannot listen on " + runtime.config().status().bindAddress()
                    + ":" + runtime.config().status().port() + ": " + e.getMessage());
        }
    }

    /** The modes without a window; {@code null} when the window is wanted. */
    private Integer runWithoutWindow() {
        try {
            parseSetArguments();
        } catch (ParameterException e) {
            return Launcher.usageError(e);
        }
        if (headless && selfTest) {
            return Launcher.usageError(new ParameterException(spec.commandLine(),
                    "--headless and --self-test cannot be combined"));
        }
        if (statusPort != null && (statusPort < 0 || statusPort > 65535)) {
            return Launcher.usageError(new ParameterException(spec.commandLine(),
                    "--status-port must be 0..65535, not " + statusPort));
        }
        if (inspect != null) {
            StdoutLogging.quietStderr();
            return InspectMode.run(inspect, System.out, System.err);
        }
        if (attachUrl == null && (group != null || command != null)) {
            return Launcher.usageError(new ParameterException(spec.commandLine(),
                    (group != null ? "--group" : "--command") + " needs --attach URL"));
        }
        if (attachUrl != null) {
            return runAttached();
        }
        if (!headless && !selfTest) {
            return null;
        }
        if (headless) {
            // Before the configuration is loaded, so its log lines go to stdout too.
            StdoutLogging.install();
        } else {
            // The self-test's output is its SELF-TEST lines; only warnings and errors besides them.
            StdoutLogging.quietStderr();
        }
        ConsoleConfig config = loadConfig();
        if (config == null) {
            return Launcher.EXIT_USAGE;
        }
        return headless ? HeadlessMode.run(config, System.out) : SelfTest.run(config, System.out);
    }

    /** {@code --attach}: one command, the attached view without a window, or the attached window. */
    private int runAttached() {
        if (selfTest) {
            return Launcher.usageError(new ParameterException(spec.commandLine(),
                    "--attach and --self-test cannot be combined"));
        }
        AttachMode.Target target;
        try {
            target = AttachMode.Target.parse(attachUrl, group, command);
        } catch (IllegalArgumentException e) {
            return Launcher.usageError(new ParameterException(spec.commandLine(), e.getMessage()));
        }
        if (target.command() != null) {
            StdoutLogging.quietStderr();
            return AttachMode.sendCommand(target, System.out, System.err);
        }
        if (!headless) {
            return AttachMode.runWindow(target, System.err);
        }
        StdoutLogging.install();
        ConsoleConfig config = loadConfig();
        if (config == null) {
            return Launcher.EXIT_USAGE;
        }
        return AttachMode.runHeadless(target, config, System.out);
    }

    /** The window: load the configuration, start the feed side, connect, and show it until closed. */
    @Override
    public Integer call() {
        Integer withoutWindow = runWithoutWindow();
        if (withoutWindow != null) {
            return withoutWindow;
        }
        ConsoleConfig config = loadConfig();
        if (config == null) {
            return Launcher.EXIT_USAGE;
        }
        ConsoleRuntime runtime = ConsoleRuntime.create(config);
        serveStatusIfConfigured(runtime);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                runtime.close();
            }
        };
        // SIGTERM, SIGHUP or Ctrl-C close the window as its close button does, and the process ends as headless does.
        ShutdownSignal signal = ShutdownSignal.install();
        WindowStop.onSignal(signal);
        try {
            runtime.manager().connect();
            // Returns once the window has been closed; closing the window closes the runtime.
            // Actions → Start recording records where RECORD_DIR says, or in ~/tickstock-recordings.
            Path recordTo = config.record().directory()
                    .orElse(Path.of(System.getProperty("user.home"), "tickstock-recordings"));
            ConsoleApp.launch(runtime.manager(), runtime.source(), runtime.recording(), recordTo, close);
            return 0;
        } catch (RuntimeException e) {
            // Typically no display: JavaFX cannot open a window here.
            Throwable root = Causes.root(e);
            System.getLogger(ConsoleCommand.class.getName()).log(System.Logger.Level.DEBUG, "window failed", e);
            System.err.println("tickstock: the console window could not open: " + e.getMessage()
                    + (root == e ? "" : " (" + root + ")"));
            return 1;
        } finally {
            close.run();
            WindowStop.logFinalCounts(runtime);
            signal.finished();
        }
    }
}
