package com.tickstock.console.plant;

import com.tickstock.console.republish.RedisEndpoint;
import com.tickstock.console.supervision.Backoff;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Lettuce connection of the plant, made when first needed and again (with capped, jittered backoff) after
 * the first attempts fail; once made, Lettuce reconnects it by itself. Commands fail at once while it is
 * disconnected and after {@link #COMMAND_TIMEOUT} when Redis does not answer, so the owning thread is never
 * stuck and simply tries again on its next round.
 *
 * <p>Threads: one owning thread each ({@link #commands}, {@link #close}); {@link #lastError} is read by anyone.
 */
final class PlantConnection {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2),
            Backoff.Jitter.EQUAL);

    private final RedisClient client;
    private final RedisURI uri;
    private final RedisEndpoint endpoint;

    // Owning thread only.
    private StatefulRedisConnection<String, String> connection;
    private long nextAttemptNanos;
    private int failedAttempts;

    /** The newest problem, masked; null once a command succeeded again. Owning thread writes, anyone reads. */
    private volatile String lastError;

    PlantConnection(RedisClient client, RedisEndpoint endpoint, String clientName) {
        this.client = client;
        this.endpoint = endpoint;
        RedisURI base = endpoint.toRedisUri();
        base.setClientName(clientName);
        this.uri = base;
    }

    static ClientOptions options() {
        return ClientOptions.builder()
                .autoReconnect(true)
                // Nothing piles up in Lettuce while Redis is away: the plant keeps the newest state itself.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
    }

    /** The synchronous commands, connecting first when due; throws {@link RedisException} while Redis is away. */
    RedisCommands<String, String> commands() {
        if (connection == null) {
            long now = System.nanoTime();
            if (now - nextAttemptNanos < 0) {
                throw new RedisException(lastError == null ? "not connected yet" : lastError);
            }
            try {
                connection = client.connect(StringCodec.UTF8, uri);
                failedAttempts = 0;
            } catch (RuntimeException e) {
                failedAttempts++;
                nextAttemptNanos = now + BACKOFF.delay(failedAttempts, ThreadLocalRandom.current()).toNanos();
                failed(e);
                throw e;
            }
        }
        return connection.sync();
    }

    boolean isConnected() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    void failed(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        lastError = endpoint.scrub("Redis at " + endpoint.masked() + ": " + message);
    }

    void succeeded() {
        lastError = null;
    }

    String lastError() {
        return lastError;
    }

    /**
     * Shuts down a plant part's own Lettuce client and its threads, waiting a few seconds at most: a part that stops
     * leaves no Lettuce thread behind, and a Lettuce that will not stop never holds the caller up for long.
     */
    static void shutdown(RedisClient client, ClientResources resources, String part) {
        com.tickstock.console.republish.LettuceShutdown.quietly(client, resources, part);
    }

    void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
