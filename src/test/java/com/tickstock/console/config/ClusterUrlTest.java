package com.tickstock.console.config;

import com.tickstock.console.republish.RedisEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import static com.tickstock.console.config.ConfigFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis Cluster form of REDIS_URL: seed nodes read, checked with the key named, masked. */
class ClusterUrlTest {

    @TempDir
    Path dir;

    @Test
    void seedNodesAndCredentialsAreReadAndTheUrlIsMasked() {
        RedisUrl url = RedisUrl.parse("redis-cluster://ticker:p%40ss@n1.example:7000,n2.example,[::1]:7002");
        assertThat(url.cluster()).isTrue();
        assertThat(url.sentinel()).isFalse();
        assertThat(url.seeds()).containsExactly("n1.example:7000", "n2.example:6379", "[::1]:7002");
        assertThat(url.host()).isEqualTo("n1.example");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.masked()).isEqualTo("redis-cluster://ticker:***@n1.example:7000,n2.example:6379,[::1]:7002")
                .doesNotContain("p@ss");
        assertThat(RedisUrl.parse("rediss-cluster://n1:7000?verifyPeer=none").tls()).isTrue();
        assertThat(RedisUrl.parse("redis://n1:7000").seeds()).isEmpty();
    }

    @Test
    void theEndpointKeepsTheSeedsAndRefusesToActAsOneNode() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis-cluster://:s3cret-pw@127.0.0.1:7000,127.0.0.1:7001");
        assertThat(endpoint.cluster()).isTrue();
        assertThat(endpoint.seeds()).extracting(InetSocketAddress::getPort).containsExactly(7000, 7001);
        assertThat(endpoint.masked()).isEqualTo("redis-cluster://:***@127.0.0.1:7000,127.0.0.1:7001");
        // The feeder, lease and attach build a single node's URI: never the first seed as a silent plain Redis.
        assertThatThrownBy(endpoint::toRedisUri).hasMessageContaining("is a Redis Cluster")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void aDatabaseOrAMasterNameIsRefused() {
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://n1:7000/2"))
                .hasMessageContaining("a Redis Cluster has only database 0");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://n1:7000#prod"))
                .hasMessageContaining("no master name");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://"))
                .hasMessageContaining("has no seed node");
    }

    @Test
    void aBadSeedIsAConfigurationErrorNamingTheKeyWithThePasswordMasked() {
        ConfigException e = ConfigFixture.failure(dir,
                minimal("REDIS_URL", "redis-cluster://:hunter22secret@127.0.0.1:7000,127.0.0.1:99999"));
        List<ConfigProblem> problems = e.problems();
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("REDIS_URL");
        assertThat(problems.get(0).message()).contains("port 99999").doesNotContain("hunter22secret")
                .contains("redis-cluster://host[:port][,host[:port]...]");
    }
}
