package com.tickstock.console.feed;

import org.glassfish.tyrus.client.ClientManager;

/**
 * A Tyrus client that keeps its executors while no connection is open, until {@link #shutdown()}.
 *
 * <p>Why: Tyrus shuts a client's executors down the moment its last connection closes. A connection that
 * disconnects and connects again at once races that shutdown: the new handshake may already hold the old
 * scheduled executor, and its session then fails to start ("Handshake response not received", a
 * {@code RejectedExecutionException} in the log) and costs a reconnect. The executors' threads are daemons, so
 * keeping them idle stops nothing from exiting.
 */
public final class KeptClientManager extends ClientManager {

    /** A client on Tyrus's default container, Grizzly's, as {@link ClientManager#createClient()} gives. */
    public KeptClientManager() {
        super();
    }

    @Override
    protected void shutdown(ShutDownCondition condition) {
        // Kept until shutdown(): see the class comment.
    }
}
