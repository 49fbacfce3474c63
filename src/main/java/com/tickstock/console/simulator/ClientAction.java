package com.tickstock.console.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * One message a client sent: {@code {"action":"auth","params":"KEY"}},
 * {@code {"action":"subscribe","params":"T.AAPL,Q.MSFT"}}...
 *
 * @param action the {@code action} field
 * @param params the {@code params} field as text, {@code ""} when absent
 */
record ClientAction(String action, String params) {

    static final String AUTH = "auth";
    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Parses one client message; {@code null} when it is not an object with a string {@code action}. */
    static ClientAction parse(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String action = null;
            String params = "";
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("action".equals(name) && value == JsonToken.VALUE_STRING) {
                    action = p.getText();
                } else if ("params".equals(name) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    params = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null || action == null) {
                return null;
            }
            return new ClientAction(action, params);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        // Never log an API key.
        return AUTH.equals(action) ? "auth(***)" : action + "(" + params + ")";
    }
}
