package com.tickstock.console.feed;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.ThreadPoolConfig;

/**
 * Opens WebSocket client connections with Tyrus. All connections share one Grizzly transport
 * (Tyrus' shared container), so connecting and disconnecting a hundred times creates no new
 * selector or worker threads; the shared transport shuts itself down after a quiet period.
 * Certificates of {@code wss://} servers are verified by the JDK's default trust store and host
 * name verification stays on: there is no trust-all switch.
 *
 * <p>Not final only so that tests in this package can stand between Tyrus and a connection (its
 * constructor is package-private).
 */
public class FeedTransport {

    /**
     * Grizzly worker threads that read and decode frames. A connection is read by at most one worker at a time,
     * so the console's three connections need three; Grizzly's default pool has no upper bound and grew a thread
     * at a time under load without ever shrinking back.
     */
    public static final int WORKER_THREADS = 3;

    /**
     * The session idle timeout that means "never" to Tyrus without scheduling anything: with the default, 0,
     * it schedules a no-op timeout check on its timer thread for every frame sent or received.
     */
    public static final long NO_IDLE_TIMEOUT = -1;

    /**
     * Largest frame accepted, in bytes on the wire: busy periods batch many events into one frame. Tyrus reads a
     * whole frame into one buffer before handing it on, so this is also the memory one connection may hold for a
     * frame. A larger frame cannot be skipped: Tyrus closes the socket itself (see {@link #isOverLimitClose}).
     */
    public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    /**
     * Room in Tyrus' read buffer beyond the largest frame: the read that completes a frame may carry the header and
     * the start of the next one, and a frame that only just fits must not overflow the buffer because of them.
     */
    static final int READ_MARGIN_BYTES = 256 * 1024;

    /** The close code and words Tyrus uses when a frame does not fit its read buffer ("Buffer overflow."). */
    private static final int OVERFLOW_CLOSE_CODE = 1011;
    private static final String OVERFLOW_CLOSE_PHRASE = "Buffer overflow.";
    /** The close code Tyrus uses when the fragments of one message add up to more than the session's limit. */
    private static final int TOO_BIG_CLOSE_CODE = 1009;

    private static final FeedTransport SHARED = new FeedTransport(MAX_FRAME_BYTES);

    private final int maxFrameBytes;
    /**
     * One Tyrus client per handshake timeout, its properties written once when it is made and only read after.
     * Tyrus keeps them in a plain HashMap that every connect copies; writing it on connect from several connector
     * threads would race. All connections share one timeout in practice, so this holds one client.
     */
    private final Map<Duration, ClientManager> clientsByHandshakeTimeout = new ConcurrentHashMap<>();

    /** A transport with its own frame limit; it shares the one Grizzly transport with every other. */
    FeedTransport(int maxFrameBytes) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("frame limit must be >= 1024 bytes, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    private ClientManager newClient(Duration handshakeTimeout) {
        ClientManager client = new KeptClientManager();
        Map<String, Object> properties = client.getProperties();
        properties.put(ClientProperties.SHARED_CONTAINER, true);
        properties.put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 30);
        properties.put(ClientProperties.INCOMING_BUFFER_SIZE, maxFrameBytes + READ_MARGIN_BYTES);
        properties.put(ClientProperties.WORKER_THREAD_POOL_CONFIG, ThreadPoolConfig.defaultConfig()
                .setPoolName("feed-socket").setCorePoolSize(WORKER_THREADS).setMaxPoolSize(WORKER_THREADS)
                .setDaemon(true));
        properties.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
        client.setDefaultMaxTextMessageBufferSize(maxFrameBytes);
        return client;
    }

    /** The client that connects with this handshake timeout, made (and configured) on first use. */
    ClientManager client(Duration handshakeTimeout) {
        return clientsByHandshakeTimeout.computeIfAbsent(handshakeTimeout, this::newClient);
    }

    /** The largest frame this transport accepts, in bytes. */
    int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Whether a close is Tyrus giving up on a message over the limit: a frame larger than its read buffer (1011,
     * "Buffer overflow.") or a message whose fragments add up to more than the session allows (1009). It closes
     * the session itself, without delivering anything of the message; the session cannot be kept. A server would
     * send 1009 only for a message of ours it found too big, and ours are a few kilobytes at most.
     */
    static boolean isOverLimitClose(int code, String phrase) {
        return code == TOO_BIG_CLOSE_CODE || (code == OVERFLOW_CLOSE_CODE && OVERFLOW_CLOSE_PHRASE.equals(phrase));
    }

    public static FeedTransport shared() {
        return SHARED;
    }

    /** Blocks until the handshake completes or fails (never call it on a socket or control thread). */
    void connect(Endpoint endpoint, URI url, Duration timeout) throws DeploymentException, IOException {
        client(timeout).connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), url);
    }
}
