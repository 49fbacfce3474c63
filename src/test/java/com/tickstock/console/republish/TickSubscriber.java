package com.tickstock.console.republish;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real subscriber on its own connection: what a downstream consumer would read off the channel. Keeps the
 * messages (up to a limit) and counts all of them.
 */
public final class TickSubscriber implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();
    private final int keep;

    private TickSubscriber(String url, String channel, int keep) {
        this(url, channel, keep, false);
    }

    /** @param sharded SSUBSCRIBE (sharded Pub/Sub, Redis 7) on the node {@code url} names, rather than SUBSCRIBE */
    private TickSubscriber(String url, String channel, int keep, boolean sharded) {
        this.keep = keep;
        this.client = RedisClient.create(url);
        this.connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (count.incrementAndGet() <= TickSubscriber.this.keep) {
                    messages.add(message);
                }
            }

            @Override
            public void smessage(String ch, String message) {
                message(ch, message);
            }
        });
        if (sharded) {
            connection.sync().ssubscribe(channel);
        } else {
            connection.sync().subscribe(channel); // returns once Redis confirmed the subscription
        }
    }

    /**
     * A sharded subscriber ({@code SSUBSCRIBE}) on the cluster node {@code nodeUrl}, which must own the channel's
     * slot, as a downstream reader of one shard would subscribe.
     */
    public static TickSubscriber sharded(String nodeUrl, String channel) {
        return new TickSubscriber(nodeUrl, channel, 100_000, true);
    }

    public static TickSubscriber subscribe(String url, String channel) {
        return new TickSubscriber(url, channel, 100_000);
    }

    public static TickSubscriber counting(String url, String channel) {
        return new TickSubscriber(url, channel, 0);
    }

    public long count() {
        return count.get();
    }

    public List<String> messages() {
        return new ArrayList<>(messages);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
