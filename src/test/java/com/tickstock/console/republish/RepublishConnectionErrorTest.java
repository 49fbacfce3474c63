package com.tickstock.console.republish;

import com.tickstock.console.feed.DropReason;
import com.tickstock.console.republish.RepublisherStatus.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connection problems an operator has to fix: each shows as DOWN with a clear, secret-free error, ticks kept. */
class RepublishConnectionErrorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String RIGHT_PASSWORD = "correct-horse-battery-staple";
    private static final String WRONG_PASSWORD = "Tr0ub4dor-and-3";

    private RedisServerProcess redis;
    private RedisRepublisher republisher;

    @AfterEach
    void cleanUp() throws Exception {
        if (republisher != null) {
            republisher.close(Duration.ofMillis(100));
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aWrongPasswordIsReportedAsAnAuthenticationFailureWithThePasswordMasked() throws Exception {
        redis = RedisServerProcess.start("--requirepass", RIGHT_PASSWORD);
        String url = "redis://:" + WRONG_PASSWORD + "@127.0.0.1:" + redis.port();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(url)).start();
        for (int i = 0; i < 10; i++) {
            republisher.offer(Ticks.numbered(i), "connection_1");
        }

        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.DOWN);
        RepublisherStatus status = republisher.status();
        assertThat(status.lastError()).contains("authentication failed").contains("WRONGPASS")
                .contains("redis://:***@127.0.0.1:" + redis.port());
        assertThat(status.downSince()).isNotNull();
        assertThat(status.buffered()).isEqualTo(10);
        assertThat(status.droppedTotal()).isZero();
        assertThat(status.toString()).doesNotContain(WRONG_PASSWORD);
        assertThat(status.toHealthMap().toString()).doesNotContain(WRONG_PASSWORD);
        assertThat(status.appendMetrics(new StringBuilder()).toString()).doesNotContain(WRONG_PASSWORD);
        assertThat(republisher.config().toString()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void aPasswordHoldingAnAtSignIsUsedWholeAndNeverShownInPart() throws Exception {
        redis = RedisServerProcess.start("--requirepass", RIGHT_PASSWORD);
        String url = "redis://:se@cretpass@127.0.0.1:" + redis.port();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(url)).start();
        republisher.offer(Ticks.numbered(1), "connection_1");

        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.DOWN);
        RepublisherStatus status = republisher.status();
        assertThat(status.lastError()).contains("authentication failed")
                .contains("redis://:***@127.0.0.1:" + redis.port());
        for (String shown : new String[] {status.toString(), status.toHealthMap().toString(), status.target(),
                String.valueOf(status.lastError()), republisher.config().toString(),
                status.appendMetrics(new StringBuilder()).toString()}) {
            assertThat(shown).doesNotContain("cretpass").doesNotContain("se@");
        }
    }

    @Test
    void aMissingPasswordShowsRedisRefusingCommandsAndKeepsTheTicks() throws Exception {
        redis = RedisServerProcess.start("--requirepass", RIGHT_PASSWORD);
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url())).start();
        for (int i = 0; i < 10; i++) {
            republisher.offer(Ticks.numbered(i), "connection_1");
        }

        await().atMost(PATIENCE).until(() -> republisher.status().state() == State.DOWN);
        await().atMost(PATIENCE).until(() -> String.valueOf(republisher.status().lastError()).contains("NOAUTH"));
        RepublisherStatus status = republisher.status();
        assertThat(status.published()).isZero();
        assertThat(status.buffered()).isEqualTo(10);
        assertThat(status.droppedTotal()).isZero();
    }

    @Test
    void anAclUserWithPasswordFromTheUrlCanPublish() throws Exception {
        redis = RedisServerProcess.start();
        assertThat(redis.command("ACL", "SETUSER", "ticker", "on", ">p@ss:word", "resetchannels", "&tickstock:*",
                "-@all", "+publish", "+hello", "+auth", "+client", "+ping", "+select")).isEqualTo("+OK");
        String url = "redis://ticker:p%40ss%3Aword@127.0.0.1:" + redis.port();
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(url)).start();
        try (TickSubscriber subscriber = TickSubscriber.counting(redis.url(), RepublisherConfig.DEFAULT_CHANNEL)) {
            republisher.offer(Ticks.numbered(1), "connection_1");
            await().atMost(PATIENCE).until(() -> republisher.status().published() == 1);
            await().atMost(PATIENCE).until(() -> subscriber.count() == 1);
        }
        assertThat(republisher.status().state()).isEqualTo(State.CONNECTED);
    }

    @Test
    void aCommandRedisRejectsForGoodIsDroppedAsPublishFailed() throws Exception {
        redis = RedisServerProcess.start();
        String key = "test:not-a-stream";
        assertThat(redis.command("SET", key, "a string, so XADD gets WRONGTYPE")).isEqualTo("+OK");
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redis.url()).withChannel(key)
                .withMode(RepublisherConfig.Mode.STREAM)).start();
        for (int i = 0; i < 5; i++) {
            republisher.offer(Ticks.numbered(i), "connection_1");
        }

        await().atMost(PATIENCE).until(() -> republisher.status().dropped(DropReason.PUBLISH_FAILED) == 5);
        RepublisherStatus status = republisher.status();
        assertThat(status.lastError()).contains("WRONGTYPE");
        assertThat(status.buffered()).isZero();
        assertThat(status.isReconciled()).isTrue();
    }

    @Test
    void tlsToAServerThatDoesNotSpeakTlsFailsTheHandshakeVisibly() throws Exception {
        // A plain-text server answering at once, as a Redis without TLS does on a full command line.
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (Socket client = plain.accept()) {
                        client.getOutputStream().write("-ERR this port speaks plain RESP\r\n".getBytes(StandardCharsets.US_ASCII));
                        client.getOutputStream().flush();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "plain-server");
            server.start();
            republisher = new RedisRepublisher(RepublisherConfig.fromUrl(
                    "rediss://:" + WRONG_PASSWORD + "@127.0.0.1:" + plain.getLocalPort() + "?verifyPeer=none")).start();
            republisher.offer(Ticks.numbered(1), "connection_1");

            await().atMost(PATIENCE).until(() -> republisher.status().state() == State.DOWN);
            RepublisherStatus status = republisher.status();
            assertThat(status.lastError()).contains("TLS handshake failed").contains("rediss://:***@")
                    .doesNotContain(WRONG_PASSWORD);
            assertThat(status.buffered()).isEqualTo(1);
            republisher.close(Duration.ofMillis(100));
            republisher = null;
        }
    }
}
