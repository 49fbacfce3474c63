package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads the republisher's {@code market_tick} messages back into feed events, for an attached console's tables:
 * one tick per message ({@code REDIS_FORMAT=per_tick}) or a JSON array of them ({@code batch}). Only what the
 * message carries is filled in (price, size, time, bid/ask, bar close); the rest is left empty.
 *
 * <p>Stateless apart from the shared, thread-safe factory: any thread.
 */
final class MarketTickDecoder {

    private static final JsonFactory JSON = new JsonFactory();

    private MarketTickDecoder() {
    }

    /**
     * Calls {@code sink} with (connection id, event) for every tick in {@code message}.
     *
     * @throws IllegalArgumentException when the message is not market_tick JSON
     */
    static void decode(String message, BiConsumer<String, FeedEvent> sink) {
        try (JsonParser p = JSON.createParser(message)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    tick(p, sink);
                }
            } else if (first == JsonToken.START_OBJECT) {
                tick(p, sink);
            } else {
                throw new IllegalArgumentException("a tick message is a JSON object or array");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a tick message that is not JSON: " + e.getMessage(), e);
        }
    }

    private static void tick(JsonParser p, BiConsumer<String, FeedEvent> sink) throws IOException {
        String symbol = null;
        String eventType = "";
        String connection = "";
        double price = Double.NaN;
        long volume = 0;
        long millis = 0;
        double bid = Double.NaN;
        double ask = Double.NaN;
        long bidSize = 0;
        long askSize = 0;
        double open = Double.NaN;
        double high = Double.NaN;
        double low = Double.NaN;
        long windowStart = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "symbol" -> symbol = p.getText();
                case "event_type" -> eventType = p.getText();
                case "connection_id" -> connection = p.getText();
                case "price" -> price = p.getDoubleValue();
                case "volume" -> volume = p.getLongValue();
                case "timestamp" -> millis = epochMillis(p);
                case "bid" -> bid = p.getDoubleValue();
                case "ask" -> ask = p.getDoubleValue();
                case "bid_size" -> bidSize = p.getLongValue();
                case "ask_size" -> askSize = p.getLongValue();
                case "open" -> open = p.getDoubleValue();
                case "high" -> high = p.getDoubleValue();
                case "low" -> low = p.getDoubleValue();
                case "window_start" -> windowStart = epochMillis(p);
                default -> {
                    if (value.isStructStart()) {
                        p.skipChildren();
                    }
                }
            }
        }
        if (symbol == null) {
            throw new IllegalArgumentException("a market_tick without a symbol");
        }
        FeedEvent event = switch (eventType) {
            case "T" -> new Trade(symbol, 0, "", 0, price, volume, List.of(), millis, 0, 0, 0);
            case "Q" -> new Quote(symbol, 0, bid, bidSize, 0, ask, askSize, 0, List.of(), millis, 0, 0);
            case "A", "AM" -> new Bar("A".equals(eventType) ? EventType.SECOND_BAR : EventType.MINUTE_BAR, symbol,
                    volume, 0, 0, 0, open, price, high, low, 0, 0, windowStart, millis, false);
            default -> null;
        };
        if (event != null) {
            sink.accept(connection, event);
        }
    }

    /** The message's epoch seconds with a fraction, as milliseconds. */
    private static long epochMillis(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() * 1000
                : new BigDecimal(p.getText()).movePointRight(3).longValue();
    }

    /** Test helper: every event of a message. */
    static List<FeedEvent> decodeAll(String message) {
        List<FeedEvent> out = new ArrayList<>();
        decode(message, (c, e) -> out.add(e));
        return out;
    }
}
