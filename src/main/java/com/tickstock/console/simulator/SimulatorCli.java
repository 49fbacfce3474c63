package com.tickstock.console.simulator;

import com.tickstock.console.market.MarketCalendar;
import com.tickstock.console.market.MarketClock;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Command line front end: starts a {@link SimulatorServer}, prints exactly one line
 * {@code LISTENING ws://127.0.0.1:<port>/stocks} to stdout once it accepts connections, and runs
 * until the process gets SIGTERM or SIGINT (a shutdown hook closes the server cleanly).
 *
 * <p>Exit codes: 0 after a clean stop or {@code --help}; 2 for bad options (message on stderr);
 * 1 when the server cannot start (e.g. the port is taken).
 *
 * <p>API keys: {@code --api-keys} defaults to the documented dev key
 * {@value SimulatorConfig#DEV_API_KEY}; {@code --api-keys '*'} accepts any non-blank key. An empty
 * value is rejected rather than read as "any key", so a typo never opens the server to everyone.
 *
 * <p>The options are declared through picocli's programmatic API: no reflection, so the module
 * need not be opened to picocli.
 */
public final class SimulatorCli {

    static final String LISTENING = "LISTENING ";
    /** Exit code for unknown or malformed options. */
    static final int EXIT_USAGE = 2;

    private SimulatorCli() {
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs until SIGTERM/SIGINT; returns the exit code. */
    public static int run(String[] args) {
        return run(args, System.out, System.err, null);
    }

    /**
     * As {@link #run(String[])}; when {@code stop} is given the server also stops when it is
     * counted down, so tests can run the command in-process.
     */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        CommandLine cli = new CommandLine(command(out, err, stop));
        // The help text is ASCII; UTF-8 names the encoding instead of leaving it to the platform.
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println("simulator: " + e.getMessage());
            err.println("Try --help for the options.");
            err.flush();
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    /**
     * The simulator's options and what runs them, for {@link #run} and for the console's own command line,
     * which dispatches {@code tickstock --simulator ...} here. Options that parse but make no sense (a bad
     * {@code --rate} or {@code --eviction}) are thrown as {@link ParameterException}, so that whichever command
     * line runs it reports them like any other bad option (exit code 2).
     *
     * @param stop when given, the server also stops when it is counted down (tests run the command in-process)
     */
    public static CommandSpec command(PrintStream out, PrintStream err, CountDownLatch stop) {
        CommandSpec[] self = new CommandSpec[1];
        Callable<Integer> serve = () -> {
            SimulatorConfig config;
            Path stats;
            try {
                config = config(self[0]);
                stats = statsFile(self[0]);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(self[0].commandLine(), e.getMessage(), e);
            }
            return serve(config, stats, out, err, stop);
        };
        self[0] = spec(serve);
        return self[0];
    }

    /** {@code --stats FILE}, or null; its directory must exist, so a typo fails at once, not at the first write. */
    private static Path statsFile(CommandSpec spec) {
        String name = spec.findOption("--stats").getValue();
        if (name == null || name.isBlank()) {
            return null;
        }
        Path file;
        try {
            file = Path.of(name).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--stats '" + name + "' is not a file name", e);
        }
        if (!Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException("--stats " + name + ": directory " + file.getParent() + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--stats " + name + " is a directory, not a file");
        }
        return file;
    }

    /** Rewrites the stats file; a failure is said on stderr and the simulator goes on. */
    private static void writeStats(SimulatorServer server, Path stats, PrintStream err) {
        try {
            StatsFile.write(server, stats);
        } catch (IOException | RuntimeException e) {
            err.println("simulator: cannot write --stats " + stats + ": " + e.getMessage());
            err.flush();
        }
    }

    private static int serve(SimulatorConfig config, Path stats, PrintStream out, PrintStream err,
                             CountDownLatch stop) {
        SimulatorServer server;
        try {
            server = SimulatorServer.start(config);
        } catch (IOException | RuntimeException e) {
            err.println("simulator: cannot start on port " + config.port() + ": " + e.getMessage());
            err.flush();
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            if (stats != null) {
                writeStats(server, stats, err);
            }
            stopped.countDown();
        }, "tickstock-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The stats file is rewritten every second by a thread of its own (it only reads atomic counters) and
        // once more after the server closed, so its last version holds the final counts.
        CountDownLatch statsDone = new CountDownLatch(1);
        if (stats != null) {
            writeStats(server, stats, err);
            Thread writer = new Thread(() -> {
                try {
                    while (!statsDone.await(1, TimeUnit.SECONDS)) {
                        writeStats(server, stats, err);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tickstock-sim-stats");
            writer.setDaemon(true);
            writer.start();
        }

        out.println(LISTENING + server.url());
        out.flush();

        try {
            if (stop == null) {
                stopped.await();
            } else {
                while (!stop.await(100, TimeUnit.MILLISECONDS)) {
                    if (stopped.getCount() == 0) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopped.getCount() > 0) {
            // Stopped by the caller, not by a signal: the hook must not run again at JVM exit.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting anyway; the hook closes the server.
            }
            server.close();
            statsDone.countDown();
            if (stats != null) {
                writeStats(server, stats, err);
            }
        }
        statsDone.countDown();
        return 0;
    }

    private static CommandSpec spec(Callable<Integer> serve) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(serve).name("tickstock-simulator");
        spec.usageMessage()
                .description("Local Massive stocks WebSocket feed (ws://127.0.0.1:<port>/stocks) with synthetic data.",
                        "Prints 'LISTENING <url>' once it accepts connections; runs until SIGTERM/SIGINT.")
                .footer("API keys: the default key is " + SimulatorConfig.DEV_API_KEY + "; '*' accepts any non-blank key.");
        spec.addOption(OptionSpec.builder("--port").paramLabel("P").type(int.class).defaultValue("0")
                .description("Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--api-keys").paramLabel("k1,k2").type(String.class)
                .defaultValue(SimulatorConfig.DEV_API_KEY)
                .description("Accepted API keys, comma separated; '*' = any key (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--max-connections").paramLabel("N").type(int.class).defaultValue("0")
                .description("Simultaneous connections per API key; 0 = unlimited (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--eviction").paramLabel("newest|oldest").type(String.class).defaultValue("newest")
                .description("Which connection is kicked over the limit (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--rate").paramLabel("EVENTS_PER_S").type(String.class).defaultValue("1000")
                .description("Trades+quotes per second per connection (with --bars-paced: A and AM too); 0 or 'max' = as fast"
                        + " as possible (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--batch").paramLabel("EVENTS_PER_FRAME").type(int.class).defaultValue("10")
                .description("Most events in one frame (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--seed").paramLabel("SEED").type(long.class).defaultValue("42")
                .description("Seed of the synthetic market (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--auth-timeout").paramLabel("SECONDS").type(double.class).defaultValue("10")
                .description("Seconds a connection may stay unauthenticated (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--slow-consumer-timeout").paramLabel("SECONDS").type(double.class).defaultValue("0")
                .description("Drop a client with slow_consumer when one write to it blocks this long; 0 = off"
                        + " (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--ping-timeout").paramLabel("SECONDS").type(double.class).defaultValue("0")
                .description("Ping every client every third of this and drop it with slow_consumer when it sent"
                        + " nothing, not even a pong, for this long (a paused client); 0 = off (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--not-authorized").paramLabel("TOPICS").type(String.class).defaultValue("")
                .description("Topics outside the plan, e.g. 'Q.*,T.TSLA' (default: none).").build());
        spec.addOption(OptionSpec.builder("--clock").paramLabel("ISO-8601-INSTANT").type(String.class).defaultValue("")
                .description("Market time starts at this instant, e.g. 2026-11-27T14:25:00Z: event timestamps and"
                        + " bars follow it, and activity follows the US equities session (default: now).").build());
        spec.addOption(OptionSpec.builder("--speed").paramLabel("N").type(String.class).defaultValue("1")
                .description("Market time runs N times as fast as wall time, up to 10000; with 60 a minute bar"
                        + " (AM) arrives every second (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--sessions").type(boolean.class).arity("0").defaultValue("false")
                .description("Activity follows the market's sessions at wall time too: thin pre-market, a burst at"
                        + " the open, nothing while closed (on by itself with --clock or --speed).").build());
        spec.addOption(OptionSpec.builder("--full-market").paramLabel("TICKERS").type(int.class).defaultValue("0")
                .description("A wildcard (T.*) plays this many tickers, the most active first with a realistic skew"
                        + " (the top few hundred carry about three quarters of the trades); "
                        + SimulatorConfig.FULL_MARKET + " is about the US market, at most "
                        + SymbolUniverse.MAX_FULL_MARKET + " (default 0: the ~500 built-in listings).").build());
        spec.addOption(OptionSpec.builder("--bars-paced").type(boolean.class).arity("0").defaultValue("false")
                .description("Play A and AM at --rate like trades (a stress mode): each event is one symbol's current"
                        + " window as it stands, repeated as it grows, instead of one bar per symbol when its window"
                        + " closes.").build());
        String[][] faults = {
                {"--drop-every", "Drop each connection without a close frame after N data events (0 = off)."},
                {"--close-after", "Close each connection cleanly (1000) after N data events (0 = off)."},
                {"--stall-after", "Stop sending on each connection after N data events; the socket stays open (0 = off)."},
                {"--malformed-every", "Send a frame that is not JSON after every N data events (0 = off)."},
                {"--status-error-every", "Send a status error after every N data events (0 = off)."},
                {"--unknown-every", "Send an event of an unknown type ('XYZ') after every N data events (0 = off)."}};
        for (String[] fault : faults) {
            spec.addOption(OptionSpec.builder(fault[0]).paramLabel("N").type(long.class).defaultValue("0")
                    .description(fault[1]).build());
        }
        spec.addOption(OptionSpec.builder("--stats").paramLabel("FILE").type(String.class).defaultValue("")
                .description("Keep FILE up to date (every second, and at the end) with JSON: events sent per connection"
                        + " and per topic, faults injected (default: none).").build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        return spec;
    }

    private static SimulatorConfig config(CommandSpec spec) {
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .port(spec.findOption("--port").getValue())
                .maxConnections(spec.findOption("--max-connections").getValue())
                .eventsPerFrame(spec.findOption("--batch").getValue())
                .seed(spec.findOption("--seed").getValue());

        String keys = spec.findOption("--api-keys").getValue();
        Set<String> keySet = list(keys);
        if (keySet.isEmpty()) {
            throw new IllegalArgumentException("--api-keys is empty; give keys, or '*' to accept any key");
        }
        b.apiKeys(keySet.contains("*") ? Set.of() : keySet);

        String eviction = spec.findOption("--eviction").getValue();
        try {
            b.eviction(SimulatorConfig.Eviction.parse(eviction));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--eviction must be newest or oldest, not '" + eviction + "'");
        }

        String rate = spec.findOption("--rate").getValue();
        if ("max".equals(rate.trim().toLowerCase(Locale.ROOT))) {
            b.unlimitedRate();
        } else {
            try {
                b.eventsPerSecond(Double.parseDouble(rate.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rate must be a number of events per second or 'max', not '" + rate + "'");
            }
        }

        double authSeconds = spec.findOption("--auth-timeout").getValue();
        if (!(authSeconds > 0) || Double.isInfinite(authSeconds)) {
            throw new IllegalArgumentException("--auth-timeout must be a positive number of seconds");
        }
        b.authTimeout(Duration.ofMillis(Math.max(1, Math.round(authSeconds * 1000))));
        b.slowConsumerTimeout(seconds(spec, "--slow-consumer-timeout"));
        b.pingTimeout(seconds(spec, "--ping-timeout"));
        int fullMarket = spec.findOption("--full-market").getValue();
        if (fullMarket < 0 || fullMarket > SymbolUniverse.MAX_FULL_MARKET) {
            throw new IllegalArgumentException("--full-market must be 0 (off) to " + SymbolUniverse.MAX_FULL_MARKET
                    + " tickers, not " + fullMarket);
        }
        b.fullMarket(fullMarket);
        b.pacedBars(spec.findOption("--bars-paced").<Boolean>getValue());
        b.notAuthorizedTopics(list(spec.findOption("--not-authorized").getValue()));

        b.faultPlan(new FaultPlan(spec.findOption("--drop-every").getValue(),
                spec.findOption("--close-after").getValue(), spec.findOption("--stall-after").getValue(),
                spec.findOption("--malformed-every").getValue(), spec.findOption("--status-error-every").getValue(),
                spec.findOption("--unknown-every").getValue()));

        String clock = spec.findOption("--clock").getValue();
        String speed = spec.findOption("--speed").getValue();
        MarketClock marketClock = MarketClock.fromSettings("--clock", clock, "--speed", speed);
        b.marketClock(marketClock);
        boolean sessions = spec.findOption("--sessions").getValue();
        if (sessions || !marketClock.isWallTime()) {
            b.sessions(MarketCalendar.nyse());
        }
        return b.build();
    }

    /** A non-negative number of seconds (0 = off), as a duration; the option is named when it is not. */
    private static Duration seconds(CommandSpec spec, String option) {
        double value = spec.findOption(option).getValue();
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be 0 (off) or a positive number of seconds, not '" + value + "'");
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    private static Set<String> list(String commaSeparated) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : commaSeparated.split(",", -1)) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
