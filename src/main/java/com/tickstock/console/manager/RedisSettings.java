package com.tickstock.console.manager;

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
 * @param bufferSize ticks held while Redis is slow or down before the oldest are dropped
 */
public record RedisSettings(boolean enabled, String url, String channel, Format format, Mode mode, int bufferSize) {

    public enum Format { PER_TICK, BATCH }

    public enum Mode { PUBSUB, STREAM }

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mode, "mode");
        if (enabled && url.isEmpty()) {
            throw new IllegalArgumentException("enabled Redis needs a URL");
        }
    }

    /** The URL with any password replaced by {@code ****}. */
    public String redactedUrl() {
        return url.isEmpty() ? "" : Secrets.redactUri(url);
    }

    @Override
    public String toString() {
        return "RedisSettings[enabled=" + enabled + ", url=" + redactedUrl() + ", channel=" + channel
                + ", format=" + format + ", mode=" + mode + ", bufferSize=" + bufferSize + "]";
    }
}
