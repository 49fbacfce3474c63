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

    @Test
    void attachOptionsArePartOfTheModelAndTheirMisuseIsAUsageError() {
        assertThat(ConsoleCommand.commandLine().getCommandSpec().optionsMap()).containsKeys("--attach", "--group",
                "--command");

        assertThat(run("--group", "desk")).isEqualTo(2);
        assertThat(err.toString()).startsWith("tickstock: --group needs --attach URL");

        err.getBuffer().setLength(0);
        assertThat(run("--attach", "redis://op:hunter22@127.0.0.1:1", "--command", "launch rockets")).isEqualTo(2);
        assertThat(err.toString()).contains("--command 'launch' is not one of connect, disconnect, reconnect,"
                + " subscribe, unsubscribe, move").doesNotContain("hunter22");

        err.getBuffer().setLength(0);
        assertThat(run("--attach", "redis://op:hunter22@127.0.0.1:99999", "--command", "reconnect")).isEqualTo(2);
        assertThat(err.toString()).startsWith("tickstock: --attach 'redis://op:***@127.0.0.1:99999' has port 99999")
                .doesNotContain("hunter22");

        err.getBuffer().setLength(0);
        assertThat(run("--attach", "redis://127.0.0.1:1", "--command", "move NEWT")).isEqualTo(2);
        assertThat(err.toString()).contains("move needs a ticker and a connection");

        err.getBuffer().setLength(0);
        assertThat(run("--attach", "redis://127.0.0.1:1", "--group", "a b", "--command", "reconnect")).isEqualTo(2);
        assertThat(err.toString()).contains("--group: a feeder group is a non-empty word");

        err.getBuffer().setLength(0);
        assertThat(run("--attach", "redis://127.0.0.1:1", "--self-test")).isEqualTo(2);
        assertThat(err.toString()).contains("--attach and --self-test cannot be combined");
    }

    @Test
    void theHelpShowsTheAttachedModes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--attach=URL", "--group=G", "--command",
                "tickstock --attach redis://HOST:PORT[/DB] [--group G]", "--command \"subscribe NEWT\"");
    }
}
