package com.tickstock.console.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code REDIS_URL} parsed and checked: {@code redis://[[user]:password@]host[:port][/db][?verifyPeer=full|ca|none]},
 * or {@code rediss://...} for TLS, or Lettuce's Sentinel form
 * {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/db][?sentinelMasterId=MASTER]#MASTER}
 * (sentinels default to port 26379; the credentials are the data nodes', the sentinels are asked without AUTH), or a
 * Redis Cluster's seed nodes {@code redis-cluster://[[user]:password@]host[:port][,host[:port]...]} (port 6379 by
 * default; {@code rediss-cluster://} for TLS; no database: a cluster has only database 0). The one parser of the URL: configuration validation uses it so that every bad
 * URL is reported with the other problems, and the republisher builds its endpoint from the result.
 *
 * <p>No message this class makes contains the password: {@link Invalid} quotes the URL through {@link #mask}.
 *
 * @param tls        {@code rediss://}
 * @param host       host name or IP literal (IPv6 without brackets)
 * @param port       1..65535, default 6379
 * @param database   0..{@link Integer#MAX_VALUE}, default 0
 * @param username   ACL user, {@code null} for the default user
 * @param password   {@code null} when Redis needs none
 * @param verifyPeer {@code full}, {@code ca} or {@code none}
 * @param sentinels  for {@code redis-sentinel://}: every sentinel as {@code host:port} (IPv6 in brackets), the first
 *                   of them also in {@code host} and {@code port}; empty for a plain Redis
 * @param master     for {@code redis-sentinel://}: the name of the master the sentinels monitor; {@code null} for a
 *                   plain Redis
 * @param cluster    {@code redis-cluster://}: {@link #sentinels()} holds the cluster's seed nodes instead (see
 *                   {@link #seeds()}), the first of them also in {@code host} and {@code port}
 */
public record RedisUrl(boolean tls, String host, int port, int database, String username, String password,
                       String verifyPeer, List<String> sentinels, String master, boolean cluster) {

    public static final int DEFAULT_PORT = 6379;
    /** A sentinel's port when the URL gives none, as Lettuce and redis-cli take it. */
    public static final int DEFAULT_SENTINEL_PORT = 26379;
    /**
     * The accepted form in words. No URL-shaped example carries '@' or '=': messages pass through the secret
     * masker, which would mask the example's "password" like a real one.
     */
    public static final String FORM = "redis://host[:port][/db] or rediss://... for TLS, with ':password@' or"
            + " 'user:password@' before the host, and verifyPeer (full|ca|none) as the only parameter;"
            + " or redis-sentinel://host[:port][,host[:port]...][/db]#MASTER (rediss-sentinel:// for TLS; the"
            + " master's name also as the sentinelMasterId parameter); or redis-cluster://host[:port][,host[:port]...]"
            + " for a Redis Cluster's seed nodes (rediss-cluster:// for TLS)";

    /** A plain (not Sentinel) Redis. */
    public RedisUrl(boolean tls, String host, int port, int database, String username, String password,
                    String verifyPeer) {
        this(tls, host, port, database, username, password, verifyPeer, List.of(), null, false);
    }

    /** A plain Redis, or one under Sentinel when {@code master} is not null. */
    public RedisUrl(boolean tls, String host, int port, int database, String username, String password,
                    String verifyPeer, List<String> sentinels, String master) {
        this(tls, host, port, database, username, password, verifyPeer, sentinels, master, false);
    }

    public RedisUrl {
        if (username != null && username.isEmpty()) {
            username = null; // "redis://:password@host": the default user
        }
        if (username == null && password != null && password.isEmpty()) {
            password = null; // "redis://:@host": nothing to authenticate with
        }
        sentinels = sentinels == null ? List.of() : List.copyOf(sentinels);
    }

    /** Whether the address is Sentinel's: the master is looked up through {@link #sentinels()} by {@link #master()}. */
    public boolean sentinel() {
        return master != null;
    }

    /** {@code redis-cluster://}: the seed nodes as {@code host:port}; empty otherwise. */
    public List<String> seeds() {
        return cluster ? sentinels : List.of();
    }

    /** A URL that cannot be used; {@link #problem()} says why without quoting the URL. */
    public static final class Invalid extends IllegalArgumentException {
        private final String problem;

        Invalid(String url, String problem) {
            super(url.isEmpty() ? "REDIS_URL " + problem : "REDIS_URL '" + mask(url) + "' " + problem);
            this.problem = problem;
        }

        /** What is wrong, e.g. "has port 99999; a port is 1..65535". */
        public String problem() {
            return problem;
        }
    }

    /**
     * Parses and checks a URL. Percent-escapes in the user and password are decoded ({@code p%40ss} is
     * {@code p@ss}). The user information ends at the last '@' of the authority, so a password holding an
     * unescaped '@' is still taken (and masked) whole.
     *
     * @throws Invalid naming what is wrong, with the credentials masked
     */
    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new Invalid("", "is empty; expected " + FORM);
        }
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw new Invalid(text, "is not a URL; expected " + FORM);
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        boolean tls;
        boolean sentinel = scheme.endsWith("-sentinel");
        boolean cluster = scheme.endsWith("-cluster");
        if (scheme.equals("redis") || scheme.equals("redis-sentinel") || scheme.equals("redis-cluster")) {
            tls = false;
        } else if (scheme.equals("rediss") || scheme.equals("rediss-sentinel") || scheme.equals("rediss-cluster")) {
            tls = true;
        } else {
            throw new Invalid(text, "scheme '" + scheme + "' is not redis or rediss (rediss:// is TLS), nor"
                    + " redis-sentinel or rediss-sentinel for Redis under Sentinel, nor redis-cluster or"
                    + " rediss-cluster for a Redis Cluster");
        }
        String rest = text.substring(schemeEnd + 3);
        String username = null;
        String password = null;
        // The last '@' anywhere, as mask() takes it: a password may hold unescaped '@', '/', '?' or '#', and no
        // part of it may end up quoted as a host, port or parameter.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis-py reads this as a user, Lettuce as a password: refuse to guess.
                throw new Invalid(text, "has user info without ':'; put ':password@' before the host for a password,"
                        + " or 'user:password@' for an ACL user");
            }
            username = decode(text, userInfo.substring(0, colon), "user");
            password = decode(text, userInfo.substring(colon + 1), "password");
        }
        String master = null;
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            master = rest.substring(fragment + 1);
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

        List<String> sentinels = new ArrayList<>();
        String host;
        int port;
        if (sentinel) {
            if (rest.isEmpty()) {
                throw new Invalid(text, "has no sentinel; list them as host:port,host:port");
            }
            HostPort first = null;
            for (String node : rest.split(",", -1)) {
                HostPort hp = hostPort(text, node, DEFAULT_SENTINEL_PORT);
                first = first == null ? hp : first;
                sentinels.add(hp.text());
            }
            host = first.host();
            port = first.port();
        } else if (cluster) {
            if (rest.isEmpty()) {
                throw new Invalid(text, "has no seed node; list them as host:port,host:port");
            }
            if (!path.isEmpty()) {
                throw new Invalid(text, "has a database ('/" + path + "'); a Redis Cluster has only database 0");
            }
            if (master != null) {
                throw new Invalid(text, "has a '#' fragment; a Redis Cluster has no master name (that is"
                        + " redis-sentinel://)");
            }
            HostPort first = null;
            for (String node : rest.split(",", -1)) {
                HostPort hp = hostPort(text, node, DEFAULT_PORT);
                first = first == null ? hp : first;
                sentinels.add(hp.text());
            }
            host = first.host();
            port = first.port();
        } else {
            master = null; // a fragment means nothing to a plain Redis, as before
            HostPort hp = hostPort(text, rest, DEFAULT_PORT);
            host = hp.host();
            port = hp.port();
        }
        int database = 0;
        if (!path.isEmpty()) {
            if (!path.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new Invalid(text, "has a bad database: the path must be a database number (e.g. /0), not '"
                    + path + "'");
            }
            database = number(text, path, "database", Integer.MAX_VALUE);
        }
        String verifyPeer = "full";
        for (String parameter : query.split("&", -1)) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : parameter.substring(eq + 1);
            if (sentinel && name.equals("sentinelMasterId")) {
                if (master != null && !master.equals(value)) {
                    throw new Invalid(text, "names two different masters (after '#' and in sentinelMasterId)");
                }
                master = value;
                continue;
            }
            if (!name.equals("verifyPeer")) {
                throw new Invalid(text, "has unknown parameter '" + name + "'; the only parameter"
                        + (sentinel ? "s are verifyPeer (full|ca|none) and sentinelMasterId" : " is verifyPeer"
                        + " (full|ca|none)") + "; a password goes before the host as ':password@'");
            }
            verifyPeer = verifyPeer(text, value);
        }
        if (sentinel && (master == null || master.isEmpty())) {
            throw new Invalid(text, "names no master: end it with #MASTER, the name the sentinels monitor (or give"
                    + " it as the sentinelMasterId parameter)");
        }
        if (sentinel && !master.matches("[A-Za-z0-9_.:-]{1,128}")) {
            throw new Invalid(text, "has a bad master name; a master name is 1..128 of A-Z a-z 0-9 _ . : -");
        }
        return new RedisUrl(tls, host, port, database, username, password, verifyPeer, sentinels,
                sentinel ? master : null, cluster);
    }

    /**
     * A raw URL, parseable or not, with every credential replaced by {@code ***}: the whole user information
     * (up to the last '@' before the path), a password without user, and every query value. Safe for any message.
     */
    public static String mask(String url) {
        if (url == null) {
            return "(not set)";
        }
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            // Not URL-shaped: any '@' or '=' may guard a secret, show nothing of it.
            return text.indexOf('@') >= 0 || text.indexOf('=') >= 0 ? "***" : text;
        }
        StringBuilder out = new StringBuilder(text.substring(0, schemeEnd + 3));
        String rest = text.substring(schemeEnd + 3);
        // The last '@' anywhere: more than the parser may take as user information, never less.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && userInfo.substring(0, colon).matches(".*[/?#=&].*")) {
                colon = -1; // what looks like a user name is part of something else: mask it too
            }
            out.append(colon < 0 ? "***" : userInfo.substring(0, colon) + ":***").append('@');
            rest = rest.substring(at + 1);
        } else {
            rest = Secrets.maskNonNumericPort(rest);
        }
        int q = rest.indexOf('?');
        if (q < 0) {
            return out.append(rest).toString();
        }
        out.append(rest, 0, q + 1);
        String[] parameters = rest.substring(q + 1).split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            int eq = parameters[i].indexOf('=');
            out.append(i > 0 ? "&" : "").append(eq < 0 ? parameters[i] : parameters[i].substring(0, eq + 1) + "***");
        }
        return out.toString();
    }

    /** The masked form of this URL, normalised: {@code redis://user:***@host:port/db}. */
    public String masked() {
        StringBuilder sb = new StringBuilder(tls ? "rediss" : "redis")
                .append(sentinel() ? "-sentinel://" : cluster ? "-cluster://" : "://");
        if (username != null || password != null) {
            if (username != null) {
                sb.append(username);
            }
            sb.append(password != null ? ":***" : ":").append('@');
        }
        if (cluster) {
            sb.append(String.join(",", sentinels));
        } else if (sentinel()) {
            sb.append(String.join(",", sentinels)).append('/').append(database);
        } else {
            sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port).append('/').append(database);
        }
        if (tls && !verifyPeer.equals("full")) {
            sb.append("?verifyPeer=").append(verifyPeer);
        }
        if (sentinel()) {
            sb.append('#').append(master);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return masked();
    }

    private record HostPort(String host, int port) {
        String text() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** One {@code host[:port]} (IPv6 in brackets), the port defaulting to {@code defaultPort}. */
    private static HostPort hostPort(String text, String rest, int defaultPort) {
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new Invalid(text, "has an IPv6 host without ']'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new Invalid(text, "has text after the IPv6 host: '" + after + "'");
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw new Invalid(text, "has no host");
        }
        int port = defaultPort;
        if (portText != null) {
            if (portText.isEmpty()) {
                throw new Invalid(text, "has an empty port after ':'; a port is 1..65535 (omit it for "
                        + defaultPort + ")");
            }
            port = number(text, portText, "port", 65535);
            if (port < 1) {
                throw new Invalid(text, "has port " + portText + "; a port is 1..65535");
            }
        }
        return new HostPort(host, port);
    }

    private static int number(String url, String digits, String what, int max) {
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 10) {
            // Shown only where the masked URL shows it: a password missing its '@host' reads as a port.
            String shown = mask(url).contains(digits) ? "'" + digits + "'" : "(not shown: it may be a password whose"
                    + " '@host' is missing)";
            throw new Invalid(url, "has a bad " + what + ": " + shown + "; allowed: 0.." + max);
        }
        long value = Long.parseLong(digits);
        if (value > max) {
            throw new Invalid(url, "has " + what + " " + digits + "; " + (what.equals("port")
                    ? "a port is 1..65535" : "a database number is 0.." + max));
        }
        return (int) value;
    }

    private static String verifyPeer(String url, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "full":
            case "true":
                return "full";
            case "ca":
                return "ca";
            case "none":
            case "false":
                return "none";
            default:
                throw new Invalid(url, "has verifyPeer='" + value + "'; use full, ca or none");
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
                    throw new Invalid(url, "has a bad %-escape in the " + what);
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
