package com.tickstock.console.config;

/**
 * The console-wide configuration keys: name, built-in default and the allowed values as shown
 * in error messages. Per-connection keys are in {@link ConnectionKey}.
 *
 * <p>To add a setting: add a constant here, read it in {@link ConfigLoader}, give it a field in
 * the settings record that consumes it, and document it in {@code config/tickstock.env.example}
 * (a test fails until the example mentions every key).
 */
public enum ConfigKey {

    USE_MULTI_CONNECTION("false", Allowed.BOOLEAN
            + "; false puts the tickers of every enabled connection on connection_1"),
    WEBSOCKET_CONNECTIONS_MAX("3", "integer 1.." + ConnectionConfig.MAX_CONNECTIONS
            + " (the console holds at most three feed connections)"),
    MASSIVE_API_KEY("", "the Massive API key, no spaces; empty runs the embedded simulator", true),
    MASSIVE_WEBSOCKET_URL("wss://socket.massive.com/stocks", "a ws:// or wss:// URL with a host"),
    MASSIVE_WEBSOCKET_MAX_RETRIES("5", "integer >= 0 (quick reconnect attempts with a growing delay;"
            + " after them retries go on every MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY)"),
    MASSIVE_WEBSOCKET_RECONNECT_DELAY("5", "seconds, decimal 0.1..300 (first reconnect delay,"
            + " doubled per attempt), at most MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY"),
    MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY("30", "seconds, decimal 0.1..3600 (cap of the reconnect delay)"),
    MASSIVE_WEBSOCKET_RECONNECT_JITTER("full", "full|equal|none"),
    MASSIVE_EVENT_TYPES("A", "comma list of T, Q, A, AM (trades, quotes, second bars, minute bars)"),
    WEBSOCKET_STALE_SECONDS("30", "integer 1..3600 (no tick for this long in regular hours marks a connection"
            + " stale)"),
    WEBSOCKET_STALE_SECONDS_PRE("120", "integer 1..3600 (the same in the pre-market, 04:00-09:30 ET)"),
    WEBSOCKET_STALE_SECONDS_AFTER("120", "integer 1..3600 (the same after hours, 16:00-20:00 ET)"),
    WEBSOCKET_STALE_RECONNECT_FACTOR("3", "integer " + FeedSettings.MIN_STALE_RECONNECT_FACTOR + ".."
            + FeedSettings.MAX_STALE_RECONNECT_FACTOR + " or off (a connection without data for this many times the"
            + " stale threshold drops its socket and reconnects; never while the market is closed)"),
    MARKET_CALENDAR("nyse", "nyse|none (nyse: US equities sessions and NYSE holidays, silence expected while"
            + " closed; none: always open, for a feed that trades around the clock)"),
    MARKET_CALENDAR_FILE("market-calendar.txt", "a file of calendar overrides (unscheduled closures), relative to"
            + " the configuration directory; a missing file means none"),
    MARKET_CLOCK("", "empty (now) or an ISO-8601 instant such as 2026-11-27T14:25:00Z where market time starts"
            + " (sessions and the embedded simulator follow it)"),
    MARKET_CLOCK_SPEED("1", "decimal above 0 up to 10000 (market time runs this many times as fast as wall time)"),
    WEBSOCKET_CONNECTION_CAPACITY("1000", "integer 1..100000 (most tickers on one connection)"),
    WEBSOCKET_KEEPALIVE_SECONDS("20", "integer 1..300 (WebSocket ping interval)"),
    WEBSOCKET_MAX_CONNECTION_KICKS("3", "integer 1..100 (consecutive max_connections rejections"
            + " before a connection is marked FAILED)"),
    REDIS_URL("", "empty (republishing off) or " + RedisUrl.FORM + "; port 1..65535, db 0..2147483647"),
    REDIS_HOST("", "empty or a host name; builds the Redis URL when REDIS_URL is empty"),
    REDIS_PORT("6379", "integer 1..65535 (used with REDIS_HOST)"),
    REDIS_DB("0", "integer >= 0 (used with REDIS_HOST)"),
    REDIS_PASSWORD("", "empty or the Redis password (used with REDIS_HOST)", true),
    REDIS_ENABLED("", "empty (on when a Redis URL or host is set) or " + Allowed.BOOLEAN),
    REDIS_CHANNEL("tickstock:market:ticks", "a channel or stream name without spaces"),
    REDIS_FORMAT("per_tick", "per_tick|batch"),
    REDIS_MODE("pubsub", "pubsub|stream"),
    REDIS_BUFFER_SIZE("1000000", "integer 1000..10000000 (ticks held while Redis is slow or down)"),
    REDIS_BUFFER_OVERFLOW("drop-oldest", "drop-oldest|drop-newest (which ticks a full buffer gives up)"),
    REDIS_DRAIN_RATE(String.valueOf(RedisSettings.DEFAULT_DRAIN_RATE), "integer " + RedisSettings.MIN_DRAIN_RATE + ".."
            + RedisSettings.MAX_DRAIN_RATE + " (ticks/s at which a backlog is sent after an outage)"),
    REDIS_REPLICAS_ACK("0", "integer 0.." + RedisSettings.MAX_REPLICAS_ACK + " (REDIS_MODE=stream: replicas that must"
            + " confirm each batch with WAIT before it counts as published; 0 = no confirmation)"),
    REDIS_SHARDS("1", "integer 1.." + RedisSettings.MAX_SHARDS + " (ticks go to REDIS_CHANNEL:0..N-1 by CRC-32 of the"
            + " symbol mod N; 1 = REDIS_CHANNEL itself)"),
    FEEDER_ID("", "empty (this host's name) or " + FeederSettings.SEGMENT_WORDS
            + " (names the feeder to attached consoles; unique within its group)"),
    FEEDER_GROUP(FeederSettings.DEFAULT_GROUP, FeederSettings.SEGMENT_WORDS
            + " (the Redis namespace tickstock:GROUP: shared by a feeder and the consoles attached to it)"),
    FEEDER_LEASE_SECONDS(String.valueOf(FeederSettings.DEFAULT_LEASE_SECONDS), "integer "
            + FeederSettings.MIN_LEASE_SECONDS + ".." + FeederSettings.MAX_LEASE_SECONDS
            + " (the leader's lease in Redis: a standby of the group takes over at most this long after the leader"
            + " stopped renewing it; the leader closes its vendor connections before it can expire) or off (no"
            + " lease: the feeder connects at once, even while Redis is unreachable; never two such feeders in a group)"),
    RECORD_DIR("", "empty (no recording) or a directory, made if missing, where every frame received and message"
            + " sent is recorded (see docs/recording-format.md)"),
    RECORD_ROLL_MB("100", "integer 1..1000000 (compressed MiB after which a connection's recording file is rolled;"
            + " files also roll every hour)"),
    RECORD_COMPRESSION("zstd", "zstd|gzip (zstd: about three times the speed of gzip level 1 and smaller files, read with"
            + " zstdcat; gzip: read with zcat; see docs/recording-format.md)"),
    RECORD_CPU_BUDGET("10", "integer 0..1000 (percent of the rest of the console's CPU the recorder may spend; at the"
            + " feed's peak what it cannot afford to compress is stored uncompressed, never dropped; 0: compress"
            + " always, whatever it costs)"),
    STATUS_PORT("off", "off (or empty), 0 (any free port) or 1..65535"),
    STATUS_BIND("127.0.0.1", "an IP address or host name"),
    STATUS_TOKEN("", "empty or at least 16 characters without spaces; required when STATUS_BIND"
            + " is not a literal loopback address (127.x.y.z, ::1, localhost)", true);

    private final String defaultValue;
    private final String allowed;
    private final boolean secret;

    ConfigKey(String defaultValue, String allowed) {
        this(defaultValue, allowed, false);
    }

    ConfigKey(String defaultValue, String allowed, boolean secret) {
        this.defaultValue = defaultValue;
        this.allowed = allowed;
        this.secret = secret;
    }

    /** The built-in default, the lowest-precedence source. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What values are allowed, in words, for error messages and documentation. */
    public String allowed() {
        return allowed;
    }

    /** Whether values of this key must never be shown unmasked. */
    public boolean isSecret() {
        return secret;
    }

    /** The key for a name, or {@code null}. */
    static ConfigKey byName(String name) {
        for (ConfigKey k : values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    static final class Allowed {
        static final String BOOLEAN = "true|false|yes|no|1|0 (any case)";

        private Allowed() {
        }
    }
}
