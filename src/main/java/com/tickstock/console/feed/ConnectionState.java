package com.tickstock.console.feed;

/**
 * Where one feed connection stands. The happy path is
 * {@code DISCONNECTED → CONNECTING → AUTHENTICATING → SUBSCRIBING → STREAMING}.
 */
public enum ConnectionState {
    /** No socket, and none wanted: initial state, or the operator disconnected. */
    DISCONNECTED,
    /** Opening the WebSocket. */
    CONNECTING,
    /** Socket open, waiting for {@code auth_success}. */
    AUTHENTICATING,
    /** Authenticated; subscriptions sent, acknowledgements outstanding. */
    SUBSCRIBING,
    /** Authenticated, subscribed and (as far as anyone can tell) receiving data. */
    STREAMING,
    /** Socket open and subscribed, but no data for longer than the stale threshold. */
    STALE,
    /** The socket was lost; another attempt is scheduled (transient failures are retried for ever). */
    RECONNECTING,
    /** Given up: a cause no retry can cure and an operator must act on (auth failed, connection limit). */
    FAILED;

    /** Whether a socket is (being) held in this state. */
    public boolean isLive() {
        return this == CONNECTING || this == AUTHENTICATING || this == SUBSCRIBING
                || this == STREAMING || this == STALE;
    }
}
