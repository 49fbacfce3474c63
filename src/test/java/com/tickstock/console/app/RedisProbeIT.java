package com.tickstock.console.app;

import com.tickstock.console.republish.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The self-test's downstream view of Redis against a real redis-server: SUBSCRIBE and stream XREAD. */
class RedisProbeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void needsRedis() {
    }

    @Test
    void countsWhatIsPublishedOnTheChannelAfterItListens() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisProbe probe = RedisProbe.listen(redis.url(), "tickstock:market:ticks", false, WAIT)) {
            assertThat(probe.received()).isZero();
            for (int i = 0; i < 3; i++) {
                assertThat(redis.command("PUBLISH", "tickstock:market:ticks", "{\"n\":" + i + "}")).isEqualTo(":1");
            }
            redis.command("PUBLISH", "another:channel", "{}");
            assertThat(probe.awaitFirst(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> probe.received() == 3);
        }
    }

    @Test
    void countsEntriesAddedToTheStreamAfterItListens() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            redis.command("XADD", "ticks", "*", "data", "before");
            try (RedisProbe probe = RedisProbe.listen(redis.url() + "/0", "ticks", true, WAIT)) {
                // XREAD from "$" starts with the reader's first call: add entries until it has seen one.
                await().atMost(WAIT).until(() -> {
                    redis.command("XADD", "ticks", "*", "data", "after");
                    return probe.received() > 0;
                });
                assertThat(probe.awaitFirst(Duration.ZERO)).isTrue();
            }
        }
    }

    @Test
    void aWrongPasswordIsAnErrorNamingAuth() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisProbe.listen(
                    redis.url().replace("redis://", "redis://:wrong@"), "c", false, WAIT))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("AUTH");
        }
    }

    @Test
    void aUrlIsReadAsTheConfigurationReadsItAPasswordWithAnAtSignIncluded() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "se@cretpass");
             RedisProbe probe = RedisProbe.listen("redis://:se@cretpass@127.0.0.1:" + redis.port(), "c", false, WAIT)) {
            assertThat(probe.received()).isZero();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisProbe.listen(
                "redis://:se@cretpass@127.0.0.1:99999", "c", false, WAIT))
                .hasMessageContaining("port 99999").hasMessageNotContaining("cretpass");
    }
}
