package com.tickstock.console.republish;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern USERINFO = Pattern.compile("(://[^/@?#]*?)(:[^/?#]*)?@");

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
     * Parses a {@code redis://} or {@code rediss://} URL. Percent-escapes in the user and password are decoded
     * ({@code p%40ss} is {@code p@ss}).
     *
     * @throws IllegalArgumentException naming what is wrong, with the password masked
     */
    public static RedisEndpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "REDIS_URL is empty; expected redis://[[user]:password@]host[:port][/db] or rediss://... for TLS");
        }
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw bad(text, "is not a URL; expected redis://host[:port][/db] or rediss://... for TLS");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        boolean tls;
        if (scheme.equals("redis")) {
            tls = false;
        } else if (scheme.equals("rediss")) {
            tls = true;
        } else {
            throw bad(text, "has scheme '" + scheme + "'; only redis:// and rediss:// (TLS) are supported");
        }

        String rest = text.substring(schemeEnd + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }

        String username = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis-py reads this as a user, Lettuce as a password: refuse to guess.
                throw bad(text, "has user info without ':'; write redis://:password@host for a password"
                        + " or redis://user:password@host for an ACL user");
            }
            username = decode(text, userInfo.substring(0, colon), "user");
            password = decode(text, userInfo.substring(colon + 1), "password");
        }

        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(text, "has an IPv6 host without ']'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw bad(text, "has text after the IPv6 host: '" + after + "'");
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw bad(text, "has no host");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            port = parseInt(text, portText, "port");
            if (port < 1 || port > 65535) {
                throw bad(text, "has port " + port + "; a port is 1..65535");
            }
        }
        int database = 0;
        if (!path.isEmpty()) {
            database = parseInt(text, path, "database (the path, e.g. /0)");
        }
        VerifyPeer verifyPeer = VerifyPeer.FULL;
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : parameter.substring(eq + 1);
            if (!name.equals("verifyPeer")) {
                throw bad(text, "has unknown parameter '" + name + "'; the only parameter is verifyPeer=full|ca|none");
            }
            verifyPeer = parseVerifyPeer(text, value);
        }
        return new RedisEndpoint(tls, host, port, database, username, password, verifyPeer);
    }

    /** The URL with the password replaced by {@code ***}: safe for logs, status and error messages. */
    public String masked() {
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (username != null || password != null) {
            if (username != null) {
                sb.append(username);
            }
            sb.append(password != null ? ":***" : ":").append('@');
        }
        sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port).append('/').append(database);
        if (tls && verifyPeer != VerifyPeer.FULL) {
            sb.append("?verifyPeer=").append(verifyPeer.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
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

    @Override
    public String toString() {
        return masked();
    }

    /** Masks the password part of a raw URL that could not be parsed, for error messages. */
    static String maskRaw(String url) {
        return USERINFO.matcher(url).replaceFirst(m -> Matcher.quoteReplacement(
                // Without ':' the whole user info may be a password: mask all of it.
                m.group(2) == null ? "://***@" : m.group(1) + ":***@"));
    }

    private static IllegalArgumentException bad(String url, String problem) {
        return new IllegalArgumentException("REDIS_URL '" + maskRaw(url) + "' " + problem);
    }

    private static int parseInt(String url, String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(url, "has a bad " + what + ": '" + text + "'");
        }
    }

    private static VerifyPeer parseVerifyPeer(String url, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "full":
            case "true":
                return VerifyPeer.FULL;
            case "ca":
                return VerifyPeer.CA;
            case "none":
            case "false":
                return VerifyPeer.NONE;
            default:
                throw bad(url, "has verifyPeer='" + value + "'; use full, ca or none");
        }
    }

    /** RFC 3986 percent-decoding; unlike URLDecoder it leaves '+' alone. */
    private static String decode(String url, String part, String what) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(part.length());
        int i = 0;
        while (i < part.length()) {
            if (part.charAt(i) == '%') {
                int hi = i + 2 < part.length() ? Character.digit(part.charAt(i + 1), 16) : -1;
                int lo = i + 2 < part.length() ? Character.digit(part.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw bad(url, "has a bad %-escape in the " + what);
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int end = part.indexOf('%', i);
                end = end < 0 ? part.length() : end;
                byte[] bytes = part.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
