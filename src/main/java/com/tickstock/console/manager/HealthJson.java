package com.tickstock.console.manager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.tickstock.console.feed.ConnectionSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * The health snapshot as the seed's dashboard JSON ({@code total_connections}, {@code connected_count},
 * {@code total_ticks_received}, {@code total_errors}, {@code connections{...}}), each connection
 * carrying the seed's keys first and this console's extra keys after them ({@code errors}: its
 * {@code error_count} by kind; {@code stale_reconnect_at}: while STALE, when it will reconnect by itself),
 * then the snapshot's
 * sections (e.g. {@code redis}: the republisher's status) as top-level keys. Never holds a key:
 * the feed URL is written as configured, and URLs never carry the API key.
 */
public final class HealthJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * A section added under this key is written as top-level fields, not as an object: for the few figures every
     * reader looks for at the top (e.g. a feeder's {@code role} and {@code leader}).
     */
    public static final String TOP_LEVEL = "_top_level";

    private HealthJson() {
    }

    /** Pretty-printed JSON, e.g. for the clipboard or a file. */
    public static String toJson(HealthSnapshot health) {
        StringWriter out = new StringWriter();
        write(health, out, true);
        return out.toString();
    }

    public static void write(HealthSnapshot health, Writer out, boolean pretty) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            g.writeStartObject();
            g.writeNumberField("total_connections", health.totalConnections());
            g.writeNumberField("connected_count", health.connectedCount());
            g.writeNumberField("total_ticks_received", health.totalTicksReceived());
            g.writeNumberField("total_errors", health.totalErrors());
            g.writeNumberField("total_dropped", health.totalDropped());
            writeCounts(g, "errors_by_kind", health.errorsByKind());
            g.writeFieldName("timestamp");
            g.writeNumber(epochSeconds(health.takenAt().toEpochMilli()));
            g.writeObjectFieldStart("connections");
            for (Map.Entry<String, ConnectionHealth> entry : health.connections().entrySet()) {
                g.writeObjectFieldStart(entry.getKey());
                writeConnection(g, entry.getValue());
                g.writeEndObject();
            }
            g.writeEndObject();
            for (Map.Entry<String, Map<String, Object>> section : health.sections().entrySet()) {
                if (TOP_LEVEL.equals(section.getKey())) {
                    for (Map.Entry<String, Object> field : section.getValue().entrySet()) {
                        g.writeFieldName(field.getKey());
                        writeValue(g, field.getValue());
                    }
                    continue;
                }
                g.writeFieldName(section.getKey());
                writeValue(g, section.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A section's value: maps, lists, strings, numbers, booleans and nulls; anything else as its string. */
    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable) {
            g.writeStartArray();
            for (Object item : (Iterable<?>) value) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull(); // JSON has no NaN or Infinity
            }
        } else if (value instanceof BigDecimal) {
            g.writeNumber((BigDecimal) value);
        } else if (value instanceof Number) {
            g.writeNumber(((Number) value).longValue());
        } else {
            g.writeString(value.toString());
        }
    }

    /** Epoch seconds with milliseconds, written plainly (1705853696.123, never 1.705853696123E9). */
    private static BigDecimal epochSeconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    private static void writeConnection(JsonGenerator g, ConnectionHealth health) throws IOException {
        ConnectionSnapshot feed = health.feed();
        g.writeStringField("name", feed.name());
        g.writeStringField("status", health.seedStatus());
        g.writeNumberField("assigned_tickers", health.assignedTickers());
        g.writeNumberField("message_count", feed.marketDataEvents());
        g.writeNumberField("error_count", health.errorCount());
        if (feed.lastMessageMillis() > 0) {
            g.writeFieldName("last_message_time");
            g.writeNumber(epochSeconds(feed.lastMessageMillis()));
        } else {
            g.writeNullField("last_message_time");
        }
        g.writeStringField("state", feed.state().name());
        g.writeStringField("cause", feed.cause().words());
        g.writeStringField("url", feed.url());
        g.writeStringField("universe_key", health.universeKey());
        g.writeBooleanField("all_tickers", health.allTickers());
        g.writeNumberField("reconnect_count", feed.reconnects());
        g.writeNumberField("decode_errors", feed.decodeErrors());
        g.writeNumberField("msgs_per_second", Math.round(feed.msgsPerSecond() * 10) / 10.0);
        g.writeNumberField("lag_ms_p50", feed.lagMsP50());
        g.writeNumberField("lag_ms_p99", feed.lagMsP99());
        g.writeNumberField("sequence_gaps", feed.sequenceGaps());
        g.writeNumberField("dropped", feed.droppedTotal());
        writeCounts(g, "errors", health.errorsByKind());
        if (feed.staleReconnectAt() != null) {
            g.writeFieldName("stale_reconnect_at");
            g.writeNumber(epochSeconds(feed.staleReconnectAt().toEpochMilli()));
        } else {
            g.writeNullField("stale_reconnect_at");
        }
    }

    private static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            g.writeNumberField(count.getKey(), count.getValue());
        }
        g.writeEndObject();
    }
}
