package com.tickstock.console.feed;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one feed connection needs. Immutable; {@link #toString()} never shows the API key.
 *
 * @param id                 stable id, e.g. {@code connection_1}
 * @param name               operator-facing name, e.g. {@code primary}
 * @param url                {@code ws://} or {@code wss://} URL of the feed
 * @param apiKey             the Massive API key (a secret)
 * @param reconnect          backoff and give-up rules
 * @param staleAfter         no data for this long while subscribed → STALE
 * @param keepaliveInterval  how often to ping
 * @param keepaliveTimeout   nothing at all received (no pong, no frame) for this long → treated as a drop
 * @param connectTimeout     bound on opening the socket (TCP + WebSocket handshake)
 * @param authTimeout        bound on waiting for {@code connected} and {@code auth_success}
 * @param handoffCapacity    frames the socket thread may queue for consumers before it drops (and counts)
 * @param silence            the stale threshold at each moment (following the market's session); when absent,
 *                           always {@code staleAfter}
 * @param staleReconnectFactor a connection STALE this many times the stale threshold in all (counted from the last
 *                           data) drops its silent socket and connects afresh; {@link #STALE_RECONNECT_OFF} never.
 *                           Never while silence is expected (the market is closed): such a connection is not STALE.
 */
public record FeedConnectionConfig(String id, String name, URI url, String apiKey, ReconnectPolicy reconnect,
                                   Duration staleAfter, Duration keepaliveInterval, Duration keepaliveTimeout,
                                   Duration connectTimeout, Duration authTimeout, int handoffCapacity,
                                   SilenceRule silence, int staleReconnectFactor) {

    /** {@link #staleReconnectFactor()}: a STALE connection stays STALE until data resumes or an operator acts. */
    public static final int STALE_RECONNECT_OFF = 0;

    /** Without stale reconnects: a STALE connection waits for data or an operator. */
    public FeedConnectionConfig(String id, String name, URI url, String apiKey, ReconnectPolicy reconnect,
                                Duration staleAfter, Duration keepaliveInterval, Duration keepaliveTimeout,
                                Duration connectTimeout, Duration authTimeout, int handoffCapacity, SilenceRule silence) {
        this(id, name, url, apiKey, reconnect, staleAfter, keepaliveInterval, keepaliveTimeout, connectTimeout,
                authTimeout, handoffCapacity, silence, STALE_RECONNECT_OFF);
    }

    /** A connection whose stale threshold is always {@code staleAfter}. */
    public FeedConnectionConfig(String id, String name, URI url, String apiKey, ReconnectPolicy reconnect,
                                Duration staleAfter, Duration keepaliveInterval, Duration keepaliveTimeout,
                                Duration connectTimeout, Duration authTimeout, int handoffCapacity) {
        this(id, name, url, apiKey, reconnect, staleAfter, keepaliveInterval, keepaliveTimeout, connectTimeout,
                authTimeout, handoffCapacity, null);
    }

    public FeedConnectionConfig {
        silence = silence == null ? SilenceRule.fixed(staleAfter) : silence;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reconnect, "reconnect");
        name = name == null ? id : name;
        apiKey = apiKey == null ? "" : apiKey;
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("feed URL must be ws:// or wss://, was " + url);
        }
        if (keepaliveTimeout.compareTo(keepaliveInterval) <= 0) {
            throw new IllegalArgumentException("keepalive timeout " + keepaliveTimeout
                    + " must exceed the keepalive interval " + keepaliveInterval);
        }
        if (staleReconnectFactor < 0) {
            throw new IllegalArgumentException("stale reconnect factor must be >= 1, or 0 for off, was "
                    + staleReconnectFactor);
        }
        if (handoffCapacity < 1) {
            throw new IllegalArgumentException("hand-off capacity must be >= 1, was " + handoffCapacity);
        }
    }

    /** Defaults for everything but identity, URL and key: official clients ping every ~20 s and give up after ~30 s. */
    public static FeedConnectionConfig of(String id, String name, URI url, String apiKey) {
        return new FeedConnectionConfig(id, name, url, apiKey, ReconnectPolicy.DEFAULT, Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10), 16_384);
    }

    public FeedConnectionConfig withReconnect(ReconnectPolicy policy) {
        return new FeedConnectionConfig(id, name, url, apiKey, policy, staleAfter, keepaliveInterval,
                keepaliveTimeout, connectTimeout, authTimeout, handoffCapacity, silence, staleReconnectFactor);
    }

    /** These timings, with the stale threshold {@code stale} at every moment. */
    public FeedConnectionConfig withTimings(Duration stale, Duration pingEvery, Duration silentAfter,
                                            Duration connect, Duration auth) {
        return new FeedConnectionConfig(id, name, url, apiKey, reconnect, stale, pingEvery, silentAfter,
                connect, auth, handoffCapacity, null, staleReconnectFactor);
    }

    public FeedConnectionConfig withHandoffCapacity(int frames) {
        return new FeedConnectionConfig(id, name, url, apiKey, reconnect, staleAfter, keepaliveInterval,
                keepaliveTimeout, connectTimeout, authTimeout, frames, silence, staleReconnectFactor);
    }

    /** This connection with its stale threshold decided by {@code rule} at each moment. */
    public FeedConnectionConfig withSilenceRule(SilenceRule rule) {
        return new FeedConnectionConfig(id, name, url, apiKey, reconnect, staleAfter, keepaliveInterval,
                keepaliveTimeout, connectTimeout, authTimeout, handoffCapacity, rule, staleReconnectFactor);
    }

    /**
     * This connection, reconnecting by itself once STALE for {@code factor} times the stale threshold in all, or
     * never with {@link #STALE_RECONNECT_OFF}.
     */
    public FeedConnectionConfig withStaleReconnect(int factor) {
        return new FeedConnectionConfig(id, name, url, apiKey, reconnect, staleAfter, keepaliveInterval,
                keepaliveTimeout, connectTimeout, authTimeout, handoffCapacity, silence, factor);
    }

    @Override
    public String toString() {
        return "FeedConnectionConfig[id=" + id + ", name=" + name + ", url=" + url + ", apiKey="
                + (apiKey.isEmpty() ? "(none)" : "****") + ", reconnect=" + reconnect + ", staleAfter=" + staleAfter
                + ", staleReconnectFactor=" + (staleReconnectFactor == STALE_RECONNECT_OFF ? "off" : staleReconnectFactor)
                + ", keepalive=" + keepaliveInterval + "/" + keepaliveTimeout + ", handoffCapacity=" + handoffCapacity + "]";
    }
}
