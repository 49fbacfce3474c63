package com.tickstock.console.config;

import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings shared by every feed connection.
 *
 * @param url                the Massive endpoint (ignored when the embedded simulator runs)
 * @param eventTypes         what to subscribe per ticker (subset of T, Q, A, AM), never empty
 * @param reconnect          reconnect policy
 * @param staleAfter         no tick for this long marks a connected connection stale
 * @param keepaliveInterval  WebSocket ping interval
 * @param connectionCapacity the most tickers one connection may carry
 * @param maxConnectionKicks consecutive {@code max_connections} rejections before FAILED
 * @param market             the market's sessions, which the stale threshold follows ({@code staleAfter} is the
 *                           regular-hours one)
 * @param staleReconnectFactor {@code WEBSOCKET_STALE_RECONNECT_FACTOR}: silent this many stale thresholds, a
 *                           connection reconnects by itself; {@link #STALE_RECONNECT_OFF} never
 */
public record FeedSettings(URI url, Set<EventType> eventTypes, ReconnectSettings reconnect, Duration staleAfter,
                           Duration keepaliveInterval, int connectionCapacity, int maxConnectionKicks,
                           MarketSettings market, int staleReconnectFactor) {

    /** {@code WEBSOCKET_STALE_RECONNECT_FACTOR=off}: a STALE connection waits for data or an operator. */
    public static final int STALE_RECONNECT_OFF = FeedConnectionConfig.STALE_RECONNECT_OFF;
    public static final int MIN_STALE_RECONNECT_FACTOR = 1;
    public static final int MAX_STALE_RECONNECT_FACTOR = 100;
    public static final int DEFAULT_STALE_RECONNECT_FACTOR = 3;

    /** With the default stale reconnect factor. */
    public FeedSettings(URI url, Set<EventType> eventTypes, ReconnectSettings reconnect, Duration staleAfter,
                        Duration keepaliveInterval, int connectionCapacity, int maxConnectionKicks,
                        MarketSettings market) {
        this(url, eventTypes, reconnect, staleAfter, keepaliveInterval, connectionCapacity, maxConnectionKicks, market,
                DEFAULT_STALE_RECONNECT_FACTOR);
    }

    /** The event types a connection may subscribe to. */
    public static final Set<EventType> SUBSCRIBABLE = Collections.unmodifiableSet(EnumSet.of(
            EventType.TRADE, EventType.QUOTE, EventType.SECOND_BAR, EventType.MINUTE_BAR));

    public FeedSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
        Objects.requireNonNull(market, "market");
        if (eventTypes.isEmpty() || !SUBSCRIBABLE.containsAll(eventTypes)) {
            throw new IllegalArgumentException("event types must be a non-empty subset of " + SUBSCRIBABLE);
        }
        eventTypes = Collections.unmodifiableSet(EnumSet.copyOf(eventTypes));
        if (connectionCapacity < 1 || maxConnectionKicks < 1) {
            throw new IllegalArgumentException("capacity and max kicks must be positive");
        }
        if (staleReconnectFactor != STALE_RECONNECT_OFF && (staleReconnectFactor < MIN_STALE_RECONNECT_FACTOR
                || staleReconnectFactor > MAX_STALE_RECONNECT_FACTOR)) {
            throw new IllegalArgumentException("stale reconnect factor must be " + MIN_STALE_RECONNECT_FACTOR + ".."
                    + MAX_STALE_RECONNECT_FACTOR + " or off, was " + staleReconnectFactor);
        }
    }
}
