package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every mode, the simulator's included, is parsed by one picocli model; nothing runs for a bad command line. */
class CommandLineModelTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = ConsoleCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void theSimulatorIsPartOfTheSameModelWithItsOwnOptionsAndHelp() {
        CommandLine cmd = ConsoleCommand.commandLine();
        CommandLine simulator = cmd.getSubcommands().get("--simulator");
        assertThat(simulator).isNotNull();
        assertThat(simulator.getCommandSpec().optionsMap()).containsKeys("--port", "--api-keys", "--max-connections",
                "--eviction", "--rate", "--batch");
        assertThat(cmd.getCommandSpec().optionsMap()).containsKeys("--config", "--set", "--headless", "--self-test",
                "--status-port", "--help", "--version");

        assertThat(run("--simulator", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: tickstock --simulator").contains("--eviction", "--rate");
    }

    @Test
    void theSimulatorsBadValuesAreUsageErrorsThatNameTheOptionAndItsHelp() {
        assertThat(run("--simulator", "--rate", "fast")).isEqualTo(2);
        assertThat(err.toString()).startsWith("tickstock --simulator: ").contains("--rate", "'fast'")
                .contains("Try 'tickstock --simulator --help'").doesNotContain("Exception");

        err.getBuffer().setLength(0);
        assertThat(run("--simulator", "--eviction", "sideways")).isEqualTo(2);
        assertThat(err.toString()).contains("--eviction must be newest or oldest, not 'sideways'");

        err.getBuffer().setLength(0);
        assertThat(run("--simulator", "--headless")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--headless'");
    }

    @Test
    void consoleOptionsBeforeTheSimulatorAreRefusedRatherThanIgnored() {
        assertThat(run("--headless", "--simulator", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("tickstock: ").contains("--simulator", "--headless")
                .contains("Try 'tickstock --help'");
        assertThat(out.toString()).doesNotContain("LISTENING");
    }

    @Test
    void theConsolesOwnUsageErrorsStayAsTheyWere() {
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).startsWith("tickstock: ").contains("--no-such-option")
                .contains("Try 'tickstock --help'");
    }
}
