package com.tickstock.console.plant;

import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.republish.RedisEndpoint;
import com.tickstock.console.republish.RedisTimer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/**
 * A Lettuce client for an attached console, built from the parsed {@code --attach} URL ({@link RedisUrl}):
 * TLS, ACL user and password as the republisher takes them. Commands fail after {@code commandTimeout}
 * rather than wait for a Redis that is gone, and nothing is queued while disconnected.
 */
final class AttachRedis implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final RedisUrl url;
    private final ClientResources resources;
    private final RedisClient client;

    AttachRedis(RedisUrl url, Duration commandTimeout) {
        this.url = url;
        // An attached console has three of these (heartbeat, tables, commands), each with one or two connections (two
        // I/O threads: the tables' tick subscription must not hold up their commands):
        // Lettuce's default resources would give each its own I/O and computation pools and its own timer wheel,
        // which ticks ten times a second for ever (see RedisTimer).
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .timer(RedisTimer.shared()).build();
        this.client = RedisClient.create(resources, toUri(url));
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
    }

    /** Connects now; a refused or unreachable Redis throws a {@code RedisConnectionException}. */
    StatefulRedisConnection<String, String> connect() {
        return client.connect();
    }

    /** A publish/subscribe connection, made now; fails as {@link #connect()} does. */
    io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }

    /** The URL with its password masked: the only form any message may quote. */
    String masked() {
        return url.masked();
    }

    /** {@code text} with the password replaced, for messages a library built from what it was given. */
    String scrub(String text) {
        String password = url.password();
        if (text == null || password == null || password.length() < 3) {
            return text;
        }
        return text.replace(password, "***");
    }

    /** The one URI builder of every part (republish's), with a shorter connect timeout for an interactive view. */
    private static RedisURI toUri(RedisUrl url) {
        RedisURI uri = RedisEndpoint.of(url).toRedisUri();
        uri.setTimeout(CONNECT_TIMEOUT);
        return uri;
    }

    @Override
    public void close() {
        PlantConnection.shutdown(client, resources, "attached console");
    }
}
