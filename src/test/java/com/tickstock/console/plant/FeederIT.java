package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.app.ConsoleRuntime;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real runtime against the embedded simulator, its feeder publishing to a real redis-server: what an attached
 * console reads (heartbeat, log, assignment, last values) and how commands are run exactly once and answered.
 */
class FeederIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String FEEDER = "feeder-test";
    private static final PlantKeys KEYS = new PlantKeys("tickstock:desk:");

    @TempDir
    Path configDir;

    @RegisterExtension
    final FeederTestbed testbed = new FeederTestbed();
    private ConsoleRuntime runtime;

    private ConsoleRuntime startFeeder() {
        return startFeeder(Map.of());
    }

    /** A feeder of the testbed's desk configuration with {@code extra} keys on top. */
    private ConsoleRuntime startFeeder(Map<String, String> extra) {
        runtime = testbed.startFeeder(configDir, FEEDER, extra);
        return runtime;
    }

    private String send(String command, String args) {
        String id = UUID.randomUUID().toString();
        send(id, command, args);
        return id;
    }

    private void send(String id, String command, String args) {
        testbed.redis.xadd(KEYS.commands(), Map.of("id", id, "command", command, "args", args, "user", "ops",
                "host", "desk-pc"));
    }

    private List<Map<String, String>> replies(String id) {
        return testbed.replies(id);
    }

    private Map<String, String> awaitReply(String id) {
        return testbed.awaitReply(id);
    }

    private Map<String, String> publishedAssignment() {
        Map<String, String> hash = new HashMap<>(testbed.redis.hgetall(KEYS.assignment()));
        hash.remove("_version");
        return hash;
    }

    @Test
    void aCommandStrandedWithAFeederIdThatNeverReturnsIsTakenOverAndAnsweredExpired() {
        // Another feeder id read it a minute ago and vanished: it sits in the group's pending list.
        testbed.redis.xgroupCreate(XReadArgs.StreamOffset.from(KEYS.commands(), "$"), PlantKeys.COMMAND_GROUP,
                XGroupCreateArgs.Builder.mkstream());
        long minuteAgo = Long.parseLong(testbed.redis.time().get(0)) * 1000 - 60_000;
        String id = UUID.randomUUID().toString();
        String entry = testbed.redis.xadd(KEYS.commands(), new XAddArgs().id(minuteAgo + "-0"), Map.of("id", id,
                "command", "disconnect", "args", "", "user", "ops", "host", "desk-pc"));
        testbed.redis.xreadgroup(Consumer.from(PlantKeys.COMMAND_GROUP, "gone-feeder"),
                XReadArgs.StreamOffset.lastConsumed(KEYS.commands()));
        testbed.redis.xclaim(KEYS.commands(), Consumer.from(PlantKeys.COMMAND_GROUP, "gone-feeder"),
                io.lettuce.core.XClaimArgs.Builder.minIdleTime(0).idle(60_000), entry);

        startFeeder();
        assertThat(awaitReply(id)).containsEntry("ok", "false").containsEntry("feeder", FEEDER)
                .hasEntrySatisfying("result", r -> assertThat(r).startsWith("expired: sent "));
        await().atMost(WAIT).until(() -> testbed.redis.xpending(KEYS.commands(), PlantKeys.COMMAND_GROUP).getCount() == 0);
        // Not run: the feeder's connections were not disconnected by it.
        assertThat(runtime.manager().connectionIds()).allSatisfy(c ->
                assertThat(runtime.manager().connection(c).state().name()).isNotEqualTo("DISCONNECTED"));
    }

    @Test
    void theHeartbeatCarriesTheHealthWithATtlAndVanishesWhenTheFeederCloses() {
        startFeeder();
        // The first snapshots may predate the sections registered after the manager started.
        await().atMost(WAIT).until(() -> testbed.redis.get(KEYS.heartbeat()).contains("\"plant\":{"));
        assertThat(testbed.redis.pttl(KEYS.heartbeat())).isBetween(1L, 5_000L);
        String json = testbed.redis.get(KEYS.heartbeat());
        assertThat(json).startsWith("{\"feeder\":{\"id\":\"feeder-test\",\"host\":\"")
                .contains("\"group\":\"desk\"", "\"version\":\"", "\"started_at\":", "\"published_at\":")
                .contains("\"ticks\":{\"mode\":\"pubsub\",\"channel\":\"tickstock:market:ticks\","
                        + "\"format\":\"per_tick\"}")
                .contains("\"data\":{\"total_connections\":2,", "\"connection_1\":{\"name\":", "\"connection_2\":{",
                        "\"redis\":{", "\"plant\":{\"feeder_id\":\"feeder-test\"");
        // Published every second: the TTL is renewed.
        String first = json;
        await().atMost(WAIT).until(() -> !first.equals(testbed.redis.get(KEYS.heartbeat())));

        testbed.closeRuntime();
        runtime = null;
        assertThat(testbed.redis.exists(KEYS.heartbeat())).isZero();
    }

    @Test
    void theLogGetsStateChangesAndTheAssignmentAndLastValuesFollowTheManager() {
        startFeeder();
        await().atMost(WAIT).until(() -> testbed.redis.xrange(KEYS.log(), Range.create("-", "+")).stream()
                .map(StreamMessage::getBody).anyMatch(b -> "connection_2".equals(b.get("source"))
                        && b.get("text").startsWith("STREAMING") && "INFO".equals(b.get("level"))
                        && Long.parseLong(b.get("ts")) > 0));
        await().atMost(WAIT).until(() -> publishedAssignment().equals(runtime.manager().routing().assignments()));
        assertThat(publishedAssignment()).containsEntry("AAPL", "connection_1").containsEntry("JPM", "connection_2");

        String id = send("move", "AAPL connection_2");
        assertThat(awaitReply(id)).containsEntry("ok", "true").containsEntry("feeder", FEEDER)
                .containsEntry("user", "ops").containsEntry("host", "desk-pc")
                .containsEntry("result", "moved AAPL from connection_1 to connection_2");
        await().atMost(WAIT).until(() -> "connection_2".equals(publishedAssignment().get("AAPL")));
        assertThat(publishedAssignment()).isEqualTo(runtime.manager().routing().assignments());
        await().atMost(WAIT).until(() -> testbed.redis.xrange(KEYS.log(), Range.create("-", "+")).stream()
                .map(StreamMessage::getBody).anyMatch(b -> "AUDIT".equals(b.get("level"))
                        && b.get("text").equals("ops@desk-pc: move AAPL connection_2 -> ok: moved AAPL from"
                        + " connection_1 to connection_2")));

        await().atMost(WAIT).until(() -> testbed.redis.hkeys(KEYS.last()).containsAll(List.of("AAPL", "MSFT", "JPM", "BAC")));
        assertThat(testbed.redis.hget(KEYS.last(), "JPM")).startsWith("{\"connection\":\"connection_2\",\"last\":")
                .contains("\"ticks\":");
    }

    @Test
    void aCommandDeliveredTwiceRunsOnce() throws InterruptedException {
        startFeeder();
        runtime.manager().awaitSettled(WAIT);
        String id = send("subscribe", "NEWT");
        Map<String, String> reply = awaitReply(id);
        assertThat(reply).containsEntry("ok", "true");
        // Said once the streaming connection's feed confirmed the new topics, not when they were sent.
        assertThat(reply.get("result")).startsWith("subscribed, confirmed by the feed: NEWT (connection_");

        send(id, "subscribe", "NEWT");
        await().atMost(WAIT).until(() -> testbed.redis.xpending(KEYS.commands(), PlantKeys.COMMAND_GROUP).getCount() == 0
                && testbed.redis.xlen(KEYS.commands()) == 2);
        await().atMost(WAIT).until(() -> ((Number) runtime.manager().healthNow().sections().get("plant")
                .get("commands_duplicates")).longValue() == 1);
        // Run once; the repeat gets the first run's reply again, so a reply lost in between is recovered.
        await().atMost(WAIT).until(() -> replies(id).size() == 2);
        assertThat(replies(id)).allSatisfy(r -> assertThat(r).containsEntry("result", reply.get("result")));
        assertThat(((Number) runtime.manager().healthNow().sections().get("plant").get("commands_executed"))
                .longValue()).isEqualTo(1);
    }

    @Test
    void aCommandLongAfterItsSenderGaveUpIsAnsweredExpiredAndNotRun() {
        startFeeder();
        String old = UUID.randomUUID().toString();
        // An entry stamped one second into 1970: as if a feeder came back hours after the command was sent.
        testbed.redis.xadd(KEYS.commands(), new XAddArgs().id("1000-0"), Map.of("id", old, "command", "subscribe",
                "args", "OLDT", "user", "ops", "host", "desk-pc"));
        Map<String, String> reply = awaitReply(old);
        assertThat(reply).containsEntry("ok", "false");
        assertThat(reply.get("result")).startsWith("expired: sent ").endsWith("not run");
        assertThat(runtime.manager().tickerAssignment("OLDT")).isEmpty();
    }

    @Test
    void afterARestartTheFeederRunsItsPendingCommandsButNotThoseItRanBefore() {
        testbed.redis.xgroupCreate(XReadArgs.StreamOffset.from(KEYS.commands(), "$"), PlantKeys.COMMAND_GROUP,
                XGroupCreateArgs.Builder.mkstream());
        String ranBefore = UUID.randomUUID().toString();
        send(ranBefore, "subscribe", "OLDT");
        testbed.redis.set(KEYS.done(ranBefore), "ok\tsubscribed: OLDT (connection_1)");
        String diedRunning = UUID.randomUUID().toString();
        send(diedRunning, "subscribe", "MIDT");
        testbed.redis.set(KEYS.done(diedRunning), "running");
        String notYetRun = send("subscribe", "NEWT");
        // Delivered to this feeder before it "crashed": pending, not acknowledged.
        assertThat(testbed.redis.xreadgroup(Consumer.from(PlantKeys.COMMAND_GROUP, FEEDER),
                XReadArgs.StreamOffset.lastConsumed(KEYS.commands()))).hasSize(3);

        startFeeder();
        assertThat(awaitReply(notYetRun)).containsEntry("ok", "true");
        await().atMost(WAIT).until(() -> testbed.redis.xpending(KEYS.commands(), PlantKeys.COMMAND_GROUP).getCount() == 0);
        assertThat(replies(ranBefore)).as("its reply, sent again from the marker").singleElement()
                .satisfies(r -> assertThat(r).containsEntry("ok", "true")
                        .containsEntry("result", "subscribed: OLDT (connection_1)"));
        assertThat(replies(diedRunning)).as("stopped mid-command: said so, not run twice").singleElement()
                .satisfies(r -> assertThat(r.get("result")).startsWith("outcome unknown"));
        assertThat(runtime.manager().tickerAssignment("MIDT")).isEmpty();
        assertThat(runtime.manager().tickerAssignment("OLDT")).isEmpty();
        assertThat(runtime.manager().tickerAssignment("NEWT")).isPresent();
    }

    @Test
    void aStarConnectionsTickersArePublishedAsTheyTradeAndSingleTickerCommandsAreRefused() {
        startFeeder(Map.of("WEBSOCKET_CONNECTION_1_SYMBOLS", "*", "WEBSOCKET_CONNECTION_2_ENABLED", "false"));
        await().atMost(WAIT).until(() -> publishedAssignment().size() > 20 && testbed.redis.hlen(KEYS.last()) > 20);
        Map<String, String> published = publishedAssignment();
        assertThat(published.values()).containsOnly("connection_1");
        assertThat(runtime.manager().routing().assignments()).containsAllEntriesOf(published);
        String ticker = published.keySet().iterator().next();
        await().atMost(WAIT).until(() -> testbed.redis.hget(KEYS.last(), ticker) != null);
        // Its first event may be a quote or a trade (trades and quotes are subscribed): the connection is the point.
        assertThat(testbed.redis.hget(KEYS.last(), ticker)).startsWith("{\"connection\":\"connection_1\",");

        assertThat(awaitReply(send("unsubscribe", ticker))).containsEntry("ok", "false")
                .hasEntrySatisfying("result", r -> assertThat(r).contains("which carries all tickers (*)"));
        assertThat(awaitReply(send("subscribe", "ZZZZ"))).containsEntry("ok", "false")
                .hasEntrySatisfying("result", r -> assertThat(r).contains("arrives there as soon as it trades"));
        // Nothing to restore on a '*' connection: its tickers stay, none is unsubscribed.
        assertThat(awaitReply(send("reset-assignment", ""))).containsEntry("ok", "true")
                .hasEntrySatisfying("result", r -> assertThat(r).contains("0 added, 0 removed, 0 moved"));
        assertThat(runtime.manager().tickerAssignment(ticker)).contains("connection_1");
        assertThat(runtime.deadParts()).isEmpty();
    }

    @Test
    void badCommandsAreRefusedWithTheReason() {
        startFeeder();
        assertThat(awaitReply(send("frobnicate", "AAPL"))).containsEntry("ok", "false")
                .containsEntry("result", "unknown command 'frobnicate'; known: connect, disconnect, reconnect,"
                        + " subscribe, unsubscribe, move, reset-assignment");
        assertThat(awaitReply(send("move", "AAPL"))).containsEntry("ok", "false")
                .containsEntry("result", "move takes TICKER CONNECTION, not 'AAPL'");
        assertThat(awaitReply(send("disconnect", "connection_9"))).containsEntry("ok", "false")
                .containsEntry("result", "unknown connection 'connection_9'; configured: [connection_1, connection_2]");
        assertThat(awaitReply(send("move", "ZZZZ connection_1")).get("ok")).isEqualTo("false");
        assertThat(awaitReply(send("subscribe", "")).get("result")).isEqualTo("subscribe needs at least one ticker");
        // Still serving after all that.
        assertThat(awaitReply(send("disconnect", "connection_1"))).containsEntry("ok", "true")
                .containsEntry("result", "disconnected connection_1");
        assertThat(runtime.deadParts()).isEmpty();
    }

    @Test
    void aRefusedResetLeavesTheOperatorsChangesStored() {
        startFeeder();
        assertThat(awaitReply(send("subscribe", "NEWT"))).containsEntry("ok", "true");
        await().atMost(WAIT).until(() -> testbed.redis.hexists(KEYS.desired(), "NEWT"));
        assertThat(awaitReply(send("reset-assignment", "now"))).containsEntry("ok", "false");
        assertThat(testbed.redis.hget(KEYS.desired(), "NEWT")).as("a refused reset deletes nothing").isNotNull();
    }

    @Test
    void aRedisRestartIsSurvivedAndTheStateIsPublishedAgain() throws Exception {
        startFeeder();
        await().atMost(WAIT).until(() -> testbed.redis.exists(KEYS.heartbeat()) == 1 && testbed.redis.hlen(KEYS.assignment()) > 0);

        testbed.server.kill();
        await().atMost(WAIT).until(() -> "unavailable".equals(runtime.manager().healthNow().sections().get("plant")
                .get("redis")));
        testbed.server.startProcess(); // empty: no persistence

        await().atMost(WAIT).until(() -> safely(() -> testbed.redis.exists(KEYS.heartbeat()) == 1));
        await().atMost(WAIT).until(() -> publishedAssignment().equals(runtime.manager().routing().assignments()));
        await().atMost(WAIT).until(() -> testbed.redis.hlen(KEYS.last()) >= 4);
        // The command group is made again, so commands work after the restart too.
        assertThat(awaitReply(send("subscribe", "NEWT"))).containsEntry("ok", "true");
        assertThat(runtime.manager().healthNow().sections().get("plant")).containsEntry("redis", "connected");
    }

    private static boolean safely(java.util.concurrent.Callable<Boolean> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return false; // the test's own client still reconnecting
        }
    }
}
