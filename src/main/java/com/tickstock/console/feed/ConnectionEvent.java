package com.tickstock.console.feed;

/**
 * What can happen to a feed connection, as input to {@link ConnectionStateMachine}. Everything that comes from a
 * socket carries the generation of the socket it came from; the machine ignores what is not about its live socket.
 */
sealed interface ConnectionEvent {

    /** The operator (or the manager) wants the connection up. */
    record Connect() implements ConnectionEvent { }

    /** The operator wants it down, and to stay down. */
    record Disconnect() implements ConnectionEvent { }

    /** The operator wants a fresh socket now, with the backoff reset. */
    record Reconnect() implements ConnectionEvent { }

    /** The WebSocket handshake of this socket completed. */
    record SocketOpened(long generation) implements ConnectionEvent { }

    /** This socket is gone or must go: connect failed, dropped, closed, an error, a frame over the limit. */
    record SocketFailed(long generation, Cause cause, String words) implements ConnectionEvent { }

    /** Status {@code connected}: the server waits for the key. */
    record ServerConnected(long generation) implements ConnectionEvent { }

    /** Status {@code auth_success}; {@code topics} is how many topics are wanted now. */
    record AuthSucceeded(long generation, int topics) implements ConnectionEvent { }

    /** Status {@code auth_failed}: no retry can help. */
    record AuthRefused(long generation, String message) implements ConnectionEvent { }

    /** A status that says why the server is about to close ({@code auth_timeout}, {@code slow_consumer}, ...). */
    record DisconnectAnnounced(long generation, Cause cause, String message) implements ConnectionEvent { }

    /**
     * Status {@code max_connections}: the account's connection limit is kicking this socket. {@code oursOpen}: how
     * many sockets of this console (this one included) were open to the feed then, 0 when not known.
     */
    record Kicked(long generation, String message, int oursOpen) implements ConnectionEvent {

        Kicked(long generation, String message) {
            this(generation, message, 0);
        }
    }

    /** Every subscription sent has been answered (confirmed or refused). */
    record SubscriptionsAnswered(long generation) implements ConnectionEvent { }

    /** Market data arrived on this socket after the machine asked to hear of it. */
    record DataArrived(long generation) implements ConnectionEvent { }

    /** A timer the machine started has run out. */
    record TimerFired(ConnectionAction.Timer timer, long generation) implements ConnectionEvent { }

    /**
     * The periodic check: when the live socket last received anything and last received market data (nanoTime, 0
     * if never), and whether any topic is wanted.
     */
    record Tick(long lastInboundNanos, long lastDataNanos, boolean subscribed) implements ConnectionEvent { }
}
