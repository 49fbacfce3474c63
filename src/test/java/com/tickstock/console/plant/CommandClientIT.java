package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.republish.RedisServerProcess;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --command} against a real redis-server and a feeder that speaks the contract. */
class CommandClientIT {

    private static RedisServerProcess redis;
    private FakeFeeder feeder;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void stopFeeder() throws Exception {
        if (feeder != null) {
            feeder.close();
        }
        redis.command("FLUSHALL");
    }

    private void startFeeder(String group) {
        feeder = new FakeFeeder(redis.url(), group, "feeder-a");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !redis.command("EXISTS", "tickstock:" + group
                + ":feeder").equals(":0") && !redis.command("EXISTS", "tickstock:" + group + ":commands").equals(":0"));
    }

    private static CommandClient.Reply send(String url, String group, String command, Duration timeout) {
        try (CommandClient client = new CommandClient(RedisUrl.parse(url), group, timeout)) {
            return client.send(AttachCommand.parse(command), "alice", "desk-7");
        }
    }

    @Test
    void aCommandIsAnsweredByTheFeederWithWhoAsked() {
        startFeeder("desk");
        CommandClient.Reply reply = send(redis.url(), "desk", "subscribe NEWT AAPL", CommandClient.REPLY_TIMEOUT);

        assertThat(reply).isEqualTo(new CommandClient.Reply(true, "feeder feeder-a: subscribe NEWT AAPL done"));
        assertThat(feeder.received).hasSize(1);
        assertThat(feeder.received.get(0)).containsEntry("command", "subscribe").containsEntry("args", "NEWT AAPL")
                .containsEntry("user", "alice").containsEntry("host", "desk-7").containsKey("id");
    }

    @Test
    void aRefusalCarriesTheFeedersReason() {
        startFeeder("default");
        feeder.answer = c -> Map.entry(false, "no connection connection_9");
        CommandClient.Reply reply = send(redis.url(), "default", "move NEWT connection_9", CommandClient.REPLY_TIMEOUT);
        assertThat(reply).isEqualTo(new CommandClient.Reply(false, "feeder feeder-a: no connection connection_9"));
    }

    @Test
    void withoutAHeartbeatTheAnswerIsNoFeederAtOnce() {
        long start = System.nanoTime();
        CommandClient.Reply reply = send(redis.url(), "default", "reconnect", CommandClient.REPLY_TIMEOUT);
        assertThat(reply).isEqualTo(new CommandClient.Reply(false, "no feeder in group default"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aFeederThatDoesNotAnswerIsNamedAfterTheTimeout() {
        startFeeder("default");
        feeder.answer = c -> null;
        long start = System.nanoTime();
        CommandClient.Reply reply = send(redis.url(), "default", "disconnect connection_1", Duration.ofSeconds(1));
        assertThat(reply.ok()).isFalse();
        assertThat(reply.text()).startsWith("no answer from feeder feeder-a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    @Test
    void aViewerIsRefusedByRedisAndToldSoInWords() throws Exception {
        startFeeder("default");
        assertThat(redis.command("ACL", "SETUSER", "viewer", "reset", "on", ">viewer-pw-123", "~tickstock:*",
                "&*", "+@read", "+@connection")).isEqualTo("+OK");

        CommandClient.Reply reply = send("redis://viewer:viewer-pw-123@127.0.0.1:" + redis.port(), "default",
                "subscribe NEWT", CommandClient.REPLY_TIMEOUT);

        assertThat(reply.ok()).isFalse();
        assertThat(reply.text()).startsWith("this Redis user may not send commands (ACL)")
                .doesNotContain("viewer-pw-123");
        assertThat(feeder.received).isEmpty();
    }

    @Test
    void anUnreachableRedisIsSaidWithTheUrlMasked() throws Exception {
        try (RedisServerProcess down = RedisServerProcess.notStarted()) {
            CommandClient.Reply reply = send("redis://op:secret-pw-9@127.0.0.1:" + down.port(), "default", "connect",
                    CommandClient.REPLY_TIMEOUT);
            assertThat(reply.ok()).isFalse();
            assertThat(reply.text()).startsWith("cannot reach Redis at redis://op:***@127.0.0.1:" + down.port())
                    .doesNotContain("secret-pw-9");
        }
    }

    @Test
    void twoConsolesSendingAtOnceEachGetTheirOwnReply() throws Exception {
        startFeeder("default");
        java.util.concurrent.CompletableFuture<CommandClient.Reply> first = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> send(redis.url(), "default", "subscribe AAA", CommandClient.REPLY_TIMEOUT),
                        r -> new Thread(r, "console-1").start());
        java.util.concurrent.CompletableFuture<CommandClient.Reply> second = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> send(redis.url(), "default", "unsubscribe BBB", CommandClient.REPLY_TIMEOUT),
                        r -> new Thread(r, "console-2").start());

        assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(new CommandClient.Reply(true, "feeder feeder-a: subscribe AAA done"));
        assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(new CommandClient.Reply(true, "feeder feeder-a: unsubscribe BBB done"));
        assertThat(feeder.received).hasSize(2);
    }
}
