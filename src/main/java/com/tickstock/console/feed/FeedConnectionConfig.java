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
 */
public record FeedConnectionConfig(String id, String name, URI url, String apiKey, ReconnectPolicy reconnect,
                                   Duration staleAfter, Duration keepaliveInterval, Duration keepaliveTimeout,
                                   Duration connectTimeout, Duration authTimeout, int handoffCapacity,
                                   SilenceRule silence) {

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
                keepaliveTimeout, connectTimeout, authTimeout, handoffCapacity, silence);
    }

    /** These timings, with the stale threshold {@code stale} at every moment. */
    public FeedConnectionConfig withTimings(Duration stale, Duration pingEvery, Duration silentAfter,
                                            Duration connect, Duration auth) {
        return new FeedConnectionConfig(id, name, url, apiKey, reconnect, stale, pingEvery, silentAfter,
                connect, auth, handoffCapacity);
    }

    public FeedConnectionConfig withHandoffCapacity(int frames) {
        return new FeedConnectionConfig(id, name, url, apiKey, reconnect, staleAfter, keepaliveInterval,
                keepaliveTimeout, connectTimeout, authTimeout, frames, silence);
    }

    /** This connection with its stale threshold decided by {@code rule} at each moment. */
    public FeedConnectionConfig withSilenceRule(SilenceRule rule) {
        return new FeedConnectionConfig(id, name, url, apiKey, reconnect, staleAfter, keepaliveInterval,
                keepaliveTimeout, connectTimeout, authTimeout, handoffCapacity, rule);
    }

    @Override
    public String toString() {
        return "FeedConnectionConfig[id=" + id + ", name=" + name + ", url=" + url + ", apiKey="
                + (apiKey.isEmpty() ? "(none)" : "****") + ", reconnect=" + reconnect + ", staleAfter=" + staleAfter
                + ", keepalive=" + keepaliveInterval + "/" + keepaliveTimeout + ", handoffCapacity=" + handoffCapacity + "]";
    }
}
