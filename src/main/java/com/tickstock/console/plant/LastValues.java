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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest trade, quote and bar per ticker, compact, and which tickers changed since the last
 * {@link #takeChanged()}: what the {@code last} hash gets, so an attaching console fills its tables at once.
 *
 * <p>Threads: {@link #onTicks} runs on the connections' dispatch threads ({@code DIRECT} delivery: up to one call
 * per connection at once); {@link #takeChanged}, {@link #markAllChanged} and {@link #tickers} on the plant's
 * publisher thread. The map is concurrent; each ticker's values, and its changed mark, are guarded by that
 * ticker's own {@link Last} monitor, held only for a few field writes or one copy. A ticker is routed to one
 * connection, so the monitor is uncontended except while the publisher copies it or a ticker moves.
 *
 * <p>Why not a queued consumer of its own: at a desk's rate that was one more thread hand-off (a park and an
 * unpark) per frame, and at full rate one more queue of every frame; updating in place costs a map lookup and
 * an uncontended lock per tick, and the publisher finds the changed tickers by looking at each one every 250 ms
 * (the whole market is about 11,000 tickers).
 */
final class LastValues implements TickConsumer {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Last> byTicker = new ConcurrentHashMap<>();

    @Override
    public void onTicks(EventBatch batch) {
        String connection = batch.connectionId();
        List<FeedEvent> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            FeedEvent event = events.get(i);
            if (event instanceof Trade t) {
                Last last = last(t.symbol());
                synchronized (last) {
                    last.trade(t, connection);
                }
            } else if (event instanceof Quote q) {
                Last last = last(q.symbol());
                synchronized (last) {
                    last.quote(q, connection);
                }
            } else if (event instanceof Bar b) {
                Last last = last(b.symbol());
                synchronized (last) {
                    last.bar(b, connection);
                }
            }
        }
    }

    private Last last(String ticker) {
        Last last = byTicker.get(ticker); // the common case, without computeIfAbsent's locking of the bin
        return last != null ? last : byTicker.computeIfAbsent(ticker, t -> new Last());
    }

    /** Ticker to last-values JSON for every ticker that changed since the previous call. */
    Map<String, String> takeChanged() {
        Map<String, String> json = new LinkedHashMap<>();
        for (Map.Entry<String, Last> entry : byTicker.entrySet()) {
            Last copy;
            Last last = entry.getValue();
            synchronized (last) {
                if (!last.changed) {
                    continue;
                }
                last.changed = false;
                copy = last.copy();
            }
            json.put(entry.getKey(), copy.toJson()); // rendered outside the lock: the dispatch threads never wait on it
        }
        return json;
    }

    /** Marks every ticker changed, e.g. after Redis lost the hash in a restart. */
    void markAllChanged() {
        for (Last last : byTicker.values()) {
            synchronized (last) {
                last.changed = true;
            }
        }
    }

    int tickers() {
        return byTicker.size();
    }

    /** One ticker's values; NaN and 0 mean "none yet" and are left out of the JSON. */
    private static final class Last {
        /** Updated since the publisher last took it. */
        boolean changed;
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

        void trade(Trade t, String from) {
            tick(from);
            last = t.price();
            size = t.size();
            tradeMillis = t.sipTimestamp();
            volume += t.size();
            if (Double.isNaN(reference)) {
                reference = t.price();
            }
        }

        void quote(Quote q, String from) {
            tick(from);
            bid = q.bidPrice();
            ask = q.askPrice();
        }

        void bar(Bar b, String from) {
            tick(from);
            barClose = b.close();
            if (b.dayVolume() > 0) {
                volume = Math.max(volume, b.dayVolume());
            }
            if (Double.isNaN(reference)) {
                reference = b.officialOpen() > 0 ? b.officialOpen() : b.open();
            }
        }

        private void tick(String from) {
            connection = from;
            ticks++;
            changed = true;
        }

        Last copy() {
            Last copy = new Last();
            copy.connection = connection;
            copy.last = last;
            copy.size = size;
            copy.tradeMillis = tradeMillis;
            copy.bid = bid;
            copy.ask = ask;
            copy.barClose = barClose;
            copy.reference = reference;
            copy.ticks = ticks;
            copy.volume = volume;
            return copy;
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
