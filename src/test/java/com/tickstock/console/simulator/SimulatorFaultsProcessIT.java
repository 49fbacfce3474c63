package com.tickstock.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator as its own process, faults and clock set from its command line, seen by an outside client. */
class SimulatorFaultsProcessIT extends SimulatorTestSupport {

    @Test
    void malformedFramesAndACleanCloseFromTheCommandLineOnTheSimulatedClock(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stdoutFile = dir.resolve("stdout.txt");
        Path stats = dir.resolve("stats.json");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SimulatorCli.class.getName(), "--port", "0", "--rate", "1000", "--malformed-every", "100",
                "--close-after", "1000", "--clock", "2026-12-02T15:00:00Z", "--speed", "60",
                "--stats", stats.toString())
                .redirectOutput(stdoutFile.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(stdoutFile).contains("\n"));
            String line = Files.readString(stdoutFile).trim();
            TestClient client = TestClient.connect(clientManager, URI.create(line.substring("LISTENING ".length())))
                    .authenticated();
            client.subscribe("T.*");
            assertThat(client.awaitClosed().getCloseCode().getCode()).isEqualTo(StatusTexts.CLOSE_NORMAL);
            assertThat(client.malformedFrames()).isGreaterThanOrEqualTo(9);
            assertThat(client.count("T")).isBetween(1_000L, 1_010L);
            long day = Duration.ofDays(1).toMillis();
            long start = Instant.parse("2026-12-02T15:00:00Z").toEpochMilli();
            assertThat(client.events("T")).allSatisfy(e -> assertThat(WireEvents.longOf(e, "t"))
                    .isBetween(start, start + day));

            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // The last version of the file, written after the server closed, holds the final counts.
            String json = Files.readString(stats);
            assertThat(json).contains("\"malformed-every\":" + client.malformedFrames())
                    .contains("\"close-after\":1").contains("\"drop-every\":0")
                    .contains("\"events\":" + client.count("T"))
                    .contains("\"T.AAPL\":" + client.count("T", "AAPL"));
        } finally {
            process.destroyForcibly();
        }
    }
}
