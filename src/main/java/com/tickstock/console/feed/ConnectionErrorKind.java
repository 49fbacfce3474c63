package com.tickstock.console.feed;

/**
 * Why a connection lost (or never got) its socket, counted per connection so that an operator sees failing
 * connections in the error counts and by kind. Decode errors and {@code status: error} frames are counted
 * apart ({@link ConnectionSnapshot#decodeErrors()}, {@link ConnectionSnapshot#statusErrors()}).
 */
public enum ConnectionErrorKind {
    /** The server refused the key ({@code auth_failed}). */
    AUTH_FAILED("auth_failed"),
    /** The account's connection limit kicked this connection ({@code max_connections}). */
    MAX_CONNECTIONS("max_connections"),
    /** The quick retries ran out: from now on one attempt every reconnect cap, for as long as it takes. */
    RETRIES_EXHAUSTED("retries_exhausted"),
    /** The socket could not be opened (refused, unreachable, timed out). */
    CONNECT_FAILED("connect_failed"),
    /** An open socket dropped or was closed by the server without a reason given. */
    TRANSPORT("transport"),
    /** Nothing at all (not even a pong) came back within the keepalive timeout. */
    KEEPALIVE_TIMEOUT("keepalive_timeout"),
    /** No {@code auth_success} in time. */
    AUTH_TIMEOUT("auth_timeout"),
    /** The server announced why it closed the socket ({@code force_disconnect}, {@code slow_consumer}). */
    SERVER_DISCONNECT("server_disconnect"),
    /** STALE for too long: the connection dropped its silent socket and connected afresh. */
    STALE_RECONNECT("stale_reconnect");

    private final String key;

    ConnectionErrorKind(String key) {
        this.key = key;
    }

    /** The name in the health JSON and the Prometheus label, e.g. {@code max_connections}. */
    public String key() {
        return key;
    }

    /**
     * The kind a failure with this cause counts as, or null when the cause is no connection error: an operator's
     * own action, a healthy transition, or a frame over the size limit, which is already a decode error.
     */
    static ConnectionErrorKind of(Cause cause) {
        switch (cause) {
            case AUTH_FAILED:
                return AUTH_FAILED;
            case CONNECTION_LIMIT:
                return MAX_CONNECTIONS;
            case CONNECT_FAILED:
                return CONNECT_FAILED;
            case DROPPED:
            case SERVER_CLOSED:
                return TRANSPORT;
            case KEEPALIVE_TIMEOUT:
                return KEEPALIVE_TIMEOUT;
            case AUTH_TIMEOUT:
                return AUTH_TIMEOUT;
            case SERVER_DISCONNECT:
            case SLOW_CONSUMER:
                return SERVER_DISCONNECT;
            case NO_DATA:
                return STALE_RECONNECT;
            default:
                return null;
        }
    }
}
