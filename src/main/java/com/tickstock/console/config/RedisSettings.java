package com.tickstock.console.config;

import java.util.Objects;

/**
 * Republishing ticks to Redis for TickStock's downstream consumers.
 *
 * @param enabled    whether to republish at all
 * @param url        {@code redis://...} or {@code rediss://...}; may carry a password, so it is
 *                   redacted in {@link #toString()}; {@code ""} when disabled without a URL
 * @param channel    the channel (pub/sub) or stream key; {@code tickstock:market:ticks} by contract
 * @param format     one message per tick (the original's contract) or batches
 * @param mode       PUBLISH to a channel or XADD to a stream
 * @param bufferSize ticks held while Redis is slow or down before {@code overflow} drops some
 * @param overflow   which ticks a full buffer gives up: the oldest (the default: fresh ticks matter more on a
 *                   live feed) or the newest
 * @param drainRate  ticks per second at which a backlog is sent once Redis is back, so that subscribers are
 *                   not cut for exceeding their output buffer (1.25x the feed's rate when the feed is faster);
 *                   live ticks without a backlog are not paced
 * @param replicasAck stream mode: replicas that must confirm each batch ({@code WAIT}) before it counts as published
 * @param shards     {@code REDIS_SHARDS}: ticks go to {@code channel:0} .. {@code channel:N-1} by symbol; 1 keeps
 *                   {@code channel}
 */
public record RedisSettings(boolean enabled, String url, String channel, Format format, Mode mode, int bufferSize,
                            Overflow overflow, int drainRate, int replicasAck, int shards) {

    public static final int MAX_REPLICAS_ACK = 16;
    /** Most shard channels {@code REDIS_SHARDS} may ask for (the republisher's {@code TickShards.MAX_SHARDS}). */
    public static final int MAX_SHARDS = 1024;

    /** One shard: the channel keeps its own name. */
    public RedisSettings(boolean enabled, String url, String channel, Format format, Mode mode, int bufferSize,
                         Overflow overflow, int drainRate, int replicasAck) {
        this(enabled, url, channel, format, mode, bufferSize, overflow, drainRate, replicasAck, 1);
    }

    /** Without replica confirmation. */
    public RedisSettings(boolean enabled, String url, String channel, Format format, Mode mode, int bufferSize,
                         Overflow overflow, int drainRate) {
        this(enabled, url, channel, format, mode, bufferSize, overflow, drainRate, 0);
    }

    /**
     * 50,000 ticks/s, about 12 MB/s of per-tick messages: with Redis's default pub/sub output limit (32 MB hard,
     * 8 MB for 60 s) a subscriber that reads at least about half as fast survives a catch-up of a minute.
     */
    public static final int DEFAULT_DRAIN_RATE = 50_000;
    public static final int MIN_DRAIN_RATE = 100;
    public static final int MAX_DRAIN_RATE = 10_000_000;

    public enum Format { PER_TICK, BATCH }

    public enum Mode { PUBSUB, STREAM }

    public enum Overflow {
        DROP_OLDEST, DROP_NEWEST;

        /** {@code drop-oldest} or {@code drop-newest}, any case, '_' for '-'; {@code null} for anything else. */
        public static Overflow parse(String value) {
            String v = value == null ? "" : value.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            for (Overflow o : values()) {
                if (o.name().equals(v)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** Settings with the default overflow policy and drain rate. */
    public RedisSettings(boolean enabled, String url, String channel, Format format, Mode mode, int bufferSize) {
        this(enabled, url, channel, format, mode, bufferSize, Overflow.DROP_OLDEST, DEFAULT_DRAIN_RATE);
    }

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(overflow, "overflow");
        if (drainRate < MIN_DRAIN_RATE || drainRate > MAX_DRAIN_RATE) {
            throw new IllegalArgumentException("REDIS_DRAIN_RATE must be " + MIN_DRAIN_RATE + ".." + MAX_DRAIN_RATE
                    + ", not " + drainRate);
        }
        if (enabled && url.isEmpty()) {
            throw new IllegalArgumentException("enabled Redis needs a URL");
        }
    }

    /** The URL with every credential (password, query values) replaced by {@code ***}. */
    public String redactedUrl() {
        return url.isEmpty() ? "" : Secrets.redactUri(url);
    }

    @Override
    public String toString() {
        return "RedisSettings[enabled=" + enabled + ", url=" + redactedUrl() + ", channel=" + channel
                + ", format=" + format + ", mode=" + mode + ", bufferSize=" + bufferSize + ", overflow=" + overflow
                + ", drainRate=" + drainRate + ", replicasAck=" + replicasAck + ", shards=" + shards + "]";
    }
}
