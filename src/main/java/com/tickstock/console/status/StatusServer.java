package com.tickstock.console.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.StatusEndpointSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP status endpoint (the seed's {@code GET /api/admin/websocket-status} plus liveness,
 * readiness and Prometheus metrics) on the JDK's {@link HttpServer}.
 *
 * <p>Routes: {@value #WEBSOCKET_STATUS}, {@value #LIVE}, {@value #READY}, {@value #METRICS}, GET
 * only. With a token configured every path, unknown ones included, answers 401 without it, so an
 * unauthenticated caller learns nothing, not even which paths exist.
 *
 * <p>Threads: requests run on two daemon threads of its own ({@code status-http-N}); they only
 * read the {@link StatusSource}'s immutable snapshots and thread-safe counters. {@link #close()}
 * may be called from any thread, more than once.
 */
public final class StatusServer implements AutoCloseable {

    public static final String WEBSOCKET_STATUS = "/api/admin/websocket-status";
    public static final String LIVE = "/api/health/live";
    public static final String READY = "/api/health/ready";
    public static final String METRICS = "/metrics";

    private static final System.Logger LOG = System.getLogger(StatusServer.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final List<String> ROUTES = List.of(WEBSOCKET_STATUS, LIVE, READY, METRICS);

    private final HttpServer server;
    private final ExecutorService executor;
    private final StatusSource source;
    private final BearerAuth auth;
    /** Values no response may contain (the API key): a last line of defence behind the JSON writers. */
    private final List<String> secrets;
    private final URI url;

    private StatusServer(HttpServer server, ExecutorService executor, StatusSource source, BearerAuth auth,
                         List<String> secrets, String host) {
        this.server = server;
        this.executor = executor;
        this.source = source;
        this.auth = auth;
        this.secrets = secrets;
        this.url = URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    /**
     * Binds and starts serving; returns once requests are accepted.
     *
     * @param settings where to listen ({@code port} 0 picks a free one) and the optional token
     * @param secrets  values never to be sent, whatever a snapshot holds (blank ones are ignored)
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public static StatusServer start(StatusEndpointSettings settings, StatusSource source, List<String> secrets)
            throws IOException {
        Objects.requireNonNull(source, "source");
        String bind = settings.bindAddress();
        String host = bind.startsWith("[") ? bind.substring(1, bind.length() - 1) : bind;
        HttpServer server = HttpServer.create(new InetSocketAddress(host, settings.port()), 16);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "status-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        List<String> kept = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && !s.isBlank()) {
                kept.add(s);
            }
        }
        StatusServer status = new StatusServer(server, executor, source, new BearerAuth(settings.token()),
                List.copyOf(kept), host.contains(":") ? "[" + host + "]" : host);
        server.createContext("/", status::handle);
        server.start();
        LOG.log(Level.INFO, "status endpoint serving at {0}{1}", status.url,
                status.auth.required() ? " (bearer token required)" : "");
        return status;
    }

    /** {@code http://<bind address>:<port>}, the port being the one actually bound. */
    public URI url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets no exchange linger, and ends the request threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // =====================================================================================
    // Request handling (status-http threads)
    // =====================================================================================

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (!auth.permits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tickstock\"");
                send(exchange, 401, JSON_TYPE, error("a bearer token is required (Authorization: Bearer <token>)"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!ROUTES.contains(path)) {
                send(exchange, 404, JSON_TYPE, error("no such path; try " + String.join(", ", ROUTES)));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, JSON_TYPE, error(exchange.getRequestMethod() + " is not allowed here; use GET"));
                return;
            }
            try {
                route(exchange, path);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "status endpoint: " + path + " failed", e);
                send(exchange, 500, JSON_TYPE, error("internal error: " + e));
            }
        } catch (IOException | RuntimeException e) {
            // Typically the client went away mid-response; nothing left to tell it.
            LOG.log(Level.DEBUG, "status endpoint: exchange failed: " + e);
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case WEBSOCKET_STATUS -> send(exchange, 200, JSON_TYPE, websocketStatus(source.health()));
            case LIVE -> send(exchange, 200, JSON_TYPE, "{\"status\":\"live\"}");
            case READY -> ready(exchange, source.healthNow());
            case METRICS -> send(exchange, 200, PrometheusText.CONTENT_TYPE, StatusMetrics.render(source.health(), source));
            default -> throw new IllegalStateException("unrouted path " + path);
        }
    }

    /** The seed's wrapper: {@code {"status":"success","data":<health>,"timestamp":<epoch s>}}. */
    static String websocketStatus(HealthSnapshot health) {
        StringWriter data = new StringWriter();
        HealthJson.write(health, data, false);
        return "{\"status\":\"success\",\"data\":" + data + ",\"timestamp\":"
                + BigDecimal.valueOf(System.currentTimeMillis(), 3).toPlainString() + "}";
    }

    private void ready(HttpExchange exchange, HealthSnapshot health) throws IOException {
        StringWriter out = new StringWriter();
        boolean ready = true;
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
            g.writeStringField("status", ready ? "ready" : "not_ready");
            g.writeEndObject();
        }
        send(exchange, ready ? 200 : 503, JSON_TYPE, out.toString());
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

    private void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        String safe = body;
        for (String secret : secrets) {
            safe = safe.replace(secret, "****");
        }
        byte[] bytes = safe.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
