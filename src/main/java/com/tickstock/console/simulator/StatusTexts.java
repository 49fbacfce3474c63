package com.tickstock.console.simulator;

/**
 * The {@code status}/{@code message} pairs the simulator sends, as the live Massive service words
 * them where that is known (see the protocol reference). Public so client-side tests can assert
 * on the same text the simulator uses.
 */
public final class StatusTexts {

    public static final String CONNECTED = "connected";
    public static final String CONNECTED_MESSAGE = "Connected Successfully";

    public static final String AUTH_SUCCESS = "auth_success";
    public static final String AUTH_SUCCESS_MESSAGE = "authenticated";

    public static final String AUTH_FAILED = "auth_failed";
    public static final String AUTH_FAILED_MESSAGE = "authentication failed";

    public static final String AUTH_TIMEOUT = "auth_timeout";
    public static final String AUTH_TIMEOUT_MESSAGE = "No authentication request received.";

    /** Subscribe and unsubscribe acks. */
    public static final String SUCCESS = "success";
    public static final String SUBSCRIBED_PREFIX = "subscribed to: ";
    public static final String UNSUBSCRIBED_PREFIX = "unsubscribed to: ";

    public static final String ERROR = "error";
    /** Observed on the live service for a topic outside the plan. */
    public static final String NOT_AUTHORIZED_MESSAGE = "not authorized";
    /**
     * For anything but auth before auth succeeded. The live wording is not documented; this text
     * deliberately differs from {@link #NOT_AUTHORIZED_MESSAGE} so a client can tell the two apart.
     */
    public static final String NOT_AUTHENTICATED_MESSAGE = "you must authenticate first";
    public static final String INVALID_MESSAGE = "invalid message";
    public static final String UNKNOWN_ACTION_PREFIX = "unknown action: ";

    public static final String MAX_CONNECTIONS = "max_connections";
    /** The live text as users reported it. */
    public static final String MAX_CONNECTIONS_MESSAGE = "Maximum number of websocket connections exceeded. "
            + "You have reached the connection limit for your account. "
            + "Please contact support at https://massive.com/contact to increase your limit.";

    public static final String FORCE_DISCONNECT = "force_disconnect";
    public static final String FORCE_DISCONNECT_MESSAGE = "Connection closed by the server.";

    public static final String SLOW_CONSUMER = "slow_consumer";
    public static final String SLOW_CONSUMER_MESSAGE = "Connection closed: client could not keep up with the feed.";

    /** WebSocket close codes used with the statuses above. */
    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_POLICY_VIOLATION = 1008;

    private StatusTexts() {
    }

    public static String subscribed(String topic) {
        return SUBSCRIBED_PREFIX + topic;
    }

    public static String unsubscribed(String topic) {
        return UNSUBSCRIBED_PREFIX + topic;
    }
}
