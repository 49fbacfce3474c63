package com.tickstock.console.manager;

import com.tickstock.console.config.Tickers;
import com.tickstock.console.feed.FeedConnectionConfig;
import java.util.List;

/**
 * One configured connection as the manager needs it: how to connect, and which tickers it starts with.
 *
 * @param feed        the connection's settings (id, name, URL, key, timings)
 * @param universeKey the universe the tickers came from ({@code ""} when listed directly)
 * @param tickers     the initial tickers, upper case, no duplicates; exactly {@code [*]} ({@link Tickers#ALL}) for a
 *                    connection subscribed to every ticker
 */
public record ManagedConnectionSpec(FeedConnectionConfig feed, String universeKey, List<String> tickers) {

    public ManagedConnectionSpec {
        universeKey = universeKey == null ? "" : universeKey;
        tickers = List.copyOf(tickers);
    }

    /** Whether the connection subscribes every ticker; its tickers are learnt as they trade. */
    public boolean allTickers() {
        return Tickers.isAll(tickers);
    }

    public String id() {
        return feed.id();
    }
}
