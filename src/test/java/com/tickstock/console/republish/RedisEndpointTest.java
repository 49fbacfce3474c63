package com.tickstock.console.republish;

import com.tickstock.console.republish.RedisEndpoint.VerifyPeer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisEndpointTest {

    @Test
    void aPlainUrlDefaultsToPort6379AndDatabase0WithoutTls() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://localhost");
        assertThat(endpoint).isEqualTo(new RedisEndpoint(false, "localhost", 6379, 0, null, null, VerifyPeer.FULL));
        assertThat(endpoint.masked()).isEqualTo("redis://localhost:6379/0");
    }

    @Test
    void redissMeansTlsWithFullPeerVerificationByDefault() {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://:s3cret@cache.example.com:6380/2");
        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.host()).isEqualTo("cache.example.com");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(endpoint.database()).isEqualTo(2);
        assertThat(endpoint.password()).isEqualTo("s3cret");
        assertThat(endpoint.username()).isNull();
        assertThat(endpoint.verifyPeer()).isEqualTo(VerifyPeer.FULL);

        RedisURI uri = RedisConnector.toRedisUri(endpoint);
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(2);
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword()).containsExactly("s3cret".toCharArray());
    }

    @ParameterizedTest
    @CsvSource({"full,FULL", "true,FULL", "ca,CA", "none,NONE", "false,NONE", "NONE,NONE"})
    void verifyPeerCanBeRelaxedForLabSetups(String value, VerifyPeer expected) {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://redis.lab:6380?verifyPeer=" + value);
        assertThat(endpoint.verifyPeer()).isEqualTo(expected);
        assertThat(RedisConnector.toRedisUri(endpoint).getVerifyMode()).isEqualTo(SslVerifyMode.valueOf(expected.name()));
    }

    @Test
    void anAclUserAndAPercentEncodedPasswordAreDecoded() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://ticker:p%40ss%3Aw+rd%2F@10.0.0.5:7000");
        assertThat(endpoint.username()).isEqualTo("ticker");
        assertThat(endpoint.password()).isEqualTo("p@ss:w+rd/");
        assertThat(endpoint.masked()).isEqualTo("redis://ticker:***@10.0.0.5:7000/0");
        RedisURI uri = RedisConnector.toRedisUri(endpoint);
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getUsername()).isEqualTo("ticker");
    }

    @Test
    void anIpv6HostKeepsItsPort() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://[::1]:6390/1");
        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint.port()).isEqualTo(6390);
        assertThat(endpoint.masked()).isEqualTo("redis://[::1]:6390/1");
    }

    @Test
    void toStringNeverShowsThePassword() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://:hunter22@localhost");
        assertThat(endpoint.toString()).isEqualTo("redis://:***@localhost:6379/0").doesNotContain("hunter22");
        assertThat(RepublisherConfig.fromUrl("redis://:hunter22@localhost").toString()).doesNotContain("hunter22");
    }

    @Test
    void scrubRemovesThePasswordFromForeignMessages() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://:hunter22@localhost");
        assertThat(endpoint.scrub("AUTH hunter22 failed")).isEqualTo("AUTH *** failed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://:hunter22@localhost:6379|scheme 'http'",
            "redis-socket:///tmp/redis.sock|scheme 'redis-socket'",
            "localhost:6379|is not a URL",
            "redis://:hunter22@|has no host",
            "redis://:hunter22@localhost:99999|port 99999",
            "redis://:hunter22@localhost:63x9|bad port",
            "redis://:hunter22@localhost/zero|bad database",
            "rediss://:hunter22@localhost?verifyPeer=maybe|verifyPeer='maybe'",
            "redis://:hunter22@localhost?timeout=5|unknown parameter 'timeout'",
            "redis://:hunter22@localhost:6379/0%|bad database",
            "redis://:hun%2ter22@localhost|bad %-escape"})
    void badUrlsAreRejectedWithTheProblemNamedAndThePasswordMasked(String url, String problem) {
        assertThatThrownBy(() -> RedisEndpoint.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REDIS_URL")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("hunter22")
                .hasMessageNotContaining("hun%2ter22");
    }

    @Test
    void userInfoWithoutAColonIsAmbiguousAndRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://hunter22@localhost"))
                .hasMessageContaining("user info without ':'")
                .hasMessageContaining("redis://***@localhost")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void anEmptyUrlSaysWhatIsExpected() {
        assertThatThrownBy(() -> RedisEndpoint.parse("  ")).hasMessageContaining("REDIS_URL is empty")
                .hasMessageContaining("rediss://");
    }

    @Test
    void aSentinelUrlBecomesLettucesSentinelUriWithEverySentinelAndTheMaster() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis-sentinel://:s3cret@10.0.0.1:26380,10.0.0.2/4#prod");
        assertThat(endpoint.sentinel()).isTrue();
        assertThat(endpoint.masked()).isEqualTo("redis-sentinel://:***@10.0.0.1:26380,10.0.0.2:26379/4#prod");
        RedisURI uri = endpoint.toRedisUri();
        assertThat(uri.getSentinelMasterId()).isEqualTo("prod");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", 26380),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.2", 26379));
        assertThat(uri.getDatabase()).isEqualTo(4);
        assertThat(new String(uri.getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("s3cret");
    }
}
