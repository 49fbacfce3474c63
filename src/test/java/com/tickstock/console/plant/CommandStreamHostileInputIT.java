package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.app.ConsoleRuntime;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands stream is written by anyone who can reach the Redis server, not only by consoles: entries written
 * with a raw client (bytes, not the console's client) with fields missing, a field of a megabyte, an unknown verb
 * or binary garbage are each answered with a refusal that says what is wrong, in a reply of bounded size, and the
 * feeder's command loop keeps going: the next valid command runs exactly once.
 */
class CommandStreamHostileInputIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FEEDER = "feeder-hostile";
    private static final PlantKeys KEYS = new PlantKeys("tickstock:desk:");
    /** What a refusal may weigh at most, whatever the entry held: it is stored in the replies stream and the log. */
    private static final int REPLY_BOUND = 2_000;

    @TempDir
    Path configDir;

    @RegisterExtension
    final FeederTestbed testbed = new FeederTestbed();

    /** XADD with raw bytes for field names and values; returns the entry id. */
    private String xaddRaw(Map<String, byte[]> fields) {
        Map<byte[], byte[]> raw = new LinkedHashMap<>();
        fields.forEach((name, value) -> raw.put(name.getBytes(StandardCharsets.UTF_8), value));
        RedisClient client = RedisClient.create(testbed.server.url());
        try (StatefulRedisConnection<byte[], byte[]> bytes = client.connect(ByteArrayCodec.INSTANCE)) {
            return bytes.sync().xadd(KEYS.commands().getBytes(StandardCharsets.UTF_8), raw);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> command(String id, String verb, byte[] args) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("id", text(id));
        fields.put("command", text(verb));
        fields.put("args", args);
        fields.put("user", text("mallory"));
        fields.put("host", text("outside"));
        return fields;
    }

    private long plantCount(ConsoleRuntime runtime, String counter) {
        return ((Number) runtime.manager().healthNow().sections().get("plant").get(counter)).longValue();
    }

    @Test
    void malformedEntriesAreRefusedSayingWhatIsWrongAndTheNextValidCommandRunsOnce() {
        ConsoleRuntime runtime = testbed.startFeeder(configDir, FEEDER);

        // No id and no command: answered under the entry's own id.
        String bare = xaddRaw(Map.of("user", text("mallory")));
        assertThat(testbed.awaitReply(bare)).containsEntry("ok", "false").containsEntry("result", "no command given");

        String unknown = UUID.randomUUID().toString();
        xaddRaw(command(unknown, "rm -rf /", text("")));
        assertThat(testbed.awaitReply(unknown)).containsEntry("ok", "false").hasEntrySatisfying("result",
                r -> assertThat(r).startsWith("unknown command 'rm -rf /'; known: connect,"));

        String hugeArgs = UUID.randomUUID().toString();
        xaddRaw(command(hugeArgs, "subscribe", text("A".repeat(1024 * 1024))));
        Map<String, String> hugeReply = testbed.awaitReply(hugeArgs);
        assertThat(hugeReply).containsEntry("ok", "false").hasEntrySatisfying("result", r -> assertThat(r)
                .isEqualTo("the entry's 'args' field is 1048576 characters long; at most "
                        + CommandEntry.MAX_ARGS_CHARS + " are accepted; not run"));

        String hugeVerb = UUID.randomUUID().toString();
        xaddRaw(command(hugeVerb, "x".repeat(1024 * 1024), text("AAPL")));
        assertThat(testbed.awaitReply(hugeVerb)).containsEntry("ok", "false").hasEntrySatisfying("result",
                r -> assertThat(r).startsWith("the entry's 'command' field is 1048576 characters long"));

        // A megabyte id cannot be echoed as it is: the reply names the entry, the log line too, both bounded.
        String hugeIdEntry = xaddRaw(command("i".repeat(1024 * 1024), "subscribe", text("AAPL")));
        await().atMost(WAIT).until(() -> testbed.redis.xpending(KEYS.commands(), PlantKeys.COMMAND_GROUP)
                .getCount() == 0 && testbed.redis.xlen(KEYS.replies()) == 5);
        assertThat(testbed.allReplies()).anySatisfy(r -> assertThat(r.get("result"))
                .startsWith("the entry's 'id' field is 1048576 characters long").contains(hugeIdEntry));

        // Binary garbage in the values and in a field name: not UTF-8, NUL bytes, control characters.
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, 0x1b, '[', '2', 'J', (byte) 0x80};
        String binary = UUID.randomUUID().toString();
        Map<String, byte[]> fields = command(binary, new String(garbage, StandardCharsets.ISO_8859_1), garbage);
        fields.put(new String(garbage, StandardCharsets.ISO_8859_1), garbage);
        xaddRaw(fields);
        assertThat(testbed.awaitReply(binary)).containsEntry("ok", "false").hasEntrySatisfying("result",
                r -> assertThat(r).startsWith("unknown command '"));

        await().atMost(WAIT).until(() -> testbed.logEntries().stream().filter(e -> "AUDIT".equals(e.get("level")))
                .count() == 6);
        assertThat(testbed.allReplies()).hasSize(6).allSatisfy(r -> assertThat(String.join("", r.values()))
                .hasSizeLessThan(REPLY_BOUND));
        assertThat(testbed.logEntries()).allSatisfy(e -> assertThat(e.get("text")).hasSizeLessThan(REPLY_BOUND));
        assertThat(runtime.deadParts()).isEmpty();
        assertThat(runtime.manager().tickerAssignment("A".repeat(1024 * 1024))).isEmpty();

        // Still serving: the next valid command runs, once.
        String valid = UUID.randomUUID().toString();
        xaddRaw(command(valid, "subscribe", text("NEWT")));
        assertThat(testbed.awaitReply(valid)).containsEntry("ok", "true")
                .hasEntrySatisfying("result", r -> assertThat(r).contains("NEWT (connection_"));
        await().atMost(WAIT).until(() -> testbed.redis.xpending(KEYS.commands(), PlantKeys.COMMAND_GROUP)
                .getCount() == 0);
        assertThat(testbed.replies(valid)).hasSize(1);
        assertThat(runtime.manager().tickerAssignment("NEWT")).isPresent();
        assertThat(plantCount(runtime, "commands_executed")).isEqualTo(1);
        assertThat(plantCount(runtime, "commands_refused")).isEqualTo(6);
        assertThat(runtime.deadParts()).isEmpty();
    }

    @Test
    void anEntryDeletedWhilePendingIsAcknowledgedAndDoesNotStopTheLoop() {
        // Read by this feeder before it "crashed", then deleted (XDEL) by someone: pending, with no fields left.
        testbed.redis.xgroupCreate(XReadArgs.StreamOffset.from(KEYS.commands(), "$"), PlantKeys.COMMAND_GROUP,
                XGroupCreateArgs.Builder.mkstream());
        String deleted = xaddRaw(command(UUID.randomUUID().toString(), "disconnect", text("")));
        assertThat(testbed.redis.xreadgroup(Consumer.from(PlantKeys.COMMAND_GROUP, FEEDER),
                XReadArgs.StreamOffset.lastConsumed(KEYS.commands()))).hasSize(1);
        assertThat(testbed.redis.xdel(KEYS.commands(), deleted)).isEqualTo(1);

        ConsoleRuntime runtime = testbed.startFeeder(configDir, FEEDER);
        await().atMost(WAIT).until(() -> testbed.redis.xpending(KEYS.commands(), PlantKeys.COMMAND_GROUP)
                .getCount() == 0);
        String valid = UUID.randomUUID().toString();
        xaddRaw(command(valid, "subscribe", text("NEWT")));
        assertThat(testbed.awaitReply(valid)).containsEntry("ok", "true");
        assertThat(testbed.allReplies()).as("nothing to answer for the deleted entry").hasSize(1);
        assertThat(runtime.deadParts()).isEmpty();
        assertThat(runtime.manager().connectionIds()).allSatisfy(c ->
                assertThat(runtime.manager().connection(c).state().name()).isNotEqualTo("DISCONNECTED"));
    }
}
