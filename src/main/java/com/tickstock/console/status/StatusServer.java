package com.tickstock.console.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.config.StatusEndpointSettings;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP status endpoint (the seed's {@code GET /api/admin/websocket-status} plus liveness,
 * readiness and Prometheus metrics) on a {@link NonBlockingHttpServer} (its comment says why not
 * the JDK's or Grizzly's server).
 *
 * <p>Routes: {@value #WEBSOCKET_STATUS}, {@value #LIVE}, {@value #READY}, {@value #METRICS}, GET
 * only. Every answer is decided from the request head; a body is never read. With a token
 * configured every path, unknown ones included, answers 401 without it, so an unauthenticated
 * caller learns nothing, not even which paths exist. Without a token (loopback only) a request
 * must name this endpoint in its {@code Host} header, so a web page whose host name was re-pointed
 * at 127.0.0.1 (DNS rebinding) cannot read it through the operator's browser.
 *
 * <p>Threads: responses are built on the server's two {@code status-http-N} worker threads; they
 * only read the {@link StatusSource}'s immutable snapshots and thread-safe counters, and this
 * class's final fields. {@link #close()} may be called from any thread, more than once.
 */
public final class StatusServer implements AutoCloseable {

    public static final String WEBSOCKET_STATUS = "/api/admin/websocket-status";
    public static final String LIVE = "/api/health/live";
    public static final String READY = "/api/health/ready";
    public static final String METRICS = "/metrics";

    /** The largest body a request may announce (and none is ever read): room for a stray {@code POST {}}. */
    static final long MAX_BODY_BYTES = 1024;

    private static final System.Logger LOG = System.getLogger(StatusServer.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final List<String> ROUTES = List.of(WEBSOCKET_STATUS, LIVE, READY, METRICS);

    private final NonBlockingHttpServer server;
    private final StatusSource source;
    private final BearerAuth auth;
    /** Values no response may contain (the API key): a last line of defence behind the JSON writers. */
    private final List<String> secrets;
    /** Lower-case host names a request may give in {@code Host} when no token is set. */
    private final Set<String> ownHostNames;
    private final URI url;

    private StatusServer(NonBlockingHttpServer.Limits limits, InetSocketAddress address, StatusSource source,
                         BearerAuth auth, List<String> secrets, String host) throws IOException {
        this.source = source;
        this.auth = auth;
        this.secrets = secrets;
        this.server = NonBlockingHttpServer.bind(address, limits, new NonBlockingHttpServer.Handler() {
            @Override
            public HttpResponse handle(HttpRequestHead head) {
                return StatusServer.this.handle(head);
            }

            @Override
            public HttpResponse refuse(int status, String message) {
                return json(status, error(message));
            }
        });
        this.url = URI.create("http://" + host + ":" + server.address().getPort());
        this.ownHostNames = Set.copyOf(List.of("localhost", host.toLowerCase(Locale.ROOT),
                uriHost(server.address().getAddress()).toLowerCase(Locale.ROOT)));
    }

    /**
     * Binds and starts serving; returns once requests are accepted.
     *
     * @param settings where to listen ({@code port} 0 picks a free one) and the optional token
     * @param secrets  values never to be sent, whatever a snapshot holds (blank ones are ignored)
     * @throws IOException when the address cannot be bound (e.g. the port is taken), or when
     *                     {@code localhost} does not resolve to a loopback address and no token is set
     */
    public static StatusServer start(StatusEndpointSettings settings, StatusSource source, List<String> secrets)
            throws IOException {
        return start(settings, source, secrets, NonBlockingHttpServer.Limits.DEFAULT);
    }

    static StatusServer start(StatusEndpointSettings settings, StatusSource source, List<String> secrets,
                              NonBlockingHttpServer.Limits limits) throws IOException {
        Objects.requireNonNull(source, "source");
        String bind = settings.bindAddress();
        String host = bind.startsWith("[") ? bind.substring(1, bind.length() - 1) : bind;
        InetSocketAddress address = new InetSocketAddress(host, settings.port());
        if (address.isUnresolved()) {
            throw new IOException("STATUS_BIND=" + bind + " does not resolve to an address");
        }
        if (!settings.token().isPresent() && settings.loopback() && !address.getAddress().isLoopbackAddress()) {
            throw new IOException("STATUS_BIND=" + bind + " resolves to " + address.getAddress().getHostAddress()
                    + ", not a loopback address; bind 127.0.0.1 or set STATUS_TOKEN");
        }
        List<String> kept = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && !s.isBlank()) {
                kept.add(s);
            }
        }
        StatusServer status = new StatusServer(limits, address, source, new BearerAuth(settings.token()),
                List.copyOf(kept), host.contains(":") ? "[" + host + "]" : host);
        status.server.start();
        LOG.log(Level.INFO, "status endpoint serving at {0}{1}", status.url,
                status.auth.required() ? " (bearer token required)" : "");
        return status;
    }

    private static String uriHost(InetAddress address) {
        String literal = address.getHostAddress();
        int scope = literal.indexOf('%');
        literal = scope < 0 ? literal : literal.substring(0, scope);
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }

    /** {@code http://<bind address>:<port>}, the port being the one actually bound. */
    public URI url() {
        return url;
    }

    public int port() {
        return server.address().getPort();
    }

    /** Bytes read from clients so far (request heads; never more than a few KB of any body). */
    long bytesRead() {
        return server.bytesRead();
    }

    /** Stops accepting, drops every open connection, and ends the server's threads. */
    @Override
    public void close() {
        server.close();
    }

    // =====================================================================================
    // Request handling (status-http worker threads)
    // =====================================================================================

    private HttpResponse handle(HttpRequestHead request) {
        if (!auth.permits(request.header("authorization"))) {
            return json(401, error("a bearer token is required (Authorization: Bearer <token>)"),
                    Map.of("WWW-Authenticate", "Bearer realm=\"tickstock\""));
        }
        if (!auth.required() && !isOwnHost(request.header("host"))) {
            return json(421, error("the Host header must name this endpoint (" + url.getAuthority()
                    + " or localhost) when no STATUS_TOKEN is set; got " + describeHost(request.header("host"))));
        }
        if (request.bodyLength() > MAX_BODY_BYTES) {
            return json(413, error("requests carry no body here; at most " + MAX_BODY_BYTES
                    + " bytes are accepted (and not read)"));
        }
        String path = request.path();
        if (!ROUTES.contains(path)) {
            return json(404, error("no such path; try " + String.join(", ", ROUTES)));
        }
        if (!request.method().equals("GET")) {
            return json(405, error(request.method() + " is not allowed here; use GET"), Map.of("Allow", "GET"));
        }
        try {
            return route(path);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "status endpoint: " + path + " failed", e);
            return json(500, error("internal error: " + e));
        }
    }

    private boolean isOwnHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return false;
        }
        String h = hostHeader.toLowerCase(Locale.ROOT);
        int portColon = h.startsWith("[") ? h.indexOf(':', Math.max(h.indexOf(']'), 0)) : h.lastIndexOf(':');
        if (portColon >= 0) {
            String port = h.substring(portColon + 1);
            if (!port.equals(Integer.toString(port()))) {
                return false;
            }
            h = h.substring(0, portColon);
        }
        return ownHostNames.contains(h);
    }

    private static String describeHost(String hostHeader) {
        if (hostHeader == null) {
            return "none";
        }
        String shown = hostHeader.length() > 100 ? hostHeader.substring(0, 100) + "..." : hostHeader;
        return "'" + shown + "'";
    }

    private HttpResponse route(String path) {
        return switch (path) {
            case WEBSOCKET_STATUS -> json(200, websocketStatus(source));
            case LIVE -> live();
            case READY -> ready(source.healthNow());
            case METRICS -> response(200, PrometheusText.CONTENT_TYPE, StatusMetrics.render(source.health(), source, server),
                    Map.of());
            default -> throw new IllegalStateException("unrouted path " + path);
        };
    }

    /**
     * Parts that stopped and will not come back on their own: the source's, then each connection
     * in FAILED (terminal: the server refused the key or the account's connection limit), as
     * {@code "part: cause"}.
     */
    static List<String> unrecoverable(HealthSnapshot health, StatusSource source) {
        List<String> parts = new ArrayList<>(source.unrecoverable());
        for (Map.Entry<String, ConnectionHealth> e : health.connections().entrySet()) {
            ConnectionSnapshot feed = e.getValue().feed();
            if (feed.state() == ConnectionState.FAILED) {
                String cause = feed.cause().words();
                if (!feed.detail().isBlank()) {
                    cause = cause.isEmpty() ? feed.detail() : cause + " (" + feed.detail() + ")";
                }
                parts.add(e.getKey() + ": " + (cause.isEmpty() ? "failed" : cause));
            }
        }
        return parts;
    }

    private HttpResponse live() {
        List<String> dead;
        try {
            dead = unrecoverable(source.healthNow(), source);
        } catch (RuntimeException e) {
            // A snapshot that cannot be built is a bug in reporting, not a stopped feed: the other
            // routes answer 500 for it; liveness still goes by what is known to have stopped.
            LOG.log(Level.ERROR, "status endpoint: no health snapshot for liveness", e);
            dead = source.unrecoverable();
        }
        if (dead.isEmpty()) {
            return json(200, "{\"status\":\"live\"}");
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            writeUnrecoverable(g, dead);
            g.writeStringField("status", "not_live");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json(503, out.toString());
    }

    private static void writeUnrecoverable(JsonGenerator g, List<String> dead) throws IOException {
        g.writeArrayFieldStart("unrecoverable");
        for (String part : dead) {
            g.writeString(part);
        }
        g.writeEndArray();
    }

    /** The source's own health JSON when it has one, else its snapshot's. */
    private static String websocketStatus(StatusSource source) {
        String data = source.healthJson();
        return data == null ? websocketStatus(source.health()) : wrap(data);
    }

    /** The seed's wrapper: {@code {"status":"success","data":<health>,"timestamp":<epoch s>}}. */
    static String websocketStatus(HealthSnapshot health) {
        StringWriter data = new StringWriter();
        HealthJson.write(health, data, false);
        return wrap(data.toString());
    }

    private static String wrap(String data) {
        return "{\"status\":\"success\",\"data\":" + data + ",\"timestamp\":"
                + BigDecimal.valueOf(System.currentTimeMillis(), 3).toPlainString() + "}";
    }

    private HttpResponse ready(HealthSnapshot health) {
        List<String> dead = unrecoverable(health, source);
        List<String> waiting = source.notReady();
        StringWriter out = new StringWriter();
        boolean ready = dead.isEmpty() && waiting.isEmpty();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("connections");
            for (Map.Entry<String, ConnectionHealth> e : health.connections().entrySet()) {
                ConnectionSnapshot feed = e.getValue().feed();
                ready &= feed.state() == ConnectionState.STREAMING;
                g.writeStringField(e.getKey(), feed.state().name());
            }
            g.writeEndObject();
            if (!ready) {
                g.writeObjectFieldStart("not_ready");
                for (Map.Entry<String, ConnectionHealth> e : health.connections().entrySet()) {
                    ConnectionSnapshot feed = e.getValue().feed();
                    if (feed.state() != ConnectionState.STREAMING) {
                        g.writeObjectFieldStart(e.getKey());
                        g.writeStringField("name", feed.name());
                        g.writeStringField("state", feed.state().name());
                        g.writeStringField("cause", feed.cause().words());
                        g.writeStringField("detail", feed.detail());
                        g.writeEndObject();
                    }
                }
                g.writeEndObject();
            }
            if (!dead.isEmpty()) {
                writeUnrecoverable(g, dead);
            }
            if (!waiting.isEmpty()) {
                g.writeArrayFieldStart("waiting_for");
                for (String why : waiting) {
                    g.writeString(why);
                }
                g.writeEndArray();
            }
            g.writeStringField("status", ready ? "ready" : "not_ready");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json(ready ? 200 : 503, out.toString());
    }

    private static String error(String message) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private HttpResponse json(int status, String body) {
        return response(status, JSON_TYPE, body, Map.of());
    }

    private HttpResponse json(int status, String body, Map<String, String> headers) {
        return response(status, JSON_TYPE, body, headers);
    }

    private HttpResponse response(int status, String contentType, String body, Map<String, String> headers) {
        String safe = body;
        for (String secret : secrets) {
            safe = safe.replace(secret, "****");
        }
        return new HttpResponse(status, contentType, safe.getBytes(StandardCharsets.UTF_8), headers);
    }
}
