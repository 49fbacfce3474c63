package com.tickstock.console.feed;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/**
 * Opens WebSocket client connections with Tyrus. All connections share one Grizzly transport
 * (Tyrus' shared container), so connecting and disconnecting a hundred times creates no new
 * selector or worker threads; the shared transport shuts itself down after a quiet period.
 * Certificates of {@code wss://} servers are verified by the JDK's default trust store and host
 * name verification stays on: there is no trust-all switch.
 */
public final class FeedTransport {

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

    /** Largest text frame accepted: busy periods batch many events into one frame. */
    public static final int MAX_FRAME_CHARS = 64 * 1024 * 1024;

    private static final FeedTransport SHARED = new FeedTransport();

    private final ClientManager client;

    private FeedTransport() {
        client = ClientManager.createClient(GrizzlyClientContainer.class.getName());
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 30);
        client.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_FRAME_CHARS);
        client.getProperties().put(ClientProperties.WORKER_THREAD_POOL_CONFIG, ThreadPoolConfig.defaultConfig()
                .setPoolName("feed-socket").setCorePoolSize(WORKER_THREADS).setMaxPoolSize(WORKER_THREADS)
                .setDaemon(true));
        client.setDefaultMaxTextMessageBufferSize(MAX_FRAME_CHARS);
    }

    public static FeedTransport shared() {
        return SHARED;
    }

    /** Blocks until the handshake completes or fails (never call it on a socket or control thread). */
    void connect(Endpoint endpoint, URI url, Duration timeout) throws DeploymentException, IOException {
        // Tyrus reads the handshake timeout from the client's properties; the same value for all is fine.
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) timeout.toMillis());
        client.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), url);
    }
}
