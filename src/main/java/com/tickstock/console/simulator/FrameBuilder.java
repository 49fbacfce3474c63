package com.tickstock.console.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tickstock.console.feed.EventType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Writes one outgoing frame, a JSON array of events in the live service's field order, and keeps
 * the receipt of what is in it so the counters can be bumped once the write completed.
 *
 * <p>Threads: one instance per connection, used only by its sender thread.
 */
final class FrameBuilder {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int TYPES = EventType.values().length;

    private final StringWriter text = new StringWriter(2048);
    private JsonGenerator gen;
    private int events;

    // Receipt of the data events in the frame: which counter cells to bump, by type ordinal.
    private AtomicLongArray[] connectionCells = new AtomicLongArray[64];
    private AtomicLongArray[] totalCells = new AtomicLongArray[64];
    private byte[] types = new byte[64];
    private int dataEvents;
    private final List<String> statuses = new ArrayList<>(2);
    private int unknownEvents;

    void begin() {
        text.getBuffer().setLength(0);
        events = 0;
        dataEvents = 0;
        unknownEvents = 0;
        statuses.clear();
        try {
            gen = JSON.createGenerator(text);
            gen.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events in the frame so far. */
    int size() {
        return events;
    }

    String finish() {
        try {
            gen.writeEndArray();
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    void status(String status, String message) {
        try {
            gen.writeStartObject();
            gen.writeStringField("ev", "status");
            gen.writeStringField("status", status);
            gen.writeStringField("message", message);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        statuses.add(status);
        events++;
    }

    /** An event whose {@code ev} no Massive client knows, shaped like a data event. */
    void unknownEvent(String ev, String symbol, long t) {
        try {
            gen.writeStartObject();
            gen.writeStringField("ev", ev);
            gen.writeStringField("sym", symbol);
            gen.writeNumberField("v", 42);
            gen.writeNumberField("t", t);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        unknownEvents++;
        events++;
    }

    void trade(SymbolTape tape, int venue, String tradeId, double price, long size, int[] conditions,
               long t, long q, int trfId, long trfTime) {
        try {
            gen.writeStartObject();
            gen.writeStringField("ev", "T");
            gen.writeStringField("sym", tape.symbol);
            gen.writeNumberField("x", venue);
            gen.writeStringField("i", tradeId);
            gen.writeNumberField("z", tape.tape);
            gen.writeNumberField("p", price);
            gen.writeNumberField("s", size);
            if (conditions != null) {
                gen.writeFieldName("c");
                gen.writeArray(conditions, 0, conditions.length);
            }
            gen.writeNumberField("t", t);
            gen.writeNumberField("q", q);
            if (trfId != 0) {
                gen.writeNumberField("trfi", trfId);
                gen.writeNumberField("trft", trfTime);
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addData(tape, EventType.TRADE);
    }

    void quote(SymbolTape tape, int bidVenue, double bid, long bidSize, int askVenue, double ask, long askSize,
               int[] indicators, long t, long q) {
        try {
            gen.writeStartObject();
            gen.writeStringField("ev", "Q");
            gen.writeStringField("sym", tape.symbol);
            gen.writeNumberField("bx", bidVenue);
            gen.writeNumberField("bp", bid);
            gen.writeNumberField("bs", bidSize);
            gen.writeNumberField("ax", askVenue);
            gen.writeNumberField("ap", ask);
            gen.writeNumberField("as", askSize);
            gen.writeNumberField("c", 0);
            if (indicators != null) {
                gen.writeFieldName("i");
                gen.writeArray(indicators, 0, indicators.length);
            }
            gen.writeNumberField("t", t);
            gen.writeNumberField("q", q);
            gen.writeNumberField("z", tape.tape);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addData(tape, EventType.QUOTE);
    }

    void bar(EventType type, SymbolTape tape, BarWindow w) {
        try {
            gen.writeStartObject();
            gen.writeStringField("ev", type.wireName());
            gen.writeStringField("sym", tape.symbol);
            gen.writeNumberField("v", w.volume());
            gen.writeNumberField("av", w.dayVolume());
            gen.writeNumberField("op", tape.officialOpen);
            gen.writeNumberField("vw", w.vwap());
            gen.writeNumberField("o", w.open());
            gen.writeNumberField("c", w.close());
            gen.writeNumberField("h", w.high());
            gen.writeNumberField("l", w.low());
            gen.writeNumberField("a", w.dayVwap());
            gen.writeNumberField("z", w.averageSize());
            gen.writeNumberField("s", w.start());
            gen.writeNumberField("e", w.end());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addData(tape, type);
    }

    @SuppressWarnings("EnumOrdinal") // a byte per event indexes the counter cells by type (see SentCounters)
    private void addData(SymbolTape tape, EventType type) {
        if (dataEvents == types.length) {
            int n = types.length * 2;
            connectionCells = Arrays.copyOf(connectionCells, n);
            totalCells = Arrays.copyOf(totalCells, n);
            types = Arrays.copyOf(types, n);
        }
        connectionCells[dataEvents] = tape.connectionCell;
        totalCells[dataEvents] = tape.totalCell;
        types[dataEvents] = (byte) type.ordinal();
        dataEvents++;
        events++;
    }

    /** Books the frame's events once its write completed. */
    void commit(int frameLength, SentCounters connection, SentCounters totals) {
        long[] byType = new long[TYPES];
        for (int i = 0; i < dataEvents; i++) {
            int t = types[i];
            connectionCells[i].incrementAndGet(t);
            totalCells[i].incrementAndGet(t);
            byType[t]++;
            connectionCells[i] = null;
            totalCells[i] = null;
        }
        EventType[] all = EventType.values();
        for (int t = 0; t < TYPES; t++) {
            if (byType[t] > 0) {
                connection.addTypeEvents(all[t], byType[t]);
                totals.addTypeEvents(all[t], byType[t]);
            }
        }
        for (String s : statuses) {
            connection.addStatus(s);
            totals.addStatus(s);
        }
        for (int i = 0; i < unknownEvents; i++) {
            connection.addUnknownEvent();
            totals.addUnknownEvent();
        }
        connection.addFrame(frameLength);
        totals.addFrame(frameLength);
    }
}
