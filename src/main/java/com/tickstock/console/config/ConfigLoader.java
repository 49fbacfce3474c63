package com.tickstock.console.config;

import com.tickstock.console.feed.EventType;
import com.tickstock.console.market.CalendarOverrides;
import com.tickstock.console.market.MarketCalendar;
import com.tickstock.console.market.MarketCalendarException;
import com.tickstock.console.market.MarketClock;
import com.tickstock.console.market.MarketHours;
import com.tickstock.console.supervision.Backoff;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and validates the {@link ConsoleConfig}.
 *
 * <p>Sources, in rising precedence: built-in defaults ({@link ConfigKey}, {@link ConnectionKey}),
 * a {@code .env} file (an explicit one, else {@code tickstock.env} in the config directory when
 * present), environment variables (only our keys are read), and command-line overrides. Each
 * source is passed in, so tests never see the real environment.
 *
 * <p>Every value is checked in one pass; if anything is wrong a single {@link ConfigException}
 * lists all problems, each naming the key, the value (secrets masked), where it came from and
 * what is allowed. An unknown key that is a near miss of one of ours ({@code REDIS_ULR}) is a
 * problem too; other unknown keys that look like ours are warnings, kept in
 * {@link ConsoleConfig#warnings()} and logged once here.
 *
 * <p>The config directory is {@code $tickstock.home/config} when the system property
 * {@value #HOME_PROPERTY} is set, else {@code config} under the working directory; universe
 * overrides live in its {@code universes/} subdirectory.
 */
public final class ConfigLoader {

    private static final Logger LOG = System.getLogger(ConfigLoader.class.getName());

    public static final String HOME_PROPERTY = "tickstock.home";
    public static final String CONFIG_FILE_NAME = "tickstock.env";
    public static final String UNIVERSES_DIR_NAME = "universes";

    private static final BigDecimal MIN_DELAY = new BigDecimal("0.1");
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)<?(your[_-]?)?(massive[_-]?)?api[_-]?key>?|your[_-].*|changeme|change[_-]me|replace[_-]?me|x+|\\.\\.\\.");
    private static final int MIN_TOKEN_LENGTH = 16;

    private final Path configDir;
    private final UniverseRegistry universes;

    /** A loader reading {@code tickstock.env} and {@code universes/} from {@code configDir}. */
    public ConfigLoader(Path configDir) {
        this(configDir, null);
    }

    /** A loader with a fixed universe registry (tests); {@code null} loads it from {@code configDir}. */
    public ConfigLoader(Path configDir, UniverseRegistry universes) {
        this.configDir = Objects.requireNonNull(configDir, "configDir");
        this.universes = universes;
    }

    /** The loader for the default config directory, see {@link #defaultConfigDir()}. */
    public static ConfigLoader standard() {
        return new ConfigLoader(defaultConfigDir());
    }

    /** {@code $tickstock.home/config} when the property is set, else {@code ./config}. */
    public static Path defaultConfigDir() {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? Path.of("config") : Path.of(home, "config");
    }

    public Path configDir() {
        return configDir;
    }

    /**
     * Loads the configuration.
     *
     * @param explicitFileOrNull a {@code .env} file that must exist, or {@code null} for
     *                           {@code tickstock.env} in the config directory if present
     * @param env                the environment, e.g. {@code System.getenv()}
     * @param cliOverrides       KEY to value from the command line
     * @throws ConfigException listing every problem found
     */
    public ConsoleConfig load(Path explicitFileOrNull, Map<String, String> env, Map<String, String> cliOverrides) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(cliOverrides, "cliOverrides");
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> sources = new ArrayList<>(List.of("defaults"));

        ConfigValues.Builder layers = ConfigValues.builder();
        Path file = explicitFileOrNull != null ? explicitFileOrNull : configDir.resolve(CONFIG_FILE_NAME);
        if (explicitFileOrNull != null || Files.isRegularFile(file)) {
            EnvFileParser.Result parsed = EnvFileParser.parse(file);
            problems.addAll(parsed.problems());
            warnings.addAll(parsed.warnings());
            layers.layer("file " + file, parsed.values());
            sources.add(file.toString());
        }
        layers.environment(env);
        layers.layer(ConfigValues.CLI_ORIGIN, cliOverrides);
        sources.add("environment");
        if (!cliOverrides.isEmpty()) {
            sources.add("command line");
        }
        ConfigValues values = layers.build();
        warnings.addAll(values.warnings());
        problems.addAll(values.problems());

        UniverseRegistry registry = universes != null ? universes
                : UniverseRegistry.load(configDir.resolve(UNIVERSES_DIR_NAME));
        problems.addAll(registry.problems());

        ValueReader r = new ValueReader(values);
        boolean multi = r.bool(ConfigKey.USE_MULTI_CONNECTION);
        int max = r.integer(ConfigKey.WEBSOCKET_CONNECTIONS_MAX, 1, ConnectionConfig.MAX_CONNECTIONS);
        Secret apiKey = apiKey(r);
        FeedSettings feed = feed(r, market(r, configDir));
        if (!apiKey.isPresent() && !r.text(ConfigKey.MASSIVE_WEBSOCKET_URL)
                .equals(ConfigKey.MASSIVE_WEBSOCKET_URL.defaultValue())) {
            warnings.add("MASSIVE_WEBSOCKET_URL is set but MASSIVE_API_KEY is not, so the console runs the embedded"
                    + " simulator and does not connect to it; set MASSIVE_API_KEY (any value a local simulator"
                    + " accepts) to use that URL");
        }
        RedisSettings redis = redis(r, warnings);
        StatusEndpointSettings status = status(r);
        FeederSettings feeder = feeder(r);
        RecordSettings record = record(r);
        List<ConnectionConfig> connections = new ConnectionPlanner(r, registry, warnings)
                .plan(max, multi, feed.connectionCapacity());

        problems.addAll(r.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, warnings);
        }
        ConsoleConfig config = new ConsoleConfig(multi, max, apiKey, feed, connections, redis, status, feeder,
                record, warnings);
        LOG.log(Level.INFO, "Configuration loaded from {0}:{1}{2}", String.join(", ", sources),
                System.lineSeparator(), config.describe());
        for (String w : warnings) {
            LOG.log(Level.WARNING, "Configuration: {0}", w);
        }
        return config;
    }

    private static Secret apiKey(ValueReader r) {
        ConfigKey key = ConfigKey.MASSIVE_API_KEY;
        String raw = r.text(key);
        if (raw.isEmpty()) {
            return Secret.absent();
        }
        if (PLACEHOLDER.matcher(raw).matches()) {
            r.problem(key.name(), key.defaultValue(), "looks like a placeholder, not a key",
                    "a real key, or empty to run the embedded simulator");
            return Secret.absent();
        }
        if (raw.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || c == '"' || c == '\'')) {
            r.problem(key.name(), key.defaultValue(), "contains spaces, control characters or quotes", key.allowed());
            return Secret.absent();
        }
        return Secret.of(raw);
    }

    /** Enum spelling of MARKET_CALENDAR's choices. */
    private enum CalendarChoice { NYSE, NONE }

    private static MarketSettings market(ValueReader r, Path configDir) {
        Duration pre = Duration.ofSeconds(r.integer(ConfigKey.WEBSOCKET_STALE_SECONDS_PRE, 1, 3600));
        Duration after = Duration.ofSeconds(r.integer(ConfigKey.WEBSOCKET_STALE_SECONDS_AFTER, 1, 3600));
        MarketClock clock = MarketClock.system();
        try {
            clock = MarketClock.fromSettings(ConfigKey.MARKET_CLOCK.name(), r.text(ConfigKey.MARKET_CLOCK),
                    ConfigKey.MARKET_CLOCK_SPEED.name(), r.text(ConfigKey.MARKET_CLOCK_SPEED));
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith(ConfigKey.MARKET_CLOCK_SPEED.name() + "=")
                    ? ConfigKey.MARKET_CLOCK_SPEED.name() : ConfigKey.MARKET_CLOCK.name();
            r.problem(key, e.getMessage());
        }
        if (r.choice(ConfigKey.MARKET_CALENDAR, CalendarChoice.class) == CalendarChoice.NONE) {
            return new MarketSettings(MarketHours.alwaysOpen(clock), pre, after);
        }
        String name = r.text(ConfigKey.MARKET_CALENDAR_FILE);
        CalendarOverrides overrides = CalendarOverrides.none();
        if (name.isEmpty()) {
            r.problem(ConfigKey.MARKET_CALENDAR_FILE.name(), ConfigKey.MARKET_CALENDAR_FILE.defaultValue(), "empty",
                    ConfigKey.MARKET_CALENDAR_FILE.allowed());
            return new MarketSettings(MarketHours.of(new MarketCalendar(overrides), clock), pre, after);
        }
        try {
            overrides = CalendarOverrides.load(configDir.resolve(name));
        } catch (java.nio.file.InvalidPathException e) {
            r.problem(ConfigKey.MARKET_CALENDAR_FILE.name(), ConfigKey.MARKET_CALENDAR_FILE.defaultValue(),
                    "not a file name", ConfigKey.MARKET_CALENDAR_FILE.allowed());
        } catch (MarketCalendarException e) {
            r.problem(ConfigKey.MARKET_CALENDAR_FILE.name(), "MARKET_CALENDAR_FILE: " + e.getMessage());
        }
        return new MarketSettings(MarketHours.of(new MarketCalendar(overrides), clock), pre, after);
    }

    private static FeedSettings feed(ValueReader r, MarketSettings market) {
        URI url = r.url(ConfigKey.MASSIVE_WEBSOCKET_URL, List.of("ws", "wss"));
        int retries = r.integer(ConfigKey.MASSIVE_WEBSOCKET_MAX_RETRIES, 0, Integer.MAX_VALUE);
        BigDecimal initial = r.decimal(ConfigKey.MASSIVE_WEBSOCKET_RECONNECT_DELAY, MIN_DELAY, new BigDecimal(300));
        BigDecimal cap = r.decimal(ConfigKey.MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY, MIN_DELAY, new BigDecimal(3600));
        if (initial.compareTo(cap) > 0) {
            ConfigKey k = ConfigKey.MASSIVE_WEBSOCKET_RECONNECT_DELAY;
            r.problem(k.name(), k.defaultValue(), "larger than MASSIVE_WEBSOCKET_RECONNECT_MAX_DELAY="
                    + cap.toPlainString(), k.allowed());
            initial = cap;
        }
        ReconnectSettings reconnect = new ReconnectSettings(retries, seconds(initial), seconds(cap),
                r.choice(ConfigKey.MASSIVE_WEBSOCKET_RECONNECT_JITTER, Backoff.Jitter.class));
        Set<EventType> events = eventTypes(r);
        Duration stale = Duration.ofSeconds(r.integer(ConfigKey.WEBSOCKET_STALE_SECONDS, 1, 3600));
        int capacity = r.integer(ConfigKey.WEBSOCKET_CONNECTION_CAPACITY, 1, 100_000);
        Duration keepalive = Duration.ofSeconds(r.integer(ConfigKey.WEBSOCKET_KEEPALIVE_SECONDS, 1, 300));
        int kicks = r.integer(ConfigKey.WEBSOCKET_MAX_CONNECTION_KICKS, 1, 100);
        int staleReconnect = "off".equalsIgnoreCase(r.text(ConfigKey.WEBSOCKET_STALE_RECONNECT_FACTOR))
                ? FeedSettings.STALE_RECONNECT_OFF : r.integer(ConfigKey.WEBSOCKET_STALE_RECONNECT_FACTOR,
                        FeedSettings.MIN_STALE_RECONNECT_FACTOR, FeedSettings.MAX_STALE_RECONNECT_FACTOR);
        return new FeedSettings(url, events, reconnect, stale, keepalive, capacity, kicks, market, staleReconnect);
    }

    private static Duration seconds(BigDecimal seconds) {
        return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static Set<EventType> eventTypes(ValueReader r) {
        ConfigKey key = ConfigKey.MASSIVE_EVENT_TYPES;
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        List<String> unknown = new ArrayList<>();
        for (String item : r.text(key).split(",", -1)) {
            String wire = item.strip().toUpperCase(Locale.ROOT);
            if (wire.isEmpty()) {
                continue;
            }
            EventType t = EventType.fromWire(wire);
            if (t != null && FeedSettings.SUBSCRIBABLE.contains(t)) {
                types.add(t);
            } else {
                unknown.add(item.strip());
            }
        }
        if (!unknown.isEmpty() || types.isEmpty()) {
            r.problem(key.name(), key.defaultValue(), unknown.isEmpty() ? "no event type"
                    : "unknown event type '" + String.join("', '", unknown) + "'", key.allowed());
            return EnumSet.of(EventType.SECOND_BAR);
        }
        return types;
    }

    private static RedisSettings redis(ValueReader r, List<String> warnings) {
        String url = r.text(ConfigKey.REDIS_URL);
        String host = r.text(ConfigKey.REDIS_HOST);
        ConfigValues values = r.values();
        if (!url.isEmpty()) {
            if (!host.isEmpty()) {
                r.problem(ConfigKey.REDIS_HOST.name(), "", "REDIS_URL is set as well",
                        "either REDIS_URL or REDIS_HOST (with REDIS_PORT, REDIS_DB, REDIS_PASSWORD), not both");
            }
            url = checkRedisUrl(r, url);
        } else if (!host.isEmpty()) {
            url = redisUrlFromParts(r, host);
        } else {
            for (ConfigKey k : List.of(ConfigKey.REDIS_PORT, ConfigKey.REDIS_DB, ConfigKey.REDIS_PASSWORD)) {
                if (values.isSet(k.name())) {
                    warnings.add(k.name() + " is ignored: it is used only with REDIS_HOST");
                }
            }
        }
        boolean enabled = !url.isEmpty();
        String enabledRaw = r.text(ConfigKey.REDIS_ENABLED);
        if (!enabledRaw.isEmpty()) {
            enabled = r.bool(ConfigKey.REDIS_ENABLED.name(), "false", ConfigKey.REDIS_ENABLED.allowed());
            if (enabled && url.isEmpty()) {
                r.problem(ConfigKey.REDIS_ENABLED.name(), "", "Redis is enabled but has no address",
                        "set REDIS_URL or REDIS_HOST, or leave REDIS_ENABLED empty or false");
                enabled = false;
            }
        }
        String channel = r.text(ConfigKey.REDIS_CHANNEL);
        if (channel.isEmpty() || channel.codePoints().anyMatch(Character::isWhitespace)) {
            r.problem(ConfigKey.REDIS_CHANNEL.name(), ConfigKey.REDIS_CHANNEL.defaultValue(), "not a channel name",
                    ConfigKey.REDIS_CHANNEL.allowed());
            channel = ConfigKey.REDIS_CHANNEL.defaultValue();
        }
        RedisSettings.Format format = r.choice(ConfigKey.REDIS_FORMAT, RedisSettings.Format.class);
        RedisSettings.Mode mode = r.choice(ConfigKey.REDIS_MODE, RedisSettings.Mode.class);
        int buffer = r.integer(ConfigKey.REDIS_BUFFER_SIZE, 1_000, 10_000_000);
        RedisSettings.Overflow overflow = RedisSettings.Overflow.parse(r.text(ConfigKey.REDIS_BUFFER_OVERFLOW));
        if (overflow == null) {
            r.problem(ConfigKey.REDIS_BUFFER_OVERFLOW.name(), ConfigKey.REDIS_BUFFER_OVERFLOW.defaultValue(),
                    "not one of the choices", ConfigKey.REDIS_BUFFER_OVERFLOW.allowed());
            overflow = RedisSettings.Overflow.DROP_OLDEST;
        }
        int drainRate = r.integer(ConfigKey.REDIS_DRAIN_RATE, RedisSettings.MIN_DRAIN_RATE, RedisSettings.MAX_DRAIN_RATE);
        int replicasAck = r.integer(ConfigKey.REDIS_REPLICAS_ACK, 0, RedisSettings.MAX_REPLICAS_ACK);
        if (replicasAck > 0 && mode != RedisSettings.Mode.STREAM) {
            r.problem(ConfigKey.REDIS_REPLICAS_ACK.name(), "0", "needs REDIS_MODE=stream (pub/sub keeps nothing a"
                    + " replica could confirm)", ConfigKey.REDIS_REPLICAS_ACK.allowed());
            replicasAck = 0;
        }
        int shards = r.integer(ConfigKey.REDIS_SHARDS, 1, RedisSettings.MAX_SHARDS);
        if (shards > 1 && format != RedisSettings.Format.PER_TICK) {
            r.problem(ConfigKey.REDIS_SHARDS.name(), String.valueOf(shards), "needs REDIS_FORMAT=per_tick (a batch"
                    + " message mixes the symbols of all shards)", ConfigKey.REDIS_SHARDS.allowed());
            shards = 1;
        }
        return new RedisSettings(enabled, url, channel, format, mode, buffer, overflow, drainRate, replicasAck, shards);
    }

    /** The URL when {@link RedisUrl} accepts it (the republisher parses it the same way), else a problem and "". */
    private static String checkRedisUrl(ValueReader r, String url) {
        try {
            RedisUrl.parse(url);
            return url;
        } catch (RedisUrl.Invalid e) {
            r.problem(ConfigKey.REDIS_URL.name(), "", e.problem(), ConfigKey.REDIS_URL.allowed());
            return "";
        }
    }

    private static String redisUrlFromParts(ValueReader r, String host) {
        if (!HOST_NAME.matcher(host).matches() && !IPV4.matcher(host).matches()) {
            r.problem(ConfigKey.REDIS_HOST.name(), "", "not a host name", ConfigKey.REDIS_HOST.allowed());
            return "";
        }
        int port = r.integer(ConfigKey.REDIS_PORT, 1, 65535);
        int db = r.integer(ConfigKey.REDIS_DB, 0, Integer.MAX_VALUE);
        String password = r.values().get(ConfigKey.REDIS_PASSWORD.name(), "");
        String userInfo = password.isEmpty() ? "" : ":" + percentEncode(password) + "@";
        return "redis://" + userInfo + host + ":" + port + "/" + db;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, for a password in a URI. */
    private static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    private static FeederSettings feeder(ValueReader r) {
        String id = r.text(ConfigKey.FEEDER_ID);
        if (id.isEmpty()) {
            id = FeederSettings.hostDerivedId();
        } else if (!FeederSettings.isSafeSegment(id)) {
            r.problem(ConfigKey.FEEDER_ID.name(), ConfigKey.FEEDER_ID.defaultValue(), "not a safe key segment",
                    ConfigKey.FEEDER_ID.allowed());
            id = FeederSettings.hostDerivedId();
        }
        String group = r.text(ConfigKey.FEEDER_GROUP);
        if (!FeederSettings.isSafeSegment(group)) {
            r.problem(ConfigKey.FEEDER_GROUP.name(), ConfigKey.FEEDER_GROUP.defaultValue(), "not a safe key segment",
                    ConfigKey.FEEDER_GROUP.allowed());
            group = FeederSettings.DEFAULT_GROUP;
        }
        int lease = "off".equalsIgnoreCase(r.text(ConfigKey.FEEDER_LEASE_SECONDS)) ? FeederSettings.LEASE_OFF
                : r.integer(ConfigKey.FEEDER_LEASE_SECONDS, FeederSettings.MIN_LEASE_SECONDS,
                        FeederSettings.MAX_LEASE_SECONDS);
        return new FeederSettings(id, group, lease);
    }

    /** RECORD_DIR may name a directory that does not exist yet (it is made at start), not a file. */
    private static RecordSettings record(ValueReader r) {
        int rollMb = r.integer(ConfigKey.RECORD_ROLL_MB, 1, 1_000_000);
        RecordSettings.Compression compression = r.choice(ConfigKey.RECORD_COMPRESSION, RecordSettings.Compression.class);
        int budget = r.integer(ConfigKey.RECORD_CPU_BUDGET, 0, 1000);
        ConfigKey dirKey = ConfigKey.RECORD_DIR;
        String raw = r.text(dirKey);
        if (raw.isEmpty()) {
            return new RecordSettings(java.util.Optional.empty(), rollMb * 1024L * 1024, compression, budget);
        }
        Path dir;
        try {
            dir = Path.of(raw);
        } catch (java.nio.file.InvalidPathException e) {
            r.problem(dirKey.name(), dirKey.defaultValue(), "not a path: " + e.getReason(), dirKey.allowed());
            return new RecordSettings(java.util.Optional.empty(), rollMb * 1024L * 1024, compression, budget);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            r.problem(dirKey.name(), dirKey.defaultValue(), "exists and is not a directory", dirKey.allowed());
        } else if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
            r.problem(dirKey.name(), dirKey.defaultValue(), "is not writable by this user", dirKey.allowed());
        }
        return new RecordSettings(java.util.Optional.of(dir), rollMb * 1024L * 1024, compression, budget);
    }

    private static StatusEndpointSettings status(ValueReader r) {
        ConfigKey portKey = ConfigKey.STATUS_PORT;
        String portRaw = r.text(portKey);
        boolean enabled = false;
        int port = 0;
        if (!portRaw.isEmpty() && !portRaw.equalsIgnoreCase("off")) {
            if (portRaw.matches("\\d{1,5}") && Integer.parseInt(portRaw) <= 65535) {
                enabled = true;
                port = Integer.parseInt(portRaw);
            } else {
                r.problem(portKey.name(), portKey.defaultValue(), "not a port", portKey.allowed());
            }
        }
        ConfigKey bindKey = ConfigKey.STATUS_BIND;
        String bind = r.text(bindKey);
        if (!isHostOrAddress(bind)) {
            r.problem(bindKey.name(), bindKey.defaultValue(), "not an address or host name", bindKey.allowed());
            bind = bindKey.defaultValue();
        }
        ConfigKey tokenKey = ConfigKey.STATUS_TOKEN;
        String tokenRaw = r.text(tokenKey);
        Secret token = Secret.absent();
        if (!tokenRaw.isEmpty()) {
            if (tokenRaw.length() < MIN_TOKEN_LENGTH || tokenRaw.codePoints().anyMatch(Character::isWhitespace)) {
                r.problem(tokenKey.name(), "", "too short or contains spaces", tokenKey.allowed());
            } else {
                token = Secret.of(tokenRaw);
            }
        }
        if (enabled && !StatusEndpointSettings.isLoopback(bind) && !token.isPresent() && tokenRaw.isEmpty()) {
            r.problem(tokenKey.name(), "", "the status endpoint listens on " + bind
                    + ", which is reachable from other machines, without a token", tokenKey.allowed());
        }
        return new StatusEndpointSettings(enabled, port, bind, token);
    }

    private static boolean isHostOrAddress(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(s).matches()) {
            for (String octet : s.split("\\.", -1)) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        return IPV6.matcher(s).matches() || HOST_NAME.matcher(s).matches();
    }
}
