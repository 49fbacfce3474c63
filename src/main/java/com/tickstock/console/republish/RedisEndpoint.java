package com.tickstock.console.republish;

import com.tickstock.console.config.RedisUrl;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where to publish, parsed from {@code REDIS_URL}:
 * {@code redis://[[user]:password@]host[:port][/db][?verifyPeer=full|ca|none]}, or {@code rediss://...} for TLS.
 *
 * <p>The password never leaves this record in text form: {@link #toString()} and {@link #masked()} print
 * {@code ***} in its place, and every parse error quotes the URL masked, because these messages end up in
 * logs and on the operator's screen.
 *
 * @param tls        {@code rediss://}
 * @param host       host name or IP literal (IPv6 without brackets)
 * @param port       1..65535, default 6379
 * @param database   logical database, default 0 (PUBLISH ignores it; XADD writes the stream into it)
 * @param username   ACL user, {@code null} for the default user
 * @param password   {@code null} when Redis needs none
 * @param verifyPeer how a TLS peer is checked; ignored without TLS
 * @param sentinels  Sentinel only: the sentinels to ask for the master (unresolved addresses); empty otherwise
 * @param master     Sentinel only: the master's name; {@code null} for a plain Redis
 * @param cluster    {@code redis-cluster://}: {@code sentinels} holds the cluster's seed nodes instead
 *                   ({@link #seeds()}); Lettuce's cluster client discovers and follows the rest
 */
public record RedisEndpoint(boolean tls, String host, int port, int database, String username, String password,
                            VerifyPeer verifyPeer, List<InetSocketAddress> sentinels, String master, boolean cluster) {

    /** A plain (not Sentinel) Redis. */
    public RedisEndpoint(boolean tls, String host, int port, int database, String username, String password,
                         VerifyPeer verifyPeer) {
        this(tls, host, port, database, username, password, verifyPeer, List.of(), null, false);
    }

    /** A plain Redis, or one under Sentinel when {@code master} is not null. */
    public RedisEndpoint(boolean tls, String host, int port, int database, String username, String password,
                         VerifyPeer verifyPeer, List<InetSocketAddress> sentinels, String master) {
        this(tls, host, port, database, username, password, verifyPeer, sentinels, master, false);
    }

    /** {@code redis-cluster://}: the seed nodes (unresolved addresses); empty otherwise. */
    public List<InetSocketAddress> seeds() {
        return cluster ? sentinels : List.of();
    }

    public static final int DEFAULT_PORT = 6379;

    /** How much of the server's certificate is checked on {@code rediss://}. */
    public enum VerifyPeer {
        /** Chain and host name (the default). */
        FULL,
        /** Chain only: for servers reached by an address their certificate does not name. */
        CA,
        /** Nothing: encryption without authentication, for tests and self-signed lab setups. */
        NONE
    }

    public RedisEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("REDIS_URL needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("REDIS_URL port must be 1..65535, not " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("REDIS_URL database must be 0 or more, not " + database);
        }
        if (username != null && username.isEmpty()) {
            username = null;
        }
        if (username == null && password != null && password.isEmpty()) {
            password = null; // "redis://:@host": nothing to authenticate with
        }
        if (verifyPeer == null) {
            verifyPeer = VerifyPeer.FULL;
        }
        sentinels = sentinels == null ? List.of() : List.copyOf(sentinels);
        if (cluster && (master != null || sentinels.isEmpty())) {
            throw new IllegalArgumentException("REDIS_URL of a Redis Cluster needs seed nodes and no master name");
        }
        if (master != null && sentinels.isEmpty()) {
            throw new IllegalArgumentException("REDIS_URL names master '" + master + "' but no sentinel");
        }
    }

    /** Whether the master is found through sentinels (and followed across failovers). */
    public boolean sentinel() {
        return master != null;
    }

    /**
     * Parses a {@code redis://} or {@code rediss://} URL with the configuration's parser ({@link RedisUrl}), so a
     * URL the configuration accepted is one the republisher accepts.
     *
     * @throws IllegalArgumentException naming what is wrong, with every credential masked
     */
    public static RedisEndpoint parse(String url) {
        return of(RedisUrl.parse(url));
    }

    /** The endpoint of a URL the configuration's parser accepted ({@code --attach} parses its own). */
    public static RedisEndpoint of(RedisUrl parsed) {
        List<InetSocketAddress> sentinels = new ArrayList<>();
        for (String node : parsed.sentinels()) {
            int colon = node.lastIndexOf(':');
            String host = node.substring(0, colon);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            sentinels.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(node.substring(colon + 1))));
        }
        return new RedisEndpoint(parsed.tls(), parsed.host(), parsed.port(), parsed.database(), parsed.username(),
                parsed.password(), VerifyPeer.valueOf(parsed.verifyPeer().toUpperCase(Locale.ROOT)), sentinels,
                parsed.master(), parsed.cluster());
    }

    private RedisUrl toUrl() {
        List<String> nodes = new ArrayList<>();
        for (InetSocketAddress s : sentinels) {
            String h = s.getHostString();
            nodes.add((h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + s.getPort());
        }
        return new RedisUrl(tls, host, port, database, username, password, verifyPeer.name().toLowerCase(Locale.ROOT),
                nodes, master, cluster);
    }

    /** The URL with the password replaced by {@code ***}: safe for logs, status and error messages. */
    public String masked() {
        // One masked form, the configuration's, so a URL reads the same in config problems and in status.
        return toUrl().masked();
    }

    /**
     * Replaces this endpoint's password wherever it occurs in {@code text}. A defence for messages built by
     * libraries that might quote what they were given; passwords shorter than 3 characters are left alone,
     * since masking every 'a' would garble the message more than it protects.
     */
    public String scrub(String text) {
        if (text == null || password == null || password.length() < 3) {
            return text;
        }
        return text.replace(password, "***");
    }

    /**
     * This endpoint as Lettuce's URI (TLS, peer verification, ACL user, database; for Sentinel the sentinels and the
     * master's name, so that Lettuce looks the master up at every connect and reconnect), built exactly as the
     * republisher builds its own: the one place where every part that speaks Redis gets its URI.
     */
    public io.lettuce.core.RedisURI toRedisUri() {
        return RedisConnector.toRedisUri(this);
    }

    @Override
    public String toString() {
        return masked();
    }
}
