package com.tickstock.console.plant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import com.tickstock.console.manager.TickConsumer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The newest trade, quote and bar per ticker, compact, and which tickers changed since the last
 * {@link #takeChanged()}: what the {@code last} hash gets, so an attaching console fills its tables at once.
 *
 * <p>Threads: {@link #onTicks} runs on the manager's queued-consumer thread for this part (never a socket or
 * dispatch thread); {@link #takeChanged} on the publisher thread. Both hold this object's lock.
 */
final class LastValues implements TickConsumer {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Last> byTicker = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    @Override
    public synchronized void onTicks(EventBatch batch) {
        String connection = batch.connectionId();
        for (FeedEvent event : batch.events()) {
            if (event instanceof Trade t) {
                last(t.symbol(), connection).trade(t);
            } else if (event instanceof Quote q) {
                last(q.symbol(), connection).quote(q);
            } else if (event instanceof Bar b) {
                last(b.symbol(), connection).bar(b);
            }
        }
    }

    private Last last(String ticker, String connection) {
        Last last = byTicker.computeIfAbsent(ticker, t -> new Last());
        last.connection = connection;
        last.ticks++;
        changed.add(ticker);
        return last;
    }

    /** Ticker to last-values JSON for every ticker that changed since the previous call. */
    synchronized Map<String, String> takeChanged() {
        Map<String, String> json = new LinkedHashMap<>();
        for (String ticker : changed) {
            json.put(ticker, byTicker.get(ticker).toJson());
        }
        changed.clear();
        return json;
    }

    /** Marks every ticker changed, e.g. after Redis lost the hash in a restart. */
    synchronized void markAllChanged() {
        changed.addAll(byTicker.keySet());
    }

    synchronized int tickers() {
        return byTicker.size();
    }

    /** One ticker's values; NaN and 0 mean "none yet" and are left out of the JSON. */
    private static final class Last {
        String connection;
        double last = Double.NaN;
        long size;
        long tradeMillis;
        double bid = Double.NaN;
        double ask = Double.NaN;
        double barClose = Double.NaN;
        /** The first price seen: change is measured from it, as the window's tables do. */
        double reference = Double.NaN;
        long ticks;
        long volume;

        void trade(Trade t) {
            last = t.price();
            size = t.size();
            tradeMillis = t.sipTimestamp();
            volume += t.size();
            if (Double.isNaN(reference)) {
                reference = t.price();
            }
        }

        void quote(Quote q) {
            bid = q.bidPrice();
            ask = q.askPrice();
        }

        void bar(Bar b) {
            barClose = b.close();
            if (b.dayVolume() > 0) {
                volume = Math.max(volume, b.dayVolume());
            }
            if (Double.isNaN(reference)) {
                reference = b.officialOpen() > 0 ? b.officialOpen() : b.open();
            }
        }

        String toJson() {
            StringWriter out = new StringWriter(160);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("connection", connection);
                number(g, "last", last);
                if (size > 0) {
                    g.writeNumberField("size", size);
                }
                if (tradeMillis > 0) {
                    g.writeNumberField("trade_ms", tradeMillis);
                }
                number(g, "bid", bid);
                number(g, "ask", ask);
                number(g, "bar_close", barClose);
                double price = !Double.isNaN(last) ? last : barClose;
                if (!Double.isNaN(price) && !Double.isNaN(reference) && reference != 0) {
                    g.writeNumberField("change_pct", Math.round((price - reference) / reference * 10_000) / 100.0);
                }
                g.writeNumberField("ticks", ticks);
                if (volume > 0) {
                    g.writeNumberField("volume", volume);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        private static void number(JsonGenerator g, String name, double value) throws IOException {
            if (Double.isFinite(value)) {
                g.writeNumberField(name, value);
            }
        }
    }
}
