package com.tickstock.console.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tickstock.console.feed.EventType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * The simulator's {@code --stats FILE}: what it sent, per connection and per topic, and the faults it injected,
 * as JSON, replaced whole (written beside and moved over) so a reader never sees half a file:
 * <pre>
 * {"written_at":"...","total_events":1234,"faults":{"drop-every":0,...},
 *  "connections":[{"id":1,"state":"CLOSED","events":1000,"topics":{"T.AAPL":510,...}}]}
 * </pre>
 *
 * <p>Threads: any; it reads the atomic counters, so a file written while frames flow is a moment's view.
 */
final class StatsFile {

    private static final JsonFactory JSON = new JsonFactory();

    private StatsFile() {
    }

    static String json(SimulatorServer server) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("written_at", Instant.now().toString());
            g.writeNumberField("total_events", server.totals().dataEvents());
            g.writeObjectFieldStart("faults");
            for (Map.Entry<String, Long> fault : server.injectedFaults().counts().entrySet()) {
                g.writeNumberField(fault.getKey(), fault.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("connections");
            for (SimConnection c : server.connections()) {
                SentCounters sent = c.counters();
                g.writeStartObject();
                g.writeNumberField("id", c.id());
                g.writeStringField("state", c.state().name());
                g.writeNumberField("events", sent.dataEvents());
                g.writeObjectFieldStart("topics");
                for (String symbol : new TreeSet<>(sent.symbols())) {
                    for (EventType type : EventType.values()) {
                        long n = type.isMarketData() ? sent.events(symbol, type) : 0;
                        if (n > 0) {
                            g.writeNumberField(type.wireName() + "." + symbol, n);
                        }
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Replaces {@code file} with the stats now. */
    static void write(SimulatorServer server, Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, json(server) + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
