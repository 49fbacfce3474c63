package com.tickstock.console.manager;

import com.tickstock.console.config.FeedSettings;

import com.tickstock.console.config.ConsoleConfig;

import com.tickstock.console.config.ConnectionConfig;

import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.ReconnectPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns the validated configuration into what the manager opens. */
public final class ConnectionSpecs {

    /** How long a connection must stream before its reconnect attempts count from zero again. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    static final int HANDOFF_FRAMES = 16_384;

    private ConnectionSpecs() {
    }

    /**
     * The connection specs for {@code config}, connecting to {@code url} with {@code apiKey} — the
     * configured feed, or the embedded simulator's address and key when no key is configured.
     */
    public static List<ManagedConnectionSpec> from(ConsoleConfig config, URI url, String apiKey) {
        FeedSettings feed = config.feed();
        ReconnectPolicy policy = feed.reconnect().toPolicy(feed.maxConnectionKicks(), STABLE_AFTER);
        // Official clients ping every 20-25 s and call a peer dead after ~30 s of silence: 1.5 intervals.
        Duration keepaliveTimeout = feed.keepaliveInterval().multipliedBy(3).dividedBy(2);
        List<ManagedConnectionSpec> specs = new ArrayList<>();
        for (ConnectionConfig connection : config.connections()) {
            FeedConnectionConfig feedConfig = new FeedConnectionConfig(connection.id(), connection.name(), url, apiKey,
                    policy, feed.staleAfter(), feed.keepaliveInterval(), keepaliveTimeout, CONNECT_TIMEOUT, AUTH_TIMEOUT,
                    HANDOFF_FRAMES).withSilenceRule(MarketSessionHealth.silenceRule(feed.market(), feed.staleAfter()))
                    .withStaleReconnect(feed.staleReconnectFactor());
            specs.add(new ManagedConnectionSpec(feedConfig, connection.universeKey(), connection.tickers()));
        }
        return specs;
    }
}
