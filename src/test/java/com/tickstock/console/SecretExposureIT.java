package com.tickstock.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.ConnectionListener;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.LogCapture;
import com.tickstock.console.feed.ReconnectPolicy;
import com.tickstock.console.feed.StateChange;
import com.tickstock.console.config.ConfigException;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.manager.HealthJson;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.ManagedConnectionSpec;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.republish.RedisRepublisher;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.RepublisherConfig;
import com.tickstock.console.republish.RepublisherStatus;
import com.tickstock.console.republish.SelfSignedTls;
import com.tickstock.console.republish.TickSubscriber;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets and exposure: a planted API key and Redis password, really used on the wire, never appear
 * in logs (every level, stack traces included), snapshots, health JSON, configuration summaries, republisher
 * status, Redis messages, decode-error excerpts, status messages or configuration errors. And {@code wss://}
 * verifies certificates: a self-signed server is refused with a clear cause.
 */
class SecretExposureIT {

    private static final String API_KEY = "PLANTEDkey7Xq93LmZ0vRt5Wc2";
    private static final String REDIS_PASSWORD = "PLANTEDredis4Hk8Jq1Nw6Pz";
    private static final String STATUS_TOKEN = "PLANTEDtoken9Bv3Fd7Gs2Lx";
    private static final List<String> SECRETS = List.of(API_KEY, REDIS_PASSWORD, STATUS_TOKEN);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static void assertNoSecret(String where, Object shown) {
        String text = String.valueOf(shown);
        for (String secret : SECRETS) {
            assertThat(text).as(where).doesNotContain(secret);
            // nor a long-enough piece of it (a secret cut by an excerpt window)
            assertThat(text).as(where).doesNotContain(secret.substring(0, 12)).doesNotContain(secret.substring(secret.length() - 12));
        }
    }

    @Test
    void thePlantedKeyAndPasswordNeverShowWhileTheConsoleRunsFailsAuthAndReconnects(@TempDir Path configDir)
            throws Exception {
        // The root logger at every level, DEBUG/TRACE too: a secret must not hide in a level nobody reads today.
        LogCapture capture = new LogCapture("");
        List<Logger> opened = new ArrayList<>();
        for (String name : List.of("com.tickstock", "io.lettuce", "org.glassfish", "io.netty")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(name.equals("com.tickstock") ? Level.ALL : Level.FINE);
            opened.add(l);
        }
        List<String> shown = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", REDIS_PASSWORD);
             SimulatorServer accepting = SimulatorServer.start(SimulatorConfig.builder().apiKeys(API_KEY)
                     .eventsPerSecond(500).eventsPerFrame(5).build());
             SimulatorServer rejecting = SimulatorServer.start(SimulatorConfig.builder()
                     .apiKeys(SimulatorConfig.DEV_API_KEY).build())) {
            String redisUrl = "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port();
            String channel = "secrets:ticks";
            TickSubscriber subscriber = TickSubscriber.subscribe(redisUrl, channel);
            RedisRepublisher republisher = new RedisRepublisher(RepublisherConfig.fromUrl(redisUrl).withChannel(channel))
                    .start();
            List<StateChange> changes = new CopyOnWriteArrayList<>();
            ConnectionManager manager = new ConnectionManager(List.of(
                    spec(accepting, 1, List.of("AAPL", "MSFT")), spec(accepting, 2, List.of("JPM")),
                    spec(rejecting, 3, List.of("XOM"))), Set.of(EventType.TRADE), 100);
            manager.addStateListener(new ConnectionListener() {
                @Override
                public void onStateChange(StateChange change) {
                    changes.add(change);
                }
            });
            AutoCloseable consumer = manager.addConsumer("redis", batch -> {
                for (FeedEvent e : batch.events()) {
                    republisher.offer(e, batch.connectionId());
                }
            }, TickConsumer.Delivery.DIRECT);
            manager.connect();
            await().atMost(WAIT).until(() -> manager.states().equals(Map.of("connection_1", ConnectionState.STREAMING,
                    "connection_2", ConnectionState.STREAMING, "connection_3", ConnectionState.FAILED)));
            // the key really went over the wire, to both servers
            assertThat(accepting.awaitAuthenticated(2, WAIT)).allSatisfy(c -> assertThat(c.apiKey()).contains(API_KEY));
            assertThat(rejecting.connections()).isNotEmpty();

            // a drop and a reconnect (the key is sent again), a frame quoting the key, a status quoting it
            SimConnection first = accepting.awaitSubscribed(2, WAIT).get(0);
            first.dropAbruptly().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> accepting.connections().stream().filter(SimConnection::isOpen)
                    .filter(c -> c.state() == SimConnection.State.AUTHENTICATED).count() == 2
                    && manager.states().get("connection_1") == ConnectionState.STREAMING
                    && manager.states().get("connection_2") == ConnectionState.STREAMING);
            SimConnection live = accepting.awaitSubscribed(2, WAIT).get(0);
            live.sendRawFrame("[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":1,\"p\":\"" + API_KEY + "\",\"s\":1,\"t\":1}]")
                    .get(10, TimeUnit.SECONDS);
            live.sendRawFrame("[{\"ev\":\"" + API_KEY + "\"}]").get(10, TimeUnit.SECONDS);
            live.sendRawFrame("{\"ev\":\"status\",\"status\":\"auth_failed\",\"message\":\"" + API_KEY + "\"")
                    .get(10, TimeUnit.SECONDS);
            live.sendStatusError("key " + API_KEY + " not entitled").get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> manager.healthNow().connections().values().stream()
                    .mapToLong(h -> h.feed().statusErrors()).sum() == 1
                    && manager.healthNow().connections().values().stream().mapToLong(h -> h.feed().decodeErrors()).sum() == 2);
            await().atMost(WAIT).until(() -> subscriber.count() > 50 && republisher.status().published() > 50);

            HealthSnapshot health = manager.healthNow();
            shown.add("health " + health);
            shown.add("json " + HealthJson.toJson(health));
            for (String id : manager.connectionIds()) {
                ConnectionSnapshot snap = manager.connection(id).snapshot();
                shown.add("snapshot " + snap);
                shown.add("config " + manager.connection(id).config());
            }
            assertThat(health.connections().values()).anySatisfy(h -> assertThat(h.feed().lastDecodeError()).isNotEmpty());
            assertThat(health.connections().values()).anySatisfy(h -> assertThat(h.feed().lastStatusError())
                    .contains("not entitled"));
            changes.forEach(c -> shown.add("change " + c + " / " + c.describe()));
            RepublisherStatus status = republisher.status();
            shown.add("republisher " + status);
            shown.add("republisher map " + status.toHealthMap());
            shown.add("republisher metrics " + status.appendMetrics(new StringBuilder()));
            shown.add("republisher config " + republisher.config());
            shown.addAll(subscriber.messages());
            assertThat(subscriber.messages()).isNotEmpty();

            manager.close();
            consumer.close();
            shown.add("closed " + republisher.close(Duration.ofSeconds(5)));
            subscriber.close();
        } finally {
            capture.close();
            opened.forEach(l -> l.setLevel(null));
        }

        // the configuration: summary, and errors quoting the secrets
        Files.writeString(configDir.resolve("tickstock.env"), "MASSIVE_API_KEY=" + API_KEY + "\n"
                + "REDIS_URL=redis://ticker:" + REDIS_PASSWORD + "@127.0.0.1:6390/0\n"
                + "STATUS_TOKEN=" + STATUS_TOKEN + "\nSTATUS_PORT=0\n"
                + "WEBSOCKET_CONNECTION_1_ENABLED=true\nWEBSOCKET_CONNECTION_1_SYMBOLS=AAPL\n");
        ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(), Map.of());
        assertThat(config.massiveApiKey().reveal()).isEqualTo(API_KEY);
        shown.add("console config " + config);
        shown.add("describe " + config.describe());
        shown.add("redis settings " + config.redis());
        shown.add("status settings " + config.status());
        for (Map<String, String> bad : List.of(Map.of("MASSIVE_API_KEY", API_KEY + " x"),
                Map.of("REDIS_URL", "redis://u:" + REDIS_PASSWORD + "@:99999"),
                Map.of("REDIS_PASSWORD", REDIS_PASSWORD, "REDIS_PORT", "x", "REDIS_HOST", "h"),
                Map.of("STATUS_TOKEN", STATUS_TOKEN + " ", "STATUS_BIND", "0.0.0.0", "STATUS_PORT", "1"),
                Map.of("WEBSOCKET_CONNECTION_1_SYMBOLS", "redis://u:" + REDIS_PASSWORD + "@h"))) {
            try {
                new ConfigLoader(configDir).load(null, Map.of(), bad);
                shown.add("loaded " + bad.keySet());
            } catch (ConfigException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                shown.add("config error " + trace);
            }
        }
        Path pasted = configDir.resolve("pasted.env");
        Files.writeString(pasted, API_KEY + "\nREDIS_PASSWORD=\"" + REDIS_PASSWORD + "\n" + STATUS_TOKEN + " = x y\n");
        try {
            new ConfigLoader(configDir).load(pasted, Map.of(), Map.of());
        } catch (ConfigException e) {
            shown.add("pasted " + e.getMessage());
        }

        assertThat(capture.lines()).as("log lines captured").hasSizeGreaterThan(20);
        assertThat(capture.lines()).anySatisfy(l -> assertThat(l).contains("auth failed"));
        for (String line : capture.lines()) {
            assertNoSecret("log line", line);
        }
        for (String s : shown) {
            assertNoSecret(s.substring(0, Math.min(30, s.length())), s);
        }
    }

    private static ManagedConnectionSpec spec(SimulatorServer sim, int n, List<String> tickers) {
        String id = "connection_" + n;
        FeedConnectionConfig feed = FeedConnectionConfig.of(id, id, sim.url(), API_KEY)
                .withReconnect(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), true, 5, 3,
                        Duration.ofSeconds(3)))
                .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofSeconds(10));
        return new ManagedConnectionSpec(feed, "secret_" + n, tickers);
    }

    // =====================================================================================
    // wss:// verifies certificates
    // =====================================================================================

    @Test
    void wssToASelfSignedServerFailsWithAClearCauseAndNeverSendsTheKey(@TempDir Path dir) throws Exception {
        SSLContext tls = SelfSignedTls.serverContext(dir);
        List<String> serverSaw = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (SSLSocket socket = (SSLSocket) server.accept()) {
                        socket.setSoTimeout(10_000);
                        socket.startHandshake();
                        serverSaw.add("handshake completed"); // only if the client trusted us
                        byte[] buf = new byte[4096];
                        int n = socket.getInputStream().read(buf);
                        // Latin-1 maps each byte to one char, so a secret sent in clear is found wherever it is.
                        serverSaw.add(n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : "");
                    } catch (Exception e) {
                        serverSaw.add("failed: " + e.getClass().getSimpleName());
                    }
                }
            }, "self-signed-tls-server");
            acceptor.setDaemon(true);
            acceptor.start();

            List<StateChange> changes = new CopyOnWriteArrayList<>();
            FeedConnectionConfig config = FeedConnectionConfig.of("connection_1", "tls",
                    java.net.URI.create("wss://127.0.0.1:" + server.getLocalPort() + "/stocks"), API_KEY)
                    .withReconnect(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(100), true, 1, 3,
                            Duration.ofSeconds(3)));
            try (com.tickstock.console.feed.FeedConnection connection = new com.tickstock.console.feed.FeedConnection(config)) {
                connection.addListener(new ConnectionListener() {
                    @Override
                    public void onStateChange(StateChange change) {
                        changes.add(change);
                    }
                });
                connection.connect();
                // An untrusted certificate is retried like any failure to connect (the server's may be renewed).
                await().atMost(WAIT).until(() -> changes.stream()
                        .filter(c -> c.state() == ConnectionState.RECONNECTING).count() >= 3);
                StateChange firstFailure = changes.stream().filter(c -> c.state() == ConnectionState.RECONNECTING)
                        .findFirst().orElseThrow();
                assertThat(firstFailure.cause().words()).isEqualTo("connect failed");
                assertThat(firstFailure.detail()).containsAnyOf("certificat", "PKIX", "SSLHandshake");
                assertThat(changes).noneMatch(c -> c.state() == ConnectionState.AUTHENTICATING);
                assertThat(changes).noneMatch(c -> c.state() == ConnectionState.FAILED);
                StateChange latest = changes.stream().filter(c -> c.state() == ConnectionState.RECONNECTING)
                        .reduce((a, b) -> b).orElseThrow();
                assertThat(latest.cause().words()).isEqualTo("connect failed");
                assertThat(latest.detail()).containsAnyOf("certificat", "PKIX", "SSLHandshake").contains("still retrying");
                ConnectionSnapshot snap = connection.snapshot();
                assertNoSecret("snapshot", snap);
            }
        }
        assertThat(serverSaw).isNotEmpty().noneMatch(s -> s.equals("handshake completed"))
                .allSatisfy(s -> assertThat(s).doesNotContain(API_KEY));
    }

    // =====================================================================================
    // The status endpoint: loopback by default, and no secret in anything it answers
    // =====================================================================================

    @Test
    void theStatusEndpointBindsLoopbackByDefaultAndNeverAnswersWithASecret(@TempDir Path configDir) throws Exception {
        LogCapture capture = new LogCapture("");
        Logger ours = Logger.getLogger("com.tickstock");
        ours.setLevel(Level.ALL);
        // Lettuce's TRACE (FINEST) protocol log writes every command verbatim, HELLO ... AUTH <password>
        // included: a library trace nobody should enable in production. DEBUG and above are checked.
        Logger lettuce = Logger.getLogger("io.lettuce");
        lettuce.setLevel(Level.FINE);
        List<String> answers = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", REDIS_PASSWORD);
             SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(API_KEY)
                     .eventsPerSecond(300).build())) {
            ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(), Map.of(
                    "MASSIVE_API_KEY", API_KEY, "MASSIVE_WEBSOCKET_URL", sim.url().toString(), "MASSIVE_EVENT_TYPES", "T",
                    "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                    "REDIS_URL", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port(),
                    "STATUS_PORT", "0", "STATUS_TOKEN", STATUS_TOKEN));
            assertThat(config.status().bindAddress()).isEqualTo("127.0.0.1");
            try (com.tickstock.console.app.ConsoleRuntime runtime = com.tickstock.console.app.ConsoleRuntime.create(config)) {
                runtime.manager().connect();
                await().atMost(WAIT).until(() -> runtime.manager().states().values().stream()
                        .allMatch(st -> st == ConnectionState.STREAMING));
                var status = runtime.startStatusEndpoint();
                assertThat(status.url().getHost()).isEqualTo("127.0.0.1");
                // not reachable on any other address of this machine
                for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                    for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                        if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                            continue;
                        }
                        try (java.net.Socket socket = new java.net.Socket()) {
                            socket.connect(new java.net.InetSocketAddress(address, status.port()), 2_000);
                            throw new AssertionError("the status endpoint answered on " + address);
                        } catch (java.io.IOException expected) {
                            // refused: bound to loopback only
                        }
                    }
                }
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                await().atMost(WAIT).until(() -> runtime.manager().health().totalTicksReceived() > 20);
                for (String path : List.of("/api/admin/websocket-status", "/api/health/live", "/api/health/ready",
                        "/metrics", "/nope", "/metrics?token=" + STATUS_TOKEN)) {
                    for (String auth : List.of("Bearer " + STATUS_TOKEN, "Bearer " + STATUS_TOKEN + "x", "")) {
                        var request = java.net.http.HttpRequest.newBuilder(status.url().resolve(path));
                        if (!auth.isEmpty()) {
                            request.header("Authorization", auth);
                        }
                        var response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                        answers.add(path + " " + auth.length() + " -> " + response.statusCode() + " "
                                + response.headers().map() + " " + response.body());
                        if (auth.equals("Bearer " + STATUS_TOKEN) && path.startsWith("/api/admin")) {
                            assertThat(response.statusCode()).isEqualTo(200);
                            assertThat(response.body()).contains("connection_1").contains("redis");
                        }
                        if (auth.isEmpty()) {
                            assertThat(response.statusCode()).isEqualTo(401);
                        }
                    }
                }
            }
        } finally {
            capture.close();
            ours.setLevel(null);
            lettuce.setLevel(null);
        }
        assertThat(answers).hasSize(18);
        for (String answer : answers) {
            assertNoSecret("status answer " + answer.substring(0, Math.min(40, answer.length())), answer.replace(
                    "/metrics?token=" + STATUS_TOKEN, "/metrics?token=(sent)"));
        }
        for (String line : capture.lines()) {
            // Not the test's own HTTP client, which logs the URLs it requests, nor the JDK server's DEBUG request
            // line, which quotes the one request that (wrongly) put the token in its query string.
            if (!line.contains("jdk.internal.net.http") && !line.contains("sun.net.httpserver")) {
                assertNoSecret("log line", line);
            }
        }
    }

    // =====================================================================================
    // The status endpoint is off by default, and loopback unless configured otherwise
    // =====================================================================================

    @Test
    void theStatusEndpointIsOffAndLoopbackByDefault(@TempDir Path configDir) {
        ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(),
                Map.of("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL"));
        assertThat(config.status().enabled()).isFalse();
        assertThat(config.status().bindAddress()).isEqualTo("127.0.0.1");
        ConsoleConfig on = new ConfigLoader(configDir).load(null, Map.of(),
                Map.of("WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL",
                        "STATUS_PORT", "0"));
        assertThat(on.status().enabled()).isTrue();
        assertThat(on.status().bindAddress()).isEqualTo("127.0.0.1");
        // off loopback, a token is required
        try {
            new ConfigLoader(configDir).load(null, Map.of(), Map.of("WEBSOCKET_CONNECTION_1_ENABLED", "true",
                    "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL", "STATUS_PORT", "0", "STATUS_BIND", "0.0.0.0"));
            throw new AssertionError("binding 0.0.0.0 without a token was accepted");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("STATUS_TOKEN");
        }
    }
}
