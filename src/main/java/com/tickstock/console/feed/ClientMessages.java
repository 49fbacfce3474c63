package com.tickstock.console.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The JSON messages the client sends to the feed: {@code auth}, {@code subscribe},
 * {@code unsubscribe}. Values are escaped by Jackson's generator, so any key or ticker yields
 * valid JSON.
 *
 * <p>Static functions returning plain strings: no instance holds the API key, so no
 * {@code toString} or debugger view can show it, and nothing here logs. Exception messages never
 * include the key. The caller must treat the returned auth message as a secret too.
 */
public final class ClientMessages {

    private static final JsonFactory JSON = new JsonFactory();

    private ClientMessages() {
    }

    /** {@code {"action":"auth","params":"KEY"}}; a null or blank key is an {@link IllegalArgumentException}. */
    public static String auth(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the API key is missing or blank");
        }
        return action("auth", apiKey);
    }

    /**
     * {@code {"action":"subscribe","params":"T.AAPL,Q.MSFT"}}, topics in iteration order with
     * duplicates dropped (each would earn its own ack). An empty collection or a null topic is an
     * {@link IllegalArgumentException}: the feed would silently ignore such a request.
     */
    public static String subscribe(Collection<Topic> topics) {
        return action("subscribe", params(topics));
    }

    /** {@code {"action":"unsubscribe","params":"T.MSFT"}}; same rules as {@link #subscribe}. */
    public static String unsubscribe(Collection<Topic> topics) {
        return action("unsubscribe", params(topics));
    }

    /** The comma-separated {@code params} value for {@code topics}, e.g. {@code T.AAPL,T.*}. */
    public static String params(Collection<Topic> topics) {
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("at least one topic is needed");
        }
        Set<String> items = new LinkedHashSet<>();
        for (Topic topic : topics) {
            if (topic == null) {
                throw new IllegalArgumentException("null topic in " + topics.size() + " topics");
            }
            items.add(topic.wire());
        }
        return String.join(",", items);
    }

    private static String action(String action, String params) {
        StringWriter out = new StringWriter(32 + params.length());
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("action", action);
            generator.writeStringField("params", params);
            generator.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; do not echo anything of the params.
            throw new UncheckedIOException("could not write the " + action + " message", e);
        }
        return out.toString();
    }
}
