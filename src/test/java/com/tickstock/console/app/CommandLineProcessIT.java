package com.tickstock.console.app;

import com.tickstock.console.republish.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --self-test} and the configuration options, run as separate processes like {@code bin/tickstock}. */
class CommandLineProcessIT {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void selfTestPassesAgainstTheSimulatorWhateverTheApiKeyAndNamesEachConnection() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        String key = "someRealLookingKey0123456789";
        try (AppProcess app = AppProcess.start("--self-test", "--config", config.toString(),
                "--set", "MASSIVE_API_KEY=" + key)) {
            assertThat(app.exitCode(EXIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isZero();
            assertThat(app.out).anySatisfy(l -> assertThat(l).startsWith("SELF-TEST connection_1 (primary) OK"))
                    .anySatisfy(l -> assertThat(l).startsWith("SELF-TEST connection_2 (secondary) OK"))
                    .anySatisfy(l -> assertThat(l).startsWith("SELF-TEST connection_3 (tertiary) OK"))
                    // zstd is native code loaded from its jar: the launcher's module path must carry it.
                    .anySatisfy(l -> assertThat(l).isEqualTo("SELF-TEST recording compression zstd OK"))
                    .anySatisfy(l -> assertThat(l).startsWith("SELF-TEST PASSED"));
            assertThat(app.stdout()).contains("embedded simulator").doesNotContain(key);
            assertThat(app.stderr()).doesNotContain(key);
            // The verdict reports its run time; how long it takes is a figure, not something a test can hold on a busy machine.
            assertThat(app.out).anySatisfy(l -> assertThat(l).matches("SELF-TEST PASSED in [0-9.]+ s"));
        }
    }

    @Test
    void withRedisTheSelfTestChecksThatASubscriberReceivesTicks() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (RedisServerProcess redis = RedisServerProcess.start();
             AppProcess app = AppProcess.start("--self-test", "--config", config.toString(),
                     "--set", "REDIS_URL=" + redis.url())) {
            assertThat(app.exitCode(EXIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isZero();
            assertThat(app.out).anySatisfy(l -> assertThat(l).startsWith("SELF-TEST redis ")
                    .contains("tickstock:market:ticks OK: a subscriber received"));
        }
        // Redis gone: the self-test says so and fails.
        try (AppProcess app = AppProcess.start("--self-test", "--config", config.toString(),
                "--set", "REDIS_URL=redis://127.0.0.1:1")) {
            assertThat(app.exitCode(EXIT)).isEqualTo(1);
            assertThat(app.out).anySatisfy(l -> assertThat(l).startsWith("SELF-TEST redis ").contains("FAILED"))
                    .anySatisfy(l -> assertThat(l).startsWith("SELF-TEST FAILED"));
        }
    }

    @Test
    void aMisspelledKeyFailsTheSelfTestWithExitTwoInsteadOfSilentlyTurningRedisOff() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (AppProcess app = AppProcess.start("--self-test", "--config", config.toString(),
                "--set", "REDIS_ULR=redis://127.0.0.1:6379")) {
            assertThat(app.exitCode(EXIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isEqualTo(2);
            assertThat(app.stderr()).contains("REDIS_ULR (command line) is not a known key; did you mean REDIS_URL?")
                    .doesNotContain("Exception");
            assertThat(app.out).noneSatisfy(l -> assertThat(l).startsWith("SELF-TEST PASSED"));
        }
    }

    @Test
    void aPartThatDiesFailsTheSelfTest() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        try (AppProcess app = AppProcess.startWithJvmOptions(List.of("-D" + FaultHook.FAIL_DISPATCH + "=connection_2"),
                "--self-test", "--config", config.toString())) {
            assertThat(app.exitCode(EXIT)).as("stdout: %s%nstderr: %s", app.stdout(), app.stderr()).isEqualTo(1);
            // On the socket thread: every consumer of the self-test's console is non-blocking.
            assertThat(app.out).anySatisfy(l -> assertThat(l).matches("SELF-TEST connection_2-dispatch FAILED: thread"
                            + " feed-socket\\(\\d+\\) died of OutOfMemoryError: injected by "
                            + java.util.regex.Pattern.quote(FaultHook.FAIL_DISPATCH)))
                    .anySatisfy(l -> assertThat(l).startsWith("SELF-TEST connection_1 (primary) OK"))
                    .anySatisfy(l -> assertThat(l).startsWith("SELF-TEST FAILED"));
        }
    }

    @Test
    void aConfigErrorExitsTwoNamingTheKeyWithoutAStackTrace() throws Exception {
        try (AppProcess app = AppProcess.start("--self-test", "--set", "WEBSOCKET_CONNECTIONS_MAX=9")) {
            assertThat(app.exitCode(EXIT)).isEqualTo(2);
            assertThat(app.stderr()).contains("WEBSOCKET_CONNECTIONS_MAX").contains("9")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(app.stdout()).doesNotContain("SELF-TEST");
        }
    }

    @Test
    void aMissingConfigFileIsAnErrorNamingIt() throws Exception {
        Path missing = dir.resolve("no-such.env");
        try (AppProcess app = AppProcess.start("--headless", "--config", missing.toString())) {
            assertThat(app.exitCode(EXIT)).isEqualTo(2);
            assertThat(app.stderr()).contains(missing.toString()).doesNotContain("\tat ");
        }
    }

    @Test
    void aMalformedSetIsAUsageError() throws Exception {
        try (AppProcess app = AppProcess.start("--headless", "--set", "no-equals-sign")) {
            assertThat(app.exitCode(EXIT)).isEqualTo(2);
            assertThat(app.stderr()).contains("--set").contains("no-equals-sign").contains("tickstock --help")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void conflictingModesAndABadPortAreUsageErrors() throws Exception {
        try (AppProcess both = AppProcess.start("--headless", "--self-test");
             AppProcess port = AppProcess.start("--headless", "--status-port", "70000");
             AppProcess notANumber = AppProcess.start("--headless", "--status-port", "http")) {
            assertThat(both.exitCode(EXIT)).isEqualTo(2);
            assertThat(both.stderr()).contains("--headless").contains("--self-test");
            assertThat(port.exitCode(EXIT)).isEqualTo(2);
            assertThat(port.stderr()).contains("--status-port").contains("70000");
            assertThat(notANumber.exitCode(EXIT)).isEqualTo(2);
            assertThat(notANumber.stderr()).contains("--status-port").contains("http");
        }
    }

    @Test
    void helpListsTheNewOptions() throws Exception {
        try (AppProcess app = AppProcess.start("--help")) {
            assertThat(app.exitCode(EXIT)).isZero();
            assertThat(app.stdout()).contains("--config", "--set", "--headless", "--self-test", "--status-port");
        }
    }
}
