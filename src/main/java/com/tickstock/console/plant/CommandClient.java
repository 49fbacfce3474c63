package com.tickstock.console.plant;

import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.supervision.Causes;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends one operator command to the feeder of a group and waits for its answer, as the contract
 * (docs/plant-protocol.md) says: {@code XADD} to {@code commands} with a fresh UUID, then read {@code replies}
 * from the entry seen just before sending until the reply with that id comes. Answers at once when no feeder
 * heartbeats, and gives up after {@link #REPLY_TIMEOUT}. Used from one thread at a time.
 */
public final class CommandClient implements AutoCloseable {

    /** About how many command entries the stream keeps. */
    private static final long COMMANDS_LENGTH = 10_000;

    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    /** Each blocking read is this long at most, so the Lettuce timeout above it never fires first. */
    private static final Duration READ_SLICE = Duration.ofMillis(500);

    /** The outcome in words: the feeder's result, or why there is none. */
    public record Reply(boolean ok, String text) {
    }

    private final AttachRedis redis;
    private final AttachKeys keys;
    private final Duration replyTimeout;

    public CommandClient(RedisUrl url, String group) {
        this(url, group, REPLY_TIMEOUT);
    }

    CommandClient(RedisUrl url, String group, Duration replyTimeout) {
        this.keys = new AttachKeys(group);
        this.replyTimeout = replyTimeout;
        this.redis = new AttachRedis(url, READ_SLICE.plusSeconds(2));
    }

    /** Sends {@code command} as {@code user} on {@code host}; never throws for a Redis or feeder problem. */
    public Reply send(AttachCommand command, String user, String host) {
        StatefulRedisConnection<String, String> connection;
        try {
            connection = redis.connect();
        } catch (RedisException e) {
            return new Reply(false, "cannot reach Redis at " + redis.masked() + ": " + words(e));
        }
        try (connection) {
            return send(connection.sync(), command, user, host);
        } catch (RedisException e) {
            return new Reply(false, "Redis at " + redis.masked() + " failed: " + words(e));
        }
    }

    private Reply send(RedisCommands<String, String> r, AttachCommand command, String user, String host) {
        String heartbeat;
        long heartbeatTtl;
        String seen;
        try {
            heartbeat = r.get(keys.heartbeat());
            heartbeatTtl = r.pttl(keys.heartbeat());
            List<StreamMessage<String, String>> last = r.xrevrange(keys.replies(), io.lettuce.core.Range.create("-", "+"),
                    io.lettuce.core.Limit.from(1));
            seen = last.isEmpty() ? "0-0" : last.get(0).getId();
        } catch (RedisCommandExecutionException e) {
            if (isAclRefusal(e)) {
                return new Reply(false, "this Redis user may not read the feeder's keys (ACL): " + words(e));
            }
            throw e;
        }
        if (heartbeat == null) {
            return new Reply(false, "no feeder in group " + keys.group());
        }
        String feeder;
        try {
            feeder = AttachedHeartbeat.parse(heartbeat).id();
        } catch (IllegalArgumentException e) {
            return new Reply(false, "the heartbeat of group " + keys.group() + " is unreadable: " + e.getMessage());
        }
        // The same rule as an attached view's: a heartbeat older than LOST_AFTER is a feeder that is gone, even
        // while its key has not expired yet; sending would only wait out the reply timeout.
        long ageMillis = AttachedFeederView.heartbeatAgeMillis(heartbeatTtl);
        if (ageMillis > AttachedFeederView.LOST_AFTER.toMillis()) {
            return new Reply(false, "no feeder in group " + keys.group() + " (the last heartbeat, of feeder " + feeder
                    + ", is " + ageMillis / 1000 + " s old)");
        }
        String id = UUID.randomUUID().toString();
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("command", command.command());
        entry.put("args", command.args());
        entry.put("user", user);
        entry.put("host", host);
        try {
            // Capped: answered entries are history, and a feeder never reads ones older than its expiry.
            r.xadd(keys.commands(), XAddArgs.Builder.maxlen(COMMANDS_LENGTH).approximateTrimming(), entry);
        } catch (RedisCommandExecutionException e) {
            if (isAclRefusal(e)) {
                return new Reply(false, "this Redis user may not send commands (ACL): " + words(e));
            }
            throw e;
        }
        return awaitReply(r, id, seen, feeder);
    }

    private Reply awaitReply(RedisCommands<String, String> r, String id, String from, String feeder) {
        long deadline = System.nanoTime() + replyTimeout.toNanos();
        String seen = from;
        while (true) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return new Reply(false, "no answer from feeder " + feeder + " within " + replyTimeout.toSeconds() + " s");
            }
            List<StreamMessage<String, String>> read = r.xread(
                    XReadArgs.Builder.block(Math.min(leftMillis, READ_SLICE.toMillis())).count(100),
                    XReadArgs.StreamOffset.from(keys.replies(), seen));
            for (StreamMessage<String, String> message : read) {
                seen = message.getId();
                Map<String, String> body = message.getBody();
                if (id.equals(body.get("id"))) {
                    String by = body.getOrDefault("feeder", feeder);
                    String result = body.getOrDefault("result", "");
                    return new Reply("true".equals(body.get("ok")), "feeder " + by + ": " + result);
                }
            }
        }
    }

    private static boolean isAclRefusal(RedisCommandExecutionException e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOPERM");
    }

    private String words(Throwable e) {
        return redis.scrub(Causes.rootMessage(e));
    }

    @Override
    public void close() {
        redis.close();
    }
}
