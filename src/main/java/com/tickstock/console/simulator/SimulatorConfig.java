package com.tickstock.console.simulator;

import com.tickstock.console.market.MarketCalendar;
import com.tickstock.console.market.MarketClock;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable settings of one {@link SimulatorServer}. Build with {@link #builder()}; every setting
 * has a default that gives a usable local feed (dev key, 1000 events/s, 10 events per frame).
 */
public final class SimulatorConfig {

    /** The API key a default simulator accepts; documented so local setups need no secret. */
    public static final String DEV_API_KEY = "tickstock-dev-key";

    /** Which connection loses when an API key goes over {@link #maxConnections()}. */
    public enum Eviction {
        /** The connection that just authenticated is kicked (it still sees auth_success first). */
        NEWEST,
        /** The longest-authenticated connection of that key is kicked; the new one stays. */
        OLDEST;

        /** Parses {@code newest}/{@code oldest}, case-insensitively. */
        public static Eviction parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final int port;
    private final Set<String> apiKeys;
    private final int maxConnections;
    private final Eviction eviction;
    private final double eventsPerSecond;
    private final int eventsPerFrame;
    private final long seed;
    private final Duration authTimeout;
    private final Set<String> notAuthorizedTopics;
    private final Duration slowConsumerTimeout;
    private final Duration pingTimeout;
    private final MarketClock marketClock;
    private final MarketCalendar sessions;
    private final FaultPlan faultPlan;
    private final int fullMarketTickers;
    private final boolean pacedBars;

    private SimulatorConfig(Builder b) {
        this.port = b.port;
        this.apiKeys = Set.copyOf(b.apiKeys);
        this.maxConnections = b.maxConnections;
        this.eviction = b.eviction;
        this.eventsPerSecond = b.eventsPerSecond;
        this.eventsPerFrame = b.eventsPerFrame;
        this.seed = b.seed;
        this.authTimeout = b.authTimeout;
        this.notAuthorizedTopics = Set.copyOf(b.notAuthorizedTopics);
        this.slowConsumerTimeout = b.slowConsumerTimeout;
        this.pingTimeout = b.pingTimeout;
        this.marketClock = b.marketClock;
        this.sessions = b.sessions;
        this.faultPlan = b.faultPlan;
        this.fullMarketTickers = b.fullMarketTickers;
        this.pacedBars = b.pacedBars;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.apiKeys = new LinkedHashSet<>(apiKeys);
        b.maxConnections = maxConnections;
        b.eviction = eviction;
        b.eventsPerSecond = eventsPerSecond;
        b.eventsPerFrame = eventsPerFrame;
        b.seed = seed;
        b.authTimeout = authTimeout;
        b.notAuthorizedTopics = new LinkedHashSet<>(notAuthorizedTopics);
        b.slowConsumerTimeout = slowConsumerTimeout;
        b.pingTimeout = pingTimeout;
        b.marketClock = marketClock;
        b.sessions = sessions;
        b.faultPlan = faultPlan;
        b.fullMarketTickers = fullMarketTickers;
        b.pacedBars = pacedBars;
        return b;
    }

    /** Port to bind on 127.0.0.1; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** Accepted API keys; empty means any non-blank key is accepted. */
    public Set<String> apiKeys() {
        return apiKeys;
    }

    public boolean accepts(String key) {
        if (key == null || key.isBlank()) {
            return false;
        }
        return apiKeys.isEmpty() || apiKeys.contains(key);
    }

    /** Simultaneous authenticated connections per API key; 0 means unlimited. */
    public int maxConnections() {
        return maxConnections;
    }

    public Eviction eviction() {
        return eviction;
    }

    /** Generated trades plus quotes per second per connection; 0 means as fast as the socket takes them. */
    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    public boolean unlimitedRate() {
        return eventsPerSecond <= 0;
    }

    /** Upper bound of events in one frame (the JSON array). */
    public int eventsPerFrame() {
        return eventsPerFrame;
    }

    /**
     * How many tickers a wildcard subscription plays: 0 for the built-in table of well-known listings (about 500), or
     * a full-market tape of this many ({@link #FULL_MARKET} is about the US market) with a realistic skew.
     */
    public int fullMarketTickers() {
        return fullMarketTickers;
    }

    /**
     * Whether {@code A} and {@code AM} are played at the rate like trades (a stress mode) instead of once per symbol
     * and window as the live feed does. Each paced step then sends exactly one event of one of the symbol's subscribed
     * trade-derived types ({@code T}, {@code A}, {@code AM}, drawn evenly): a bar is its symbol's current window as it
     * stands after that step's trade ({@code s}/{@code e} the window's aligned bounds, the values over the trades
     * generated in it so far), so a symbol's bars for one window repeat, growing, until the next window opens. The
     * trades that feed a bar are generated whether or not {@code T} is sent; no bar is sent at a window's close.
     * Off by default: the rate counts trades and quotes, and bars come once a window (an {@code AM.*} subscriber then
     * gets about one event per symbol per minute whatever the rate).
     */
    public boolean pacedBars() {
        return pacedBars;
    }

    /** About the number of US-listed stocks and ETFs Massive's {@code T.*} carries. */
    public static final int FULL_MARKET = 11_000;

    /** Seed of every random choice: the same seed and the same subscriptions give the same events. */
    public long seed() {
        return seed;
    }

    /** How long a connection may stay unauthenticated before {@code auth_timeout}. */
    public Duration authTimeout() {
        return authTimeout;
    }

    /**
     * Topics answered with {@code not authorized}: {@code PREFIX.*} denies a whole event type
     * (e.g. {@code Q.*} for a trades-only plan), {@code PREFIX.TICKER} one topic.
     */
    public Set<String> notAuthorizedTopics() {
        return notAuthorizedTopics;
    }

    /**
     * How long one frame write may block before the server gives up on the client with
     * {@code slow_consumer}; {@link Duration#ZERO} disables the check (the default), so a slow
     * client just slows the stream down.
     */
    public Duration slowConsumerTimeout() {
        return slowConsumerTimeout;
    }

    /**
     * How long a client may send nothing at all (not even a pong to the server's pings, sent every third of this)
     * before the server drops it with {@code slow_consumer}, as the real server drops clients that stop answering;
     * {@link Duration#ZERO} disables it (the default). Unlike {@link #slowConsumerTimeout()} this catches a paused
     * (SIGSTOPped) client within the timeout whatever the rate, before megabytes of socket buffer fill up.
     */
    public Duration pingTimeout() {
        return pingTimeout;
    }

    /** Market time: event timestamps and bar windows follow it (wall time unless set). */
    public MarketClock marketClock() {
        return marketClock;
    }

    /**
     * The calendar whose sessions shape the activity (thin pre-market, a burst at the open, nothing while closed),
     * or {@code null}: flat activity at any hour.
     */
    public MarketCalendar sessions() {
        return sessions;
    }

    /** Faults injected on every connection by schedule ({@link FaultPlan#NONE} by default). */
    public FaultPlan faultPlan() {
        return faultPlan;
    }

    @Override
    public String toString() {
        return "SimulatorConfig[port=" + port + ", apiKeys=" + (apiKeys.isEmpty() ? "*" : apiKeys.size() + " key(s)")
                + ", maxConnections=" + maxConnections + ", eviction=" + eviction
                + ", eventsPerSecond=" + (unlimitedRate() ? "max" : eventsPerSecond)
                + ", eventsPerFrame=" + eventsPerFrame + ", seed=" + seed + ", authTimeout=" + authTimeout
                + ", notAuthorized=" + notAuthorizedTopics + ", slowConsumerTimeout=" + slowConsumerTimeout + ", pingTimeout=" + pingTimeout
                + ", marketClock=" + marketClock + ", sessions=" + (sessions == null ? "off" : "on")
                + ", faults=" + (faultPlan.isEmpty() ? "none" : faultPlan.options())
                + (pacedBars ? ", barsPaced" : "") + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int port = 0;
        private Set<String> apiKeys = new LinkedHashSet<>(Set.of(DEV_API_KEY));
        private int maxConnections = 0;
        private Eviction eviction = Eviction.NEWEST;
        private double eventsPerSecond = 1000;
        private MarketClock marketClock = MarketClock.system();
        private MarketCalendar sessions;
        private FaultPlan faultPlan = FaultPlan.NONE;
        private int eventsPerFrame = 10;
        private long seed = 42L;
        private Duration authTimeout = Duration.ofSeconds(10);
        private Set<String> notAuthorizedTopics = new LinkedHashSet<>();
        private Duration slowConsumerTimeout = Duration.ZERO;
        private Duration pingTimeout = Duration.ZERO;
        private int fullMarketTickers = 0;
        private boolean pacedBars;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Replaces the accepted keys; no keys means any non-blank key is accepted. */
        public Builder apiKeys(Set<String> keys) {
            this.apiKeys = new LinkedHashSet<>(Objects.requireNonNull(keys, "keys"));
            return this;
        }

        public Builder apiKeys(String... keys) {
            return apiKeys(Set.of(keys));
        }

        public Builder acceptAnyKey() {
            return apiKeys(Set.of());
        }

        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        public Builder eviction(Eviction eviction) {
            this.eviction = Objects.requireNonNull(eviction, "eviction");
            return this;
        }

        /** Events per second per connection; 0 means as fast as possible. */
        public Builder eventsPerSecond(double rate) {
            this.eventsPerSecond = rate;
            return this;
        }

        public Builder unlimitedRate() {
            return eventsPerSecond(0);
        }

        public Builder eventsPerFrame(int events) {
            this.eventsPerFrame = events;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder authTimeout(Duration timeout) {
            this.authTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder notAuthorizedTopics(Set<String> topics) {
            this.notAuthorizedTopics = new LinkedHashSet<>(Objects.requireNonNull(topics, "topics"));
            return this;
        }

        public Builder notAuthorizedTopics(String... topics) {
            return notAuthorizedTopics(Set.of(topics));
        }

        /** Market time for event timestamps and bars. */
        public Builder marketClock(MarketClock clock) {
            this.marketClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Activity follows {@code calendar}'s sessions at market time; {@code null}: flat at any hour. */
        public Builder sessions(MarketCalendar calendar) {
            this.sessions = calendar;
            return this;
        }

        /** Faults injected on every connection by schedule. */
        public Builder faultPlan(FaultPlan plan) {
            this.faultPlan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        public Builder slowConsumerTimeout(Duration timeout) {
            this.slowConsumerTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** A wildcard plays {@code tickers} names (0: the built-in table); see {@link #fullMarketTickers()}. */
        public Builder fullMarket(int tickers) {
            this.fullMarketTickers = tickers;
            return this;
        }

        /** {@code A} and {@code AM} are played at the rate like trades; see {@link #pacedBars()}. */
        public Builder pacedBars(boolean paced) {
            this.pacedBars = paced;
            return this;
        }

        public SimulatorConfig build() {
            if (fullMarketTickers < 0 || fullMarketTickers > SymbolUniverse.MAX_FULL_MARKET) {
                throw new IllegalArgumentException("full-market tickers must be 0 (off) or up to "
                        + SymbolUniverse.MAX_FULL_MARKET + ", was " + fullMarketTickers);
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            for (String key : apiKeys) {
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("blank API key in " + apiKeys);
                }
            }
            if (maxConnections < 0) {
                throw new IllegalArgumentException("maxConnections must be >= 0 (0 = unlimited), was " + maxConnections);
            }
            if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
                throw new IllegalArgumentException("eventsPerSecond must be >= 0 (0 = max), was " + eventsPerSecond);
            }
            if (eventsPerFrame < 1) {
                throw new IllegalArgumentException("eventsPerFrame must be >= 1, was " + eventsPerFrame);
            }
            if (authTimeout.isNegative() || authTimeout.isZero()) {
                throw new IllegalArgumentException("authTimeout must be positive, was " + authTimeout);
            }
            if (pingTimeout.isNegative()) {
                throw new IllegalArgumentException("pingTimeout must be >= 0, was " + pingTimeout);
            }
            if (slowConsumerTimeout.isNegative()) {
                throw new IllegalArgumentException("slowConsumerTimeout must be >= 0, was " + slowConsumerTimeout);
            }
            for (String topic : notAuthorizedTopics) {
                int dot = topic == null ? -1 : topic.indexOf('.');
                if (dot <= 0 || dot == topic.length() - 1) {
                    throw new IllegalArgumentException("not-authorized topic must be PREFIX.TICKER or PREFIX.*: '" + topic + "'");
                }
            }
            return new SimulatorConfig(this);
        }
    }
}
