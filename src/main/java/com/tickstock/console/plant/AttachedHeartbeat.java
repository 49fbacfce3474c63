package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One heartbeat of a feeder as the contract (docs/plant-protocol.md) writes it: who the feeder is, and the
 * health JSON ({@code data}) both as the exact text the feeder wrote, so an attached endpoint serves the
 * feeder's numbers unchanged, and as values for rebuilding a snapshot.
 *
 * @param id          the feeder's id
 * @param host        its host
 * @param version     its version
 * @param publishedAt when it wrote this heartbeat, epoch seconds by the feeder's clock
 * @param dataJson    the {@code data} object's text, exactly as received; {@code "{}"} when absent
 * @param data        the same parsed: maps, lists, strings, numbers, booleans and nulls
 * @param startedAt   when the feeder started, epoch seconds by its clock: a restart under the same id changes it
 * @param ticksMode   where its ticks go: {@code pubsub} or {@code stream} ({@code ""} when not said)
 * @param ticksChannel the channel (or stream key) of its ticks ({@code ""} when not said)
 */
public record AttachedHeartbeat(String id, String host, String version, double publishedAt, String dataJson,
                                Map<String, Object> data, double startedAt, String ticksMode, String ticksChannel) {

    private static final JsonFactory JSON = new JsonFactory();

    public AttachedHeartbeat {
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /**
     * Reads a heartbeat.
     *
     * @throws IllegalArgumentException when it is not the contract's JSON or names no feeder id
     */
    public static AttachedHeartbeat parse(String json) {
        String id = null;
        String host = "";
        String version = "";
        double publishedAt = 0;
        String dataJson = "{}";
        Map<String, Object> data = Map.of();
        double startedAt = 0;
        String ticksMode = "";
        String ticksChannel = "";
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a heartbeat is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("data") && value == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    data = readObject(p);
                    int end = (int) p.currentLocation().getCharOffset();
                    dataJson = json.substring(start, end);
                } else if (field.equals("feeder") && value == JsonToken.START_OBJECT) {
                    Map<String, Object> feeder = readObject(p);
                    id = text(feeder.get("id"), null);
                    host = text(feeder.get("host"), "");
                    version = text(feeder.get("version"), "");
                    publishedAt = feeder.get("published_at") instanceof Number n ? n.doubleValue() : 0;
                    startedAt = feeder.get("started_at") instanceof Number n ? n.doubleValue() : 0;
                } else if (field.equals("ticks") && value == JsonToken.START_OBJECT) {
                    Map<String, Object> ticks = readObject(p);
                    ticksMode = text(ticks.get("mode"), "");
                    ticksChannel = text(ticks.get("channel"), "");
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a heartbeat that is not JSON: " + e.getMessage(), e);
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a heartbeat without feeder.id");
        }
        return new AttachedHeartbeat(id, host, version, publishedAt, dataJson, data, startedAt, ticksMode, ticksChannel);
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }

    /** The object the parser stands at the start of, up to and including its end. */
    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, readValue(p));
        }
        return map;
    }

    private static Object readValue(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }
}
