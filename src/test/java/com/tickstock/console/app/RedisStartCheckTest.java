package com.tickstock.console.app;

import com.tickstock.console.config.ConfigException;
import com.tickstock.console.config.RedisSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up check that turns unreachable sentinels into a configuration error (exit 2), never a fallback. */
class RedisStartCheckTest {

    @Test
    void noReachableSentinelIsAConfigurationErrorNamingTheKeyWithThePasswordMasked() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again below: nothing listens there
        }
        String url = "redis-sentinel://:hunter22secret@127.0.0.1:" + port + "#prod";
        RedisSettings redis = new RedisSettings(true, url, "c", RedisSettings.Format.PER_TICK,
                RedisSettings.Mode.STREAM, 1000);
        assertThatThrownBy(() -> RedisStartCheck.check(redis))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_URL 'redis-sentinel://****@127.0.0.1:" + port + "/0#prod' reaches no sentinel")
                .hasMessageContaining("does not fall back to a plain Redis")
                .hasMessageNotContaining("hunter22secret");
    }

    @Test
    void noReachableClusterSeedIsAConfigurationErrorNamingTheKeyWithThePasswordMasked() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again below: nothing listens there
        }
        String url = "redis-cluster://:hunter22secret@127.0.0.1:" + port;
        RedisSettings redis = new RedisSettings(true, url, "c", RedisSettings.Format.PER_TICK,
                RedisSettings.Mode.STREAM, 1000);
        assertThatThrownBy(() -> RedisStartCheck.check(redis))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_URL 'redis-cluster://****@127.0.0.1:" + port + "' reaches no seed node")
                .hasMessageContaining("does not fall back to a plain Redis")
                .hasMessageNotContaining("hunter22secret");
    }

    @Test
    void aPlainRedisIsNotCheckedAtStartSinceItMayComeUpLater() {
        RedisSettings redis = new RedisSettings(true, "redis://127.0.0.1:1", "c", RedisSettings.Format.PER_TICK,
                RedisSettings.Mode.PUBSUB, 1000);
        assertThatCode(() -> RedisStartCheck.check(redis)).doesNotThrowAnyException();
    }
}
