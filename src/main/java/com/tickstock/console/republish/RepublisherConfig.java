package com.tickstock.console.republish;

import java.util.Locale;
import java.util.Objects;

/**
 * How ticks are republished to Redis. Immutable and validated on construction, so a bad value fails once at
 * startup with a message naming the setting rather than later on the publisher thread.
 *
 * <p>The app-wide loader maps {@code REDIS_URL}, {@code REDIS_CHANNEL}, {@code REDIS_ENABLED},
 * {@code REDIS_FORMAT} ({@link Format#parse}), {@code REDIS_MODE} ({@link Mode#parse}) and
 * {@code REDIS_BUFFER_SIZE} onto {@link #fromUrl} and the {@code with...} methods.
 *
 * @param endpoint     where to publish; its {@code toString} masks the password, and so does this record's
 * @param channel      PUBLISH channel, or the stream key in {@link Mode#STREAM}
 * @param enabled      false: the republisher accepts nothing and opens no connection
 * @param format       one message per tick, or one JSON array per flushed batch
 * @param mode         PUBLISH (fire and forget to live subscribers) or XADD (replayable stream)
 * @param streamMaxLen approximate {@code MAXLEN} of the stream; only used in {@link Mode#STREAM}
 * @param bufferSize   ticks held while Redis is slow or down; beyond it ticks are dropped and counted
 * @param batchSize    most ticks drained per flush (and per message in {@link Format#BATCH})
 * @param overflow     which ticks a full buffer gives up ({@code REDIS_BUFFER_OVERFLOW})
 * @param drainRate    ticks per second at which a backlog is sent after an outage ({@code REDIS_DRAIN_RATE})
 * @param replicasAck  stream mode: replicas that must confirm each batch ({@code WAIT}) before it counts as
 *                     published, with explicit entry IDs so that a re-sent entry is never written twice
 *                     ({@code REDIS_REPLICAS_ACK}); 0 for neither
 * @param shards       {@code REDIS_SHARDS}: ticks go to {@code channel:0} .. {@code channel:N-1} by
 *                     {@link TickShards#shardOf}; 1 keeps {@code channel} itself
 */
