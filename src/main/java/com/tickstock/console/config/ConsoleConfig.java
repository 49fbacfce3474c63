package com.tickstock.console.config;

import com.tickstock.console.feed.EventType;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The validated, immutable configuration of the console, built by {@link ConfigLoader}.
 *
 * @param useMultiConnection whether tickers are spread over the configured connections
 *                           ({@code false} merges them onto connection_1)
 * @param connectionsMax     {@code WEBSOCKET_CONNECTIONS_MAX}, how many numbered connections were read
 * @param massiveApiKey      absent when the console runs against the embedded simulator
 * @param feed               settings shared by every connection
 * @param connections        the connections to open, in number order, with disjoint tickers
 * @param redis              republishing settings
 * @param status             status endpoint settings
 * @param feeder             the feeder's name and group in the ticker plant on Redis
 * @param record             recording of the raw feed ({@code RECORD_DIR})
 * @param warnings           things worth telling the operator that did not stop the load
 */
public record ConsoleConfig(boolean useMultiConnection, int connectionsMax, Secret massiveApiKey, FeedSettings feed,
                            List<ConnectionConfig> connections, RedisSettings redis, StatusEndpointSettings status,
                            FeederSettings feeder, RecordSettings record, List<String> warnings) {

    public ConsoleConfig {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(massiveApiKey, "massiveApiKey");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(feeder, "feeder");
        connections = List.copyOf(connections);
        warnings = List.copyOf(warnings);
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("at least one connection is needed");
        }
        Set<String> seen = new HashSet<>();
        for (ConnectionConfig c : connections) {
            for (String t : c.tickers()) {
                if (!seen.add(t)) {
                    throw new IllegalArgumentException(t + " is on more than one connection");
                }
            }
        }
    }

    /** A configuration that does not record the feed. */
    public ConsoleConfig(boolean useMultiConnection, int connectionsMax, Secret massiveApiKey, FeedSettings feed,
                         List<ConnectionConfig> connections, RedisSettings redis, StatusEndpointSettings status,
                         FeederSettings feeder, List<String> warnings) {
        this(useMultiConnection, connectionsMax, massiveApiKey, feed, connections, redis, status, feeder,
                RecordSettings.off(), warnings);
    }

    /** A configuration with the default feeder identity (this host, group {@code default}). */
    public ConsoleConfig(boolean useMultiConnection, int connectionsMax, Secret massiveApiKey, FeedSettings feed,
                         List<ConnectionConfig> connections, RedisSettings redis, StatusEndpointSettings status,
                         List<String> warnings) {
        this(useMultiConnection, connectionsMax, massiveApiKey, feed, connections, redis, status,
                FeederSettings.defaults(), warnings);
    }

    /** Without an API key there is nothing to authenticate with: the console simulates the feed. */
    public boolean useEmbeddedSimulator() {
        return !massiveApiKey.isPresent();
    }

    public Optional<ConnectionConfig> connection(String id) {
        return connections.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Ticker to connection id, in connection and ticker order; the initial routing table. */
    public Map<String, String> tickerAssignments() {
        Map<String, String> map = new LinkedHashMap<>();
        for (ConnectionConfig c : connections) {
            if (c.allTickers()) {
                continue; // learnt as they trade, so nothing to route at start
            }
            for (String t : c.tickers()) {
                map.put(t, c.id());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    public int totalTickers() {
        return connections.stream().filter(c -> !c.allTickers()).mapToInt(c -> c.tickers().size()).sum();
    }

    /** A multi-line summary for the log or an about box; secrets are masked. */
    public String describe() {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append("feed: ").append(useEmbeddedSimulator()
                ? "embedded simulator (no MASSIVE_API_KEY)"
                : feed.url() + " with API key " + massiveApiKey.masked()).append(nl);
        sb.append("events: ").append(feed.eventTypes().stream().map(EventType::wireName)
                .collect(Collectors.joining(","))).append(nl);
        sb.append("mode: ").append(useMultiConnection ? "multi-connection" : "single connection")
                .append(", ").append(connections.size()).append(" connection(s), ")
                .append(totalTickers()).append(" tickers").append(nl);
        for (ConnectionConfig c : connections) {
            sb.append("  ").append(c.label()).append(": ");
            if (c.allTickers()) {
                sb.append("all tickers (*)");
            } else {
                sb.append(c.tickers().size()).append(" tickers from ")
                        .append(c.universeKey().isEmpty() ? "symbols" : "universe " + c.universeKey());
            }
            if (c.carriesConnections().size() > 1 || c.carriesConnections().get(0) != c.number()) {
                sb.append(" (carries connections ").append(c.carriesConnections()).append(")");
            }
            sb.append(nl);
        }
        ReconnectSettings r = feed.reconnect();
        sb.append("reconnect: ").append(r.maxRetries()).append(" retries, ").append(r.initialDelay().toMillis())
                .append(" ms doubling to ").append(r.maxDelay().toMillis()).append(" ms, jitter ")
                .append(r.jitter().name().toLowerCase(java.util.Locale.ROOT)).append(nl);
        sb.append("redis: ").append(redis.enabled()
                ? redis.redactedUrl() + " " + redis.mode().name().toLowerCase(java.util.Locale.ROOT)
                        + " " + redis.channel()
                : "off").append(nl);
        sb.append("status endpoint: ").append(status.enabled()
                ? status.bindAddress() + ":" + status.port() + (status.token().isPresent() ? " with token" : "")
                : "off").append(nl);
        sb.append("recording: ").append(record.directory().map(d -> "to " + d + " ("
                + record.compression().name().toLowerCase(java.util.Locale.ROOT) + ")").orElse("off"));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ConsoleConfig[" + describe().replace(System.lineSeparator(), "; ") + "]";
    }
}
