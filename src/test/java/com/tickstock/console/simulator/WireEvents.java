package com.tickstock.console.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-side parsing of server frames with jackson-core only: an array of flat event objects. */
final class WireEvents {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private WireEvents() {
    }

    /** One event as field to value: String, Long, Double or List of Long. */
    static List<Map<String, Object>> parseFrame(String frame) {
        try (JsonParser p = JSON.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("frame is not a JSON array: " + frame);
            }
            List<Map<String, Object>> events = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                Map<String, Object> event = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    event.put(name, value(p, v));
                }
                events.add(event);
            }
            if (t != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content in frame: " + frame);
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("malformed frame: " + frame, e);
        }
    }

    private static Object value(JsonParser p, JsonToken v) throws IOException {
        switch (v) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case START_ARRAY: {
                List<Long> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(p.getLongValue());
                }
                return list;
            }
            default:
                p.skipChildren();
                return null;
        }
    }

    static String ev(Map<String, Object> e) {
        return (String) e.get("ev");
    }

    static long longOf(Map<String, Object> e, String field) {
        return ((Number) e.get(field)).longValue();
    }

    static double doubleOf(Map<String, Object> e, String field) {
        return ((Number) e.get(field)).doubleValue();
    }
}
