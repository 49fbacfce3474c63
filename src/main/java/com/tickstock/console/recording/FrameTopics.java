package com.tickstock.console.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the replay server needs to know of a recorded frame to route it: the topics of its market data
 * ({@code T.AAPL}) and its statuses. A frame that is not JSON is {@link #UNREADABLE}: it is replayed as is
 * (a malformed frame is part of what was recorded).
 *
 * @param topics   {@code ev.sym} of each event with a symbol
 * @param statuses the {@code status} of each status event
 */
record FrameTopics(List<String> topics, List<String> statuses) {

    static final FrameTopics UNREADABLE = new FrameTopics(List.of(), List.of());
    private static final JsonFactory JSON = new JsonFactory();
    /** The session's own statuses: the replay server answers these itself, so recorded ones are not replayed. */
    private static final Set<String> HANDSHAKE = Set.of("connected", "auth_success", "auth_failed", "auth_timeout",
            "success");

    static FrameTopics of(String frame) {
        List<String> topics = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        try (JsonParser p = JSON.createParser(frame)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                event(p, topics, statuses);
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
                    if (t == JsonToken.START_OBJECT) {
                        event(p, topics, statuses);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                return UNREADABLE;
            }
        } catch (IOException | RuntimeException e) {
            return UNREADABLE;
        }
        return new FrameTopics(topics, statuses);
    }

    private static void event(JsonParser p, List<String> topics, List<String> statuses) throws IOException {
        String ev = null;
        String sym = null;
        String status = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                switch (name) {
                    case "ev" -> ev = p.getText();
                    case "sym" -> sym = p.getText();
                    case "status" -> status = p.getText();
                    default -> { }
                }
            } else {
                p.skipChildren();
            }
        }
        if ("status".equals(ev)) {
            statuses.add(status == null ? "" : status);
        } else if (ev != null && sym != null) {
            topics.add(ev + "." + sym);
        }
    }

    /** Only the session's handshake (connected, auth, subscription acks): the replay server says these itself. */
    boolean isHandshakeOnly() {
        return topics.isEmpty() && !statuses.isEmpty() && statuses.stream().allMatch(HANDSHAKE::contains);
    }

    /** Whether a client subscribed to {@code subscribed} gets this frame: any of its topics, or it has none. */
    boolean isFor(Set<String> subscribed) {
        if (topics.isEmpty()) {
            return true;
        }
        for (String topic : topics) {
            int dot = topic.indexOf('.');
            if (subscribed.contains(topic) || subscribed.contains(topic.substring(0, dot + 1) + "*")) {
                return true;
            }
        }
        return false;
    }
}
