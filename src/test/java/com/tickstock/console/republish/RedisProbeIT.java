package com.tickstock.console.republish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-test's downstream view of Redis against a real redis-server (SUBSCRIBE and stream
 * XREAD), and against a TLS server with a self-signed certificate: it verifies the peer exactly
 * as {@code REDIS_URL} says, like the republisher.
 */
class RedisProbeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "probe-s3cret-pw";

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
    void aWrongPasswordIsAnErrorNamingAuthThatNeverShowsThePassword() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "the-right-one")) {
            String url = redis.url().replace("redis://", "redis://:" + PASSWORD + "@");
            assertThatThrownBy(() -> RedisProbe.listen(url, "c", false, WAIT))
                    .isInstanceOf(IOException.class).hasMessageContaining("AUTH")
                    .hasMessageContaining("redis://:***@127.0.0.1:" + redis.port())
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void verifyPeerNoneIsHonouredOverTls(@TempDir Path dir) throws Exception {
        try (SelfSignedTlsServer server = new SelfSignedTlsServer(dir)) {
            String url = "rediss://:" + PASSWORD + "@127.0.0.1:" + server.port() + "?verifyPeer=none";
            assertThatThrownBy(() -> RedisProbe.listen(url, "c", false, Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageNotContaining(PASSWORD);
            // It is not Redis, so listening fails; but the handshake was made, as REDIS_URL asked.
            await().atMost(WAIT).until(() -> server.saw.contains("handshake completed"));
        }
    }

    @Test
    void anUntrustedCertificateStopsItBeforeThePasswordIsSent(@TempDir Path dir) throws Exception {
        try (SelfSignedTlsServer server = new SelfSignedTlsServer(dir)) {
            String url = "rediss://:" + PASSWORD + "@127.0.0.1:" + server.port();
            assertThatThrownBy(() -> RedisProbe.listen(url, "c", false, Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageContaining("TLS handshake failed")
                    .hasMessageNotContaining(PASSWORD);
            await().atMost(WAIT).until(() -> !server.saw.isEmpty());
            assertThat(server.saw).noneMatch(s -> s.equals("handshake completed"))
                    .allSatisfy(s -> assertThat(s).doesNotContain(PASSWORD));
        }
    }

    @Test
    void itConnectsWithTheRepublishersUriSoHostNamesAreCheckedAsConfigured() {
        for (String query : List.of("", "?verifyPeer=full", "?verifyPeer=ca", "?verifyPeer=none")) {
            RedisEndpoint endpoint = RedisEndpoint.parse("rediss://user:" + PASSWORD + "@cache.example:6380/3" + query);
            RedisURI republisher = RedisConnector.toRedisUri(endpoint);
            RedisURI probe = RedisProbe.uriFor(endpoint, Duration.ofSeconds(3));
            assertThat(probe.getVerifyMode()).as(query).isEqualTo(republisher.getVerifyMode());
            assertThat(probe.isSsl()).isTrue();
            assertThat(probe.getHost()).isEqualTo("cache.example");
            assertThat(probe.getPort()).isEqualTo(6380);
            assertThat(probe.getDatabase()).isEqualTo(3);
            assertThat(probe.getCredentialsProvider().resolveCredentials().block().getPassword())
                    .isEqualTo(PASSWORD.toCharArray());
        }
        assertThat(RedisProbe.uriFor(RedisEndpoint.parse("rediss://cache.example"), Duration.ofSeconds(3))
                .getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
    }

    /** A TLS server with a fresh self-signed certificate; records whether a handshake completed and what came. */
    private static final class SelfSignedTlsServer implements AutoCloseable {
        final List<String> saw = new CopyOnWriteArrayList<>();
        private final SSLServerSocket server;

        SelfSignedTlsServer(Path dir) throws Exception {
            SSLContext tls = SelfSignedTls.serverContext(dir);
            server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::serve, "self-signed-tls-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(10_000);
                    socket.startHandshake();
                    saw.add("handshake completed"); // only if the client accepted the certificate
                    byte[] buf = new byte[4096];
                    int n = socket.getInputStream().read(buf);
                    saw.add(n > 0 ? new String(buf, 0, n, StandardCharsets.UTF_8) : "");
                } catch (Exception e) {
                    if (!server.isClosed()) {
                        saw.add("failed: " + e.getClass().getSimpleName());
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
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
                .hasMessageContaining("99999").hasMessageNotContaining("cretpass");
    }
}
