package com.tickstock.console.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static com.tickstock.console.config.ConfigFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lettuce's Sentinel form of REDIS_URL: parsed, checked with the key named, masked, and its syntax hint kept. */
class SentinelUrlTest {

    @TempDir
    Path dir;

    @Test
    void sentinelsMasterDatabaseAndCredentialsAreRead() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://ticker:p%40ss@s1.example:26380,s2.example,[::1]:26381/3#prod");
        assertThat(url.sentinel()).isTrue();
        assertThat(url.sentinels()).containsExactly("s1.example:26380", "s2.example:26379", "[::1]:26381");
        assertThat(url.master()).isEqualTo("prod");
        assertThat(url.database()).isEqualTo(3);
        assertThat(url.username()).isEqualTo("ticker");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.masked()).isEqualTo("redis-sentinel://ticker:***@s1.example:26380,s2.example:26379,[::1]:26381/3#prod")
                .doesNotContain("p@ss");
        assertThat(url.toString()).doesNotContain("p@ss");
    }

    @Test
    void theMasterMayComeAsTheSentinelMasterIdParameter() {
        RedisUrl url = RedisUrl.parse("rediss-sentinel://10.0.0.1:26379?sentinelMasterId=prod&verifyPeer=ca");
        assertThat(url.tls()).isTrue();
        assertThat(url.master()).isEqualTo("prod");
        assertThat(url.verifyPeer()).isEqualTo("ca");
        assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://10.0.0.1?sentinelMasterId=a#b"))
                .hasMessageContaining("two different masters");
    }

    @Test
    void aPlainRedisIsUnchanged() {
        RedisUrl url = RedisUrl.parse("redis://localhost:6380/1");
        assertThat(url.sentinel()).isFalse();
        assertThat(url.sentinels()).isEmpty();
        assertThat(url).isEqualTo(new RedisUrl(false, "localhost", 6380, 1, null, null, "full"));
    }

    @Test
    void aSentinelUrlWithoutMasterIsAConfigurationErrorNamingTheKeyWithTheHintIntact() {
        ConfigException e = ConfigFixture.failure(dir,
                minimal("REDIS_URL", "redis-sentinel://:hunter22secret@127.0.0.1:26379,127.0.0.1:26380"));
        List<ConfigProblem> problems = e.problems();
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("REDIS_URL");
        String message = problems.get(0).message();
        assertThat(message).startsWith("REDIS_URL='")
                .contains("names no master: end it with #MASTER")
                .contains("redis-sentinel://host[:port][,host[:port]...][/db]#MASTER")
                .doesNotContain("hunter22secret");
    }

    @Test
    void badSentinelPartsAreNamed() {
        assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://#m")).hasMessageContaining("has no sentinel");
        assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://h:1,h:99999#m"))
                .hasMessageContaining("port 99999; a port is 1..65535");
        assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://h#bad name"))
                .hasMessageContaining("bad master name");
        assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://h?timeout=1#m"))
                .hasMessageContaining("verifyPeer (full|ca|none) and sentinelMasterId");
        assertThatThrownBy(() -> RedisUrl.parse("sentinel://h#m")).hasMessageContaining("redis-sentinel");
    }

    @Test
    void replicasAckIsReadForStreamsAndRefusedForPubSubWithTheKeyNamed() {
        assertThat(ConfigFixture.load(dir, minimal("REDIS_URL", "redis://h", "REDIS_MODE", "stream",
                "REDIS_REPLICAS_ACK", "2")).redis().replicasAck()).isEqualTo(2);
        assertThat(ConfigFixture.load(dir, minimal("REDIS_URL", "redis://h")).redis().replicasAck()).isZero();
        assertThat(ConfigFixture.failure(dir, minimal("REDIS_URL", "redis://h", "REDIS_REPLICAS_ACK", "1"))
                .problems().get(0).message()).startsWith("REDIS_REPLICAS_ACK='1'").contains("needs REDIS_MODE=stream");
        assertThat(ConfigFixture.failure(dir, minimal("REDIS_URL", "redis://h", "REDIS_MODE", "stream",
                "REDIS_REPLICAS_ACK", "17")).problems().get(0).message()).startsWith("REDIS_REPLICAS_ACK='17'")
                .contains("out of range");
    }
}
