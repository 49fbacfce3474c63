package com.tickstock.console.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client message of the Massive protocol, {@code {"action":"subscribe","params":"T.AAPL,Q.AAPL"}}, as recorded
 * (the replay server reads the same messages from its clients).
 *
 * @param action {@code auth}, {@code subscribe}, {@code unsubscribe} or whatever was sent
 * @param params the params string as sent
 */
record SentMessage(String action, String params) {

    private static final JsonFactory JSON = new JsonFactory();

    /** The params as topics ({@code T.AAPL}), blanks dropped. */
    List<String> topics() {
        List<String> out = new ArrayList<>();
        for (String t : params.split(",", -1)) {
            if (!t.isBlank()) {
                out.add(t.trim());
            }
        }
        return out;
    }

    /** The message, or null when it is not a JSON object with a string {@code action}. */
    static SentMessage parse(String text) {
        String action = null;
        String params = "";
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && "action".equals(name)) {
                    action = p.getText();
                } else if (value == JsonToken.VALUE_STRING && "params".equals(name)) {
                    params = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return action == null ? null : new SentMessage(action, params);
    }
}
