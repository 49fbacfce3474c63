package com.tickstock.console.app;

import com.tickstock.console.recording.ReplayConfig;
import com.tickstock.console.recording.ReplayServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code tickstock --simulator --replay FILE|DIR [--speed 1|N|max] [--from TIME] [--to TIME]}: the replay server in
 * the simulator's place, with its {@code LISTENING} line, until SIGTERM, SIGHUP or Ctrl-C (then exit 0). Its options are added to the
 * simulator's subcommand here, so the simulator itself knows nothing of recordings.
 */
final class ReplayMode {

    static final String REPLAY = "--replay";
    /** The simulator options that mean the same with --replay; the others (rate, batch, ...) have no meaning there. */
    private static final Set<String> SHARED = Set.of("--port", "--api-keys", "--help", REPLAY, "--speed", "--from", "--to");

    private ReplayMode() {
    }

    /** Adds --replay, --speed, --from and --to to the simulator's subcommand. */
    static void addOptions(CommandLine simulator) {
        var spec = simulator.getCommandSpec();
        spec.addOption(OptionSpec.builder(REPLAY).paramLabel("FILE|DIR").type(Path.class)
                .description("Serve a recording (--record) instead of a synthetic market: each client gets the frames of"
                        + " the recorded connection that carried its topics, in recorded order and pacing. Any API key"
                        + " is accepted unless --api-keys is given.").build());
        // --speed is the simulator's too (its market clock): one option, read by whichever of the two runs.
        OptionSpec clockSpeed = spec.findOption("--speed");
        String replaySpeed = "With --replay: N times the recorded pace, or max (as fast as possible); default 1.";
        if (clockSpeed == null) {
            spec.addOption(OptionSpec.builder("--speed").paramLabel("1|N|max").type(String.class)
                    .description(replaySpeed).build());
        } else {
            spec.remove(clockSpeed);
            List<String> description = new java.util.ArrayList<>(List.of(clockSpeed.description()));
            description.add(replaySpeed);
            spec.addOption(OptionSpec.builder("--speed").paramLabel("N|max").type(String.class)
                    .defaultValue(clockSpeed.defaultValue()).description(description.toArray(String[]::new)).build());
        }
        spec.addOption(OptionSpec.builder("--from").paramLabel("TIME").type(String.class)
                .description("With --replay: skip frames received before TIME (2026-12-04T09:31:00Z, or HH:MM[:SS] UTC on"
                        + " the recording's first day).").build());
        spec.addOption(OptionSpec.builder("--to").paramLabel("TIME").type(String.class)
                .description("With --replay: stop after frames received at TIME.").build());
    }

    /** Whether the simulator's parse asks for a replay; an option of the replay without --replay is an error. */
    static boolean requested(ParseResult simulator) {
        boolean replay = simulator.hasMatchedOption(REPLAY);
        if (!replay) {
            for (String option : List.of("--from", "--to")) {
                if (simulator.hasMatchedOption(option)) {
                    throw new ParameterException(simulator.commandSpec().commandLine(), option + " needs --replay FILE|DIR");
                }
            }
        }
        return replay;
    }

    static int run(ParseResult parsed, PrintStream out, PrintStream err) {
        CommandLine cli = parsed.commandSpec().commandLine();
        for (OptionSpec matched : parsed.matchedOptions()) {
            if (!SHARED.contains(matched.longestName())) {
                throw new ParameterException(cli, matched.longestName() + " has no meaning with --replay (a replay sends"
                        + " what was recorded)");
            }
        }
        Path recording = parsed.matchedOptionValue(REPLAY, (Path) null);
        int port = parsed.matchedOptionValue("--port", 0);
        if (port < 0 || port > 65535) {
            throw new ParameterException(cli, "--port must be 0..65535, not " + port);
        }
        Set<String> keys = new LinkedHashSet<>();
        if (parsed.hasMatchedOption("--api-keys")) {
            for (String k : parsed.matchedOptionValue("--api-keys", "").split(",", -1)) {
                if (!k.isBlank() && !"*".equals(k.trim())) {
                    keys.add(k.trim());
                }
            }
        }
        ReplayConfig config;
        try {
            double speed = speed(parsed.matchedOptionValue("--speed", "1"));
            long from = parsed.hasMatchedOption("--from")
                    ? ReplayConfig.parseTime("--from", parsed.matchedOptionValue("--from", ""), recording) : Long.MIN_VALUE;
            long to = parsed.hasMatchedOption("--to")
                    ? ReplayConfig.parseTime("--to", parsed.matchedOptionValue("--to", ""), recording) : Long.MAX_VALUE;
            config = new ReplayConfig(recording, port, keys, speed, from, to);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, e.getMessage(), e);
        } catch (IOException e) {
            err.println("simulator: --replay " + recording + ": " + e.getMessage());
            return 1;
        }
        ReplayServer server;
        try {
            server = ReplayServer.start(config);
        } catch (IOException e) {
            err.println("simulator: --replay " + recording + ": " + e.getMessage());
            return 1;
        }
        ShutdownSignal signal = ShutdownSignal.install();
        out.println("LISTENING " + server.url());
        out.flush();
        try {
            signal.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            signal.finished();
        }
        return 0;
    }

    private static double speed(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if ("max".equals(v)) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double speed = Double.parseDouble(v);
            if (speed > 0 && !Double.isInfinite(speed)) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--speed must be a number above 0 (1 = as recorded) or max, not '" + value + "'");
    }
}
