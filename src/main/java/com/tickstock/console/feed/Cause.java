package com.tickstock.console.feed;

/** Why a connection changed state, in words an operator can act on. */
public enum Cause {
    NONE(""),
    OPERATOR("by operator"),
    STARTED("started"),
    AUTHENTICATED("authenticated"),
    SUBSCRIBED("subscriptions confirmed"),
    DATA_RESUMED("data resumed"),
    CONNECT_FAILED("connect failed"),
    DROPPED("connection dropped"),
    SERVER_CLOSED("closed by server"),
    SERVER_DISCONNECT("disconnected by server"),
    SLOW_CONSUMER("disconnected by server: slow consumer"),
    KEEPALIVE_TIMEOUT("no response to keepalive"),
    AUTH_TIMEOUT("authentication timed out"),
    NO_DATA("no data"),
    /** Silence is normal now (the market is closed): the connection stays STREAMING and is not STALE. */
    QUIET_EXPECTED("market closed"),
    /** The market's session began after an expected quiet: from now on silence counts towards STALE again. */
    SESSION_STARTED("market session started"),
    FRAME_TOO_LARGE("frame over the size limit"),
    AUTH_FAILED("auth failed"),
    CONNECTION_LIMIT("connection limit reached"),
    /** One of the connection's threads died of an uncaught error; nothing it counts can be trusted. */
    INTERNAL_ERROR("internal error");

    private final String words;

    Cause(String words) {
        this.words = words;
    }

    /** The cause as shown to an operator, e.g. "connection limit reached". */
    public String words() {
        return words;
    }
}
