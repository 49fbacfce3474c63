package com.tickstock.console.plant;

import static org.awaitility.Awaitility.await;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.republish.RedisServerProcess;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up shared by the feeder tests: a real redis-server, the test's own client on it, and the console runtime a
 * test starts against it, closed runtime first so that the feeder's last writes still reach a live server.
 *
 * <p>Use: {@code @RegisterExtension final FeederTestbed testbed = new FeederTestbed();}. Threads: the test thread only
 * (JUnit runs the callbacks and the test on it).
 */
final class FeederTestbed implements BeforeEachCallback, AfterEachCallback {

    /** The group every configuration made here belongs to. */
    static final String GROUP = "desk";
    static final PlantKeys KEYS = new PlantKeys("tickstock:" + GROUP + ":");
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Set before each test. */
    RedisServerProcess server;
    /** The test's own client on {@link #server}; set before each test. */
    RedisCommands<String, String> redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private ConsoleRuntime runtime;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = RedisServerProcess.start();
        client = RedisClient.create(server.url());
        connection = client.connect();
        redis = connection.sync();
    }

    /**
     * Two connections of the group {@value #GROUP} on this server (AAPL,MSFT on connection_1, JPM,BAC on
     * connection_2, trades and quotes), as feeder {@code feederId}, with {@code extra} keys on top.
     */
    ConsoleConfig deskConfig(Path configDir, String feederId, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of("USE_MULTI_CONNECTION", "true", "MASSIVE_EVENT_TYPES", "T,Q",
                "REDIS_URL", server.url(), "FEEDER_ID", feederId, "FEEDER_GROUP", GROUP,
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "JPM,BAC"));
        keys.putAll(extra);
        return new ConfigLoader(configDir).load(null, Map.of(), keys);
    }

    /** A runtime on {@code config}, one at a time (one still running is closed first), closed after the test. */
    ConsoleRuntime createRuntime(ConsoleConfig config) {
        closeRuntime();
        runtime = ConsoleRuntime.create(config);
        return runtime;
    }

    /**
     * A feeder of {@link #deskConfig} with its connections connecting, once its heartbeat is live: what a console
     * waits for before it sends commands.
     */
    ConsoleRuntime startFeeder(Path configDir, String feederId) {
        return startFeeder(configDir, feederId, Map.of());
    }

    /** As {@link #startFeeder(Path, String)}, with {@code extra} keys on top of the desk configuration. */
    ConsoleRuntime startFeeder(Path configDir, String feederId, Map<String, String> extra) {
        ConsoleRuntime started = createRuntime(deskConfig(configDir, feederId, extra));
        started.startFeeder();
        started.manager().connect();
        await().atMost(WAIT).until(() -> redis.exists(KEYS.heartbeat()) == 1);
        return started;
    }

    /** Every reply on the group's replies stream, oldest first. */
    List<Map<String, String>> allReplies() {
        return redis.xrange(KEYS.replies(), Range.create("-", "+")).stream().map(StreamMessage::getBody).toList();
    }

    /** The replies to the command {@code id}. */
    List<Map<String, String>> replies(String id) {
        return allReplies().stream().filter(body -> id.equals(body.get("id"))).toList();
    }

    /** The first reply to the command {@code id}, waiting for it. */
    Map<String, String> awaitReply(String id) {
        await().atMost(WAIT).until(() -> !replies(id).isEmpty());
        return replies(id).get(0);
    }

    /** Every entry of the group's log stream, oldest first. */
    List<Map<String, String>> logEntries() {
        return redis.xrange(KEYS.log(), Range.create("-", "+")).stream().map(StreamMessage::getBody).toList();
    }

    /** Stops the runtime now, as a feeder that is shut down; nothing when none runs. */
    void closeRuntime() {
        ConsoleRuntime running = runtime;
        runtime = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            closeRuntime();
        } finally {
            if (connection != null) {
                connection.close();
            }
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            if (server != null) {
                server.close();
            }
        }
    }
}
