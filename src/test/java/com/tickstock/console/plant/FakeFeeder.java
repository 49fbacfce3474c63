package com.tickstock.console.plant;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the feeder side of docs/plant-protocol.md, for tests of the attached console: on a thread of its
 * own it writes the heartbeat key (and nothing else of the feeder's state) and answers commands from the
 * {@code commands} stream through the {@code feeders} consumer group. It speaks the contract on a real Redis; it
 * is not a mock of the console's code.
 *
 * Public for the process tests in {@code app}.
 *
 * <p>Threads: the {@code fake-feeder} thread does all Redis work; the test thread sets {@link #data},
 * {@link #answer} and {@link #heartbeating} (volatile) and reads {@link #received}.
 */
public final class FakeFeeder implements AutoCloseable {

    private final String id;
    private final String group;
    private final RedisClient client;
    private final Thread thread;
    private volatile boolean running = true;
    /** The health JSON sent as the heartbeat's {@code data}. */
    public volatile String data = "{\"total_connections\":0,\"connections\":{}}";
    /** The reply to a command, or {@code null} to stay silent. */
    public volatile Function<Map<String, String>, Map.Entry<Boolean, String>> answer =
            c -> Map.entry(true, c.get("command") + " " + c.get("args") + " done");
    public volatile boolean heartbeating = true;
    public final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

    public FakeFeeder(String redisUrl, String group, String id) {
        this.id = id;
        this.group = group;
        this.client = RedisClient.create(redisUrl);
        this.thread = new Thread(this::run, "fake-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    static String heartbeat(String id, String data) {
        return "{\"feeder\":{\"id\":\"" + id + "\",\"host\":\"host-" + id + "\",\"version\":\"0.1.0\","
                + "\"started_at\":1764755000.0,\"published_at\":" + System.currentTimeMillis() / 1000.0
                + ",\"group\":\"default\"},\"ticks\":{\"mode\":\"pubsub\",\"channel\":\"tickstock:market:ticks\","
                + "\"format\":\"tick\"},\"data\":" + data + "}";
    }

    private String name(String suffix) {
        return "tickstock:" + group + ":" + suffix;
    }

    private void run() {
        while (running) {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> r = connection.sync();
                try {
                    r.xgroupCreate(XReadArgs.StreamOffset.from(name("commands"), "$"), "feeders",
                            XGroupCreateArgs.Builder.mkstream());
                } catch (RedisBusyException e) {
                    // the group exists already
                }
                long nextBeat = 0;
                while (running) {
                    if (heartbeating && System.nanoTime() >= nextBeat) {
                        r.set(name("feeder"), heartbeat(id, data), SetArgs.Builder.px(5000));
                        nextBeat = System.nanoTime() + Duration.ofMillis(200).toNanos();
                    }
                    List<StreamMessage<String, String>> commands = r.xreadgroup(Consumer.from("feeders", id),
                            XReadArgs.Builder.block(100).count(10), XReadArgs.StreamOffset.lastConsumed(name("commands")));
                    for (StreamMessage<String, String> command : commands) {
                        received.add(command.getBody());
                        Map.Entry<Boolean, String> reply = answer.apply(command.getBody());
                        if (reply != null) {
                            r.xadd(name("replies"), Map.of("id", command.getBody().get("id"), "ok",
                                    reply.getKey().toString(), "result", reply.getValue(), "feeder", id,
                                    "user", command.getBody().get("user"), "host", command.getBody().get("host")));
                        }
                        r.xack(name("commands"), "feeders", command.getId());
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Stops the thread; the heartbeat key stays until its TTL runs out, as after a SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
