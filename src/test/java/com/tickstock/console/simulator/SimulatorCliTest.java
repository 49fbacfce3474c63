package com.tickstock.console.simulator;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.tickstock.console.simulator.StatusTexts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimulatorCliTest extends SimulatorTestSupport {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int runQuick(String... args) {
        return SimulatorCli.run(args, new PrintStream(out, true), new PrintStream(err, true), new CountDownLatch(0));
    }

    private String stdout() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void printsOneListeningLineThenServesUntilStopped() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        PrintStream stdout = new PrintStream(out, true);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SimulatorCli.run(
                new String[] {"--port", "0", "--api-keys", "k1,k2", "--rate", "500", "--batch", "5"},
                stdout, new PrintStream(err, true), stop));

        try {
            await().atMost(WAIT).until(() -> stdout().contains("\n"));
            String line = stdout().trim();
            assertThat(line).matches("LISTENING ws://127\\.0\\.0\\.1:\\d+/stocks");
            TestClient client = TestClient.connect(clientManager, URI.create(line.substring("LISTENING ".length())));
            client.awaitStatus(CONNECTED, null);
            client.auth("k2");
            client.awaitStatus(AUTH_SUCCESS, null);
            client.subscribe("T.AAPL");
            await().atMost(WAIT).until(() -> client.count("T") >= 5);

            stop.countDown();

            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_GOING_AWAY);
            assertThat(stdout().lines().toList()).containsExactly(line);
        } finally {
            stop.countDown();
        }
    }

    @Test
    void helpPrintsTheOptionsAndReturnsZero() {
        assertThat(runQuick("--help")).isZero();

        assertThat(stdout()).contains("--port", "--api-keys", "--max-connections", "--eviction", "--rate",
                "--batch", "--seed", "--ping-timeout", "--slow-consumer-timeout", "--bars-paced", SimulatorConfig.DEV_API_KEY);
    }

    @Test
    void rejectsBadOptionsWithAMessageAndExitCodeTwo() {
        for (List<String> args : List.of(
                List.of("--eviction", "sideways"),
                List.of("--rate", "fast"),
                List.of("--rate", "-5"),
                List.of("--batch", "0"),
                List.of("--port", "abc"),
                List.of("--port", "70000"),
                List.of("--api-keys", ""),
                List.of("--max-connections", "-1"),
                List.of("--ping-timeout", "-1"),
                List.of("--slow-consumer-timeout", "soon"),
                List.of("--no-such-option"))) {
            err.reset();
            assertThat(runQuick(args.toArray(String[]::new))).as("exit code for %s", args).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr for %s", args).startsWith("simulator: ");
        }
        assertThat(stdout()).isEmpty();
    }

    @Test
    void acceptsAnyKeyWithAStarAndMaxAsRate() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        PrintStream stdout = new PrintStream(out, true);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SimulatorCli.run(
                new String[] {"--api-keys", "*", "--rate", "max", "--max-connections", "1", "--eviction", "oldest"},
                stdout, new PrintStream(err, true), stop));
        try {
            await().atMost(WAIT).until(() -> stdout().contains("\n"));
            URI url = URI.create(stdout().trim().substring("LISTENING ".length()));

            TestClient client = TestClient.connect(clientManager, url).countOnly();
            client.awaitStatus(CONNECTED, null);
            client.auth("any-key-at-all");
            client.awaitStatus(AUTH_SUCCESS, null);
            client.subscribe("T.*");
            await().atMost(WAIT).until(() -> client.count("T") >= 10_000);

            stop.countDown();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            stop.countDown();
        }
    }

    @Test
    void barsPacedPlaysMinuteBarsAtTheRate() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        PrintStream stdout = new PrintStream(out, true);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SimulatorCli.run(
                new String[] {"--rate", "1000", "--batch", "10", "--bars-paced"}, stdout, new PrintStream(err, true), stop));
        try {
            await().atMost(WAIT).until(() -> stdout().contains("\n"));
            URI url = URI.create(stdout().trim().substring("LISTENING ".length()));
            TestClient client = TestClient.connect(clientManager, url).authenticated();
            client.subscribe("AM.AAPL");
            // Without the option one symbol's AM comes once a minute; paced, the whole rate is AAPL's bars.
            await().atMost(WAIT).until(() -> client.count("AM", "AAPL") >= 500);

            stop.countDown();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            stop.countDown();
        }
    }

    @Test
    void runsAsAProcessAndShutsDownCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stdoutFile = dir.resolve("stdout.txt");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SimulatorCli.class.getName(), "--port", "0", "--rate", "200")
                .redirectOutput(stdoutFile.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(stdoutFile).contains("\n"));
            String line = Files.readString(stdoutFile).trim();
            assertThat(line).matches("LISTENING ws://127\\.0\\.0\\.1:\\d+/stocks");
            TestClient client = TestClient.connect(clientManager, URI.create(line.substring("LISTENING ".length())))
                    .authenticated();
            client.subscribe("T.AAPL");
            await().atMost(WAIT).until(() -> client.count("T") >= 3);

            process.destroy(); // SIGTERM

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(CLOSE_GOING_AWAY);
            // 143 = 128 + SIGTERM: the JVM's status after a signal, once the shutdown hook finished.
            assertThat(process.exitValue()).isIn(0, 143);
            assertThat(Files.readAllLines(stdoutFile)).containsExactly(line);
        } finally {
            process.destroyForcibly();
        }
    }
}
