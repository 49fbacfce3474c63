package com.tickstock.console.feed;

/**
 * One desired subscription and what the server said about it.
 *
 * @param serverMessage the refusal text for {@link TopicState#REJECTED}, else {@code ""}
 */
public record TopicStatus(Topic topic, TopicState state, String serverMessage) {

    public TopicStatus {
        serverMessage = serverMessage == null ? "" : serverMessage;
    }
}
