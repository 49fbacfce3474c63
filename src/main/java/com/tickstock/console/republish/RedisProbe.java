package com.tickstock.console.republish;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * A downstream consumer's view of Redis, for the self-test and the process tests: a Lettuce
 * connection of its own that SUBSCRIBEs to the channel, or in stream mode XREADs the stream, and
 * counts what arrives. It connects with the republisher's {@link RedisURI} (same credentials, same
 * TLS peer verification), so the self-test never sends the password under weaker TLS than the
 * republisher would.
 *
 * <p>Threads: the creating thread connects and subscribes. Lettuce's I/O thread counts pub/sub
 * messages; in stream mode one daemon thread runs XREAD and counts entries. Any thread may read
 * {@link #received()}, wait in {@link #awaitFirst} or {@link #close()}.
 */
public final class RedisProbe implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisProbe.class.getName());
    private static final Duration XREAD_BLOCK = Duration.ofSeconds(1);

    private final RedisEndpoint endpoint;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch first = new CountDownLatch(1);
    private volatile StatefulConnection<String, String> connection;
    private volatile boolean closed;

    private RedisProbe(RedisEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        // A probe needs one connection: the fewest threads Lettuce allows.
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                // A consumer that lost its connection has answered the question: no reconnects.
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .sslOptions(SslOptions.builder().jdkSslProvider().handshakeTimeout(timeout).build())
                .build());
    }

    /**
     * Connects to {@code redisUrl} ({@code REDIS_URL}'s syntax, {@code verifyPeer} included),
     * authenticates, and listens on {@code channel}: SUBSCRIBE when {@code stream} is false, else
     * XREAD of entries added from the reader's first call on. Returns once listening, so
     * everything published afterwards is counted.
     *
     * @throws IOException              naming what failed (AUTH, TLS, host, refused), password masked
     * @throws IllegalArgumentException when {@code redisUrl} is not a valid {@code REDIS_URL}
     */
    public static RedisProbe listen(String redisUrl, String channel, boolean stream, Duration timeout)
            throws IOException {
        RedisEndpoint endpoint = RedisEndpoint.parse(redisUrl);
        RedisProbe probe = new RedisProbe(endpoint, timeout);
        try {
            RedisURI uri = uriFor(endpoint, timeout);
            if (stream) {
                probe.startStreamReader(uri, channel, timeout);
            } else {
                probe.subscribe(uri, channel);
            }
            return probe;
        } catch (RuntimeException e) {
            probe.close();
            // Only our own words and Lettuce's, masked: the cause chain is not kept, it may quote what it was given.
            throw new IOException(probe.describe(e));
        }
    }

    /** The republisher's URI for {@code endpoint}, with the probe's own timeout and client name. */
    static RedisURI uriFor(RedisEndpoint endpoint, Duration timeout) {
        RedisURI uri = RedisConnector.toRedisUri(endpoint);
        uri.setTimeout(timeout);
        uri.setClientName("tickstock-self-test");
        return uri;
    }

    private void subscribe(RedisURI uri, String channel) {
        StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub(StringCodec.UTF8, uri);
        connection = pubSub;
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                count(1);
            }
        });
        pubSub.sync().subscribe(channel);
    }

    private void startStreamReader(RedisURI uri, String key, Duration timeout) {
        StatefulRedisConnection<String, String> plain = client.connect(StringCodec.UTF8, uri);
        connection = plain;
        // A blocking XREAD is answered after up to XREAD_BLOCK: it must not time out before that.
        plain.setTimeout(XREAD_BLOCK.plus(timeout));
        Thread reader = new Thread(() -> readStream(plain, key), "redis-probe");
        reader.setDaemon(true);
        reader.start();
    }

    private void readStream(StatefulRedisConnection<String, String> plain, String key) {
        String lastId = "$";
        try {
            while (!closed) {
                List<StreamMessage<String, String>> entries = plain.sync()
                        .xread(XReadArgs.Builder.block(XREAD_BLOCK), XReadArgs.StreamOffset.from(key, lastId));
                for (StreamMessage<String, String> entry : entries) {
                    lastId = entry.getId();
                }
                count(entries.size());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "Redis probe stopped reading: " + describe(e));
            }
        }
    }

    private void count(long n) {
        if (n > 0) {
            received.addAndGet(n);
            first.countDown();
        }
    }

    /** Messages received since listening began. */
    public long received() {
        return received.get();
    }

    /** Waits for the first message; false when none came in time. */
    public boolean awaitFirst(Duration timeout) throws InterruptedException {
        return first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // the shared event loops stop in the background; nothing waits for them
    public void close() {
        closed = true;
        try {
            StatefulConnection<String, String> c = connection;
            if (c != null) {
                c.close();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Redis probe connection did not close cleanly", e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** One line an operator can act on, naming the endpoint with its password masked. */
    String describe(Throwable failure) {
        String problem = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().trim();
            if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.startsWith("NOPERM")
                    || message.contains("invalid password") || message.contains("AUTH")) {
                problem = "AUTH failed (" + message + "); check the user and password in REDIS_URL";
                break;
            }
            if (t instanceof SSLException) {
                problem = "TLS handshake failed (" + message + "); check rediss:// and verifyPeer against the"
                        + " server's certificate";
                break;
            }
            if (t instanceof UnknownHostException) {
                problem = "unknown host (" + message + ")";
                break;
            }
            if (t instanceof ConnectException) {
                problem = "connection refused or unreachable (" + message + ")";
                break;
            }
            if (t.getCause() == null || t.getCause() == t) {
                problem = t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
            }
        }
        return endpoint.scrub("Redis at " + endpoint.masked() + ": " + (problem == null ? "connection failed" : problem));
    }
}
