package com.tickstock.console.republish;

import com.tickstock.console.config.RedisUrl;

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
 */
public record RedisEndpoint(boolean tls, String host, int port, int database, String username, String password,
                            VerifyPeer verifyPeer) {

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
    }

    /**
     * Parses a {@code redis://} or {@code rediss://} URL with the configuration's parser ({@link RedisUrl}), so a
     * URL the configuration accepted is one the republisher accepts.
     *
     * @throws IllegalArgumentException naming what is wrong, with every credential masked
     */
    public static RedisEndpoint parse(String url) {
        RedisUrl parsed = RedisUrl.parse(url);
        return new RedisEndpoint(parsed.tls(), parsed.host(), parsed.port(), parsed.database(), parsed.username(),
                parsed.password(), VerifyPeer.valueOf(parsed.verifyPeer().toUpperCase(Locale.ROOT)));
    }

    /** The URL with the password replaced by {@code ***}: safe for logs, status and error messages. */
    public String masked() {
        // One masked form, the configuration's, so a URL reads the same in config problems and in status.
        return new RedisUrl(tls, host, port, database, username, password, verifyPeer.name().toLowerCase(Locale.ROOT))
                .masked();
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
     * This endpoint as Lettuce's URI (TLS, peer verification, ACL user, database), built exactly as the
     * republisher builds its own, for the other parts that speak Redis.
     */
    public io.lettuce.core.RedisURI toRedisUri() {
        return RedisConnector.toRedisUri(this);
    }

    @Override
    public String toString() {
        return masked();
    }
}
