package com.tickstock.console.feed;

/**
 * A session status event ({@code ev = "status"}): connected, auth_success, auth_failed,
 * auth_timeout, success (subscribe acks), error, max_connections, force_disconnect, slow_consumer...
 *
 * @param status  the {@code status} field as sent, {@code ""} when absent
 * @param message the {@code message} field as sent, {@code ""} when absent
 */
public record StatusMessage(String status, String message) implements FeedEvent {

    public StatusMessage {
        status = status == null ? "" : status;
        message = message == null ? "" : message;
    }

    @Override
    public EventType type() {
        return EventType.STATUS;
    }

    @Override
    public String symbol() {
        return "";
    }
}
