package com.tickstock.console.feed;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * Opens WebSocket client connections with Tyrus on the feed's own transport, {@link SocketClientContainer}: a
 * socket per connection read by a thread of its own, which ends with the connection. Each connect gets a Tyrus client
 * of its own, configured once before it connects, so nothing of one connection's (its executors, shut down by Tyrus
 * when its connection closes) can be in use by the next one's handshake. Certificates of {@code wss://} servers are
 * verified by the JDK's default trust store and host name verification stays on: there is no trust-all switch.
 *
 * <p>Not final only so that tests in this package can stand between Tyrus and a connection (its
 * constructor is package-private).
 */
public class FeedTransport {

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
    /** A transport with its own frame limit. */
    FeedTransport(int maxFrameBytes) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("frame limit must be >= 1024 bytes, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /** A Tyrus client on the feed's transport, its properties written before any connect reads them. */
    ClientManager client(Duration handshakeTimeout) {
        ClientManager client = ClientManager.createClient(SocketClientContainer.class.getName());
        Map<String, Object> properties = client.getProperties();
        properties.put(ClientProperties.INCOMING_BUFFER_SIZE, maxFrameBytes + READ_MARGIN_BYTES);
        properties.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
        client.setDefaultMaxTextMessageBufferSize(maxFrameBytes);
        return client;
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
