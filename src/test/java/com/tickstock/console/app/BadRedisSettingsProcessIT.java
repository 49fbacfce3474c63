package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad {@code REDIS_SHARDS} and {@code REDIS_URL} values from the environment of a headless console started as
 * {@code bin/tickstock --headless} starts it: each exits 2 before connecting anything, naming the key and the value,
 * with a password in the URL masked in everything the process writes.
 */
class BadRedisSettingsProcessIT {

    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final String PASSWORD = "hunter2-s3cret-pass";
    private static final String ANY_REDIS = "redis://127.0.0.1:1";

    @TempDir
    Path dir;

    /** One bad setting: the environment, and what stderr must name. */
    private record Case(Map<String, String> environment, List<String> named) {
    }

    private static Case of(String key, String value, String... named) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REDIS_URL", ANY_REDIS);
        environment.put(key, value);
        return new Case(environment, List.of(named));
    }

    @Test
    void badRedisShardsAndRedisUrlValuesExitTwoNamingTheKeyWithThePasswordMasked() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        Case batch = of("REDIS_SHARDS", "4", "REDIS_SHARDS", "4", "REDIS_FORMAT=per_tick");
        batch.environment().put("REDIS_FORMAT", "batch");
        List<Case> cases = List.of(
                of("REDIS_SHARDS", "0", "REDIS_SHARDS", "'0'"),
                of("REDIS_SHARDS", "many", "REDIS_SHARDS", "many"),
                of("REDIS_SHARDS", "4096", "REDIS_SHARDS", "4096"),
                of("REDIS_SHARDS", "-3", "REDIS_SHARDS", "-3"),
                batch,
                of("REDIS_URL", "redis://:" + PASSWORD + "@localhost:notaport", "REDIS_URL", "notaport",
                        "redis://****@localhost:notaport"),
                // The host forgotten: the password reads as a port.
                of("REDIS_URL", "redis://ops:" + PASSWORD, "REDIS_URL", "redis://ops:***", "bad port"),
                of("REDIS_URL", "http://ops:" + PASSWORD + "@localhost", "REDIS_URL", "scheme 'http'"),
                of("REDIS_URL", "redis://:" + PASSWORD + "@localhost:6379/0?password=" + PASSWORD, "REDIS_URL",
                        "unknown parameter 'password'"),
                of("REDIS_URL", "redis:// " + PASSWORD + "@localhost", "REDIS_URL", "user info without ':'"));
        List<AppProcess> apps = new ArrayList<>();
        try {
            // All at once: each is a JVM start, and none of them gets to connect to anything.
            for (Case c : cases) {
                apps.add(AppProcess.startWithEnvironment(c.environment(), List.of(), "--headless", "--config",
                        config.toString(), "--status-port", "0"));
            }
            for (int i = 0; i < cases.size(); i++) {
                AppProcess app = apps.get(i);
                Case c = cases.get(i);
                int exit = app.exitCode(EXIT);
                assertThat(exit).as("%s: %s %s", c.environment(), app.stdout(), app.stderr()).isEqualTo(2);
                assertThat(app.stderr()).as("%s", c.environment()).contains(c.named()).doesNotContain("\tat ");
                assertThat(app.stdout() + app.stderr()).as("%s", c.environment()).doesNotContain(PASSWORD);
            }
        } finally {
            for (AppProcess app : apps) {
                app.close();
            }
        }
    }
}