public record RepublisherConfig(RedisEndpoint endpoint, String channel, boolean enabled, Format format, Mode mode,
                                long streamMaxLen, int bufferSize, int batchSize, Overflow overflow, int drainRate,
                                int replicasAck, int shards) {

    /** One shard: the channel or stream is {@code channel} itself. */
    public RepublisherConfig(RedisEndpoint endpoint, String channel, boolean enabled, Format format, Mode mode,
                             long streamMaxLen, int bufferSize, int batchSize, Overflow overflow, int drainRate,
                             int replicasAck) {
        this(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow, drainRate,
                replicasAck, 1);
    }

    /** Most replicas {@code REDIS_REPLICAS_ACK} may ask for. */
    public static final int MAX_REPLICAS_ACK = 16;

    /** Without replica confirmation. */
    public RepublisherConfig(RedisEndpoint endpoint, String channel, boolean enabled, Format format, Mode mode,
                             long streamMaxLen, int bufferSize, int batchSize, Overflow overflow, int drainRate) {
        this(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow, drainRate, 0);
    }

    public static final String DEFAULT_URL = "redis://localhost:6379";
    public static final String DEFAULT_CHANNEL = "tickstock:market:ticks";
    public static final long DEFAULT_STREAM_MAX_LEN = 1_000_000;
    public static final int DEFAULT_BUFFER_SIZE = 1_000_000;
    public static final int DEFAULT_BATCH_SIZE = 1_000;
    /** Keeps the ring's three arrays under ~800 MB; far beyond what any outage needs. */
    public static final int MAX_BUFFER_SIZE = 1 << 25;
    public static final int MAX_BATCH_SIZE = 100_000;
    /** See {@code RedisSettings.DEFAULT_DRAIN_RATE} for why. */
    public static final int DEFAULT_DRAIN_RATE = 50_000;
    public static final int MIN_DRAIN_RATE = 100;

    /** Which ticks a full buffer gives up. */
    public enum Overflow {
        /** Evict the oldest buffered tick for each new one: fresh ticks matter more on a live feed. */
        DROP_OLDEST,
        /** Refuse the new tick: the backlog stays gapless, the newest are lost. */
        DROP_NEWEST
    }

    /** What one Redis message carries. */
    public enum Format {
        /** One JSON object per tick: the seed system's contract. */
        PER_TICK,
        /** One JSON array of tick objects per flush: far fewer messages for high-rate consumers. */
        BATCH;

        /** Parses {@code REDIS_FORMAT}: {@code per_tick} or {@code batch}, any case, '-' for '_'. */
        public static Format parse(String value) {
            String v = normalise(value);
            switch (v) {
                case "per_tick": return PER_TICK;
                case "batch": return BATCH;
                default: throw new IllegalArgumentException("REDIS_FORMAT must be per_tick or batch, not '" + value + "'");
            }
        }
    }

    /** How a message reaches Redis. */
    public enum Mode {
        /** {@code PUBLISH channel message}: delivered to current subscribers only. */
        PUBSUB,
        /** {@code XADD key MAXLEN ~ n * data message}: kept for consumers that replay after a restart. */
        STREAM;

        /** Parses {@code REDIS_MODE}: {@code pubsub} or {@code stream}, any case. */
        public static Mode parse(String value) {
            String v = normalise(value);
            switch (v) {
                case "pubsub":
                case "pub_sub": return PUBSUB;
                case "stream": return STREAM;
                default: throw new IllegalArgumentException("REDIS_MODE must be pubsub or stream, not '" + value + "'");
            }
        }
    }

    public RepublisherConfig {
        Objects.requireNonNull(endpoint, "endpoint (REDIS_URL)");
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("REDIS_CHANNEL must not be empty");
        }
        Objects.requireNonNull(format, "format (REDIS_FORMAT)");
        Objects.requireNonNull(mode, "mode (REDIS_MODE)");
        if (streamMaxLen < 1) {
            throw new IllegalArgumentException("stream MAXLEN must be at least 1, not " + streamMaxLen);
        }
        if (bufferSize < 1 || bufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException(
                    "REDIS_BUFFER_SIZE must be 1.." + MAX_BUFFER_SIZE + " ticks, not " + bufferSize);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH_SIZE + ", not " + batchSize);
        }
        Objects.requireNonNull(overflow, "overflow (REDIS_BUFFER_OVERFLOW)");
        if (drainRate < MIN_DRAIN_RATE) {
            throw new IllegalArgumentException("REDIS_DRAIN_RATE must be at least " + MIN_DRAIN_RATE + " ticks/s, not "
                    + drainRate);
        }
        if (replicasAck < 0 || replicasAck > MAX_REPLICAS_ACK) {
            throw new IllegalArgumentException("REDIS_REPLICAS_ACK must be 0.." + MAX_REPLICAS_ACK + ", not " + replicasAck);
        }
        if (shards < 1 || shards > TickShards.MAX_SHARDS) {
            throw new IllegalArgumentException("REDIS_SHARDS must be 1.." + TickShards.MAX_SHARDS + ", not " + shards);
        }
        if (shards > 1 && format != Format.PER_TICK) {
            throw new IllegalArgumentException("REDIS_SHARDS=" + shards + " needs REDIS_FORMAT=per_tick: a batch"
                    + " message mixes the symbols of all shards");
        }
        if (replicasAck > 0 && mode != Mode.STREAM) {
            throw new IllegalArgumentException("REDIS_REPLICAS_ACK=" + replicasAck + " needs REDIS_MODE=stream: pub/sub"
                    + " keeps nothing a replica could confirm");
        }
    }

    /** With the default overflow policy (drop the oldest) and drain rate. */
    public RepublisherConfig(RedisEndpoint endpoint, String channel, boolean enabled, Format format, Mode mode,
                             long streamMaxLen, int bufferSize, int batchSize) {
        this(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, Overflow.DROP_OLDEST,
                DEFAULT_DRAIN_RATE);
    }

    /** Defaults (seed channel, per-tick PUBLISH, 1M-tick buffer) for the given {@code REDIS_URL}. */
    public static RepublisherConfig fromUrl(String url) {
        return new RepublisherConfig(RedisEndpoint.parse(url), DEFAULT_CHANNEL, true, Format.PER_TICK, Mode.PUBSUB,
                DEFAULT_STREAM_MAX_LEN, DEFAULT_BUFFER_SIZE, DEFAULT_BATCH_SIZE);
    }

    /** Republishing switched off ({@code REDIS_ENABLED=false}); the URL is never dialled. */
    public static RepublisherConfig disabled() {
        return fromUrl(DEFAULT_URL).withEnabled(false);
    }

    public RepublisherConfig withChannel(String channel) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withEnabled(boolean enabled) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withFormat(Format format) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withMode(Mode mode) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withStreamMaxLen(long streamMaxLen) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withBufferSize(int bufferSize) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withBatchSize(int batchSize) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withOverflow(Overflow overflow) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withDrainRate(int drainRate) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withReplicasAck(int replicasAck) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    public RepublisherConfig withShards(int shards) {
        return new RepublisherConfig(endpoint, channel, enabled, format, mode, streamMaxLen, bufferSize, batchSize, overflow,
                drainRate, replicasAck, shards);
    }

    /** The channel or stream key of shard {@code shard}. */
    public String shardName(int shard) {
        return TickShards.name(channel, shard, shards);
    }

    /** Whether batches are confirmed by replicas ({@code WAIT}) and written with explicit entry IDs. */
    public boolean confirmsWithReplicas() {
        return replicasAck > 0;
    }

    private static String normalise(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
