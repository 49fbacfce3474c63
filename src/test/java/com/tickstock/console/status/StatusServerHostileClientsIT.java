package com.tickstock.console.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.config.Secret;
import com.tickstock.console.config.StatusEndpointSettings;
import com.tickstock.console.manager.HealthSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients on every route of the status endpoint, with the production limits, over real loopback sockets,
 * the endpoint serving an attached console's health JSON (the newest route source): half a request line and then
 * nothing, a slow-loris trickling a header byte by byte, a megabyte header, and a crowd of connections over the
 * limit. Each is refused or evicted, everyone else is answered meanwhile, and the endpoint's own counts (by status
 * code, evicted) agree with what the clients saw.
 */
class StatusServerHostileClientsIT {

    private static final Duration PROMPT = Duration.ofSeconds(10);
    private static final List<String> ROUTES = List.of(StatusServer.WEBSOCKET_STATUS, StatusServer.LIVE,
            StatusServer.READY, StatusServer.METRICS);
    private static final String FEEDER_JSON = "{\"total_connections\":0,\"feeder\":\"feeder-hostile\"}";
    /** An attached view: the feeder's health JSON is served as it came. */
    private static final StatusSource ATTACHED = new StatusSource() {
        @Override
        public HealthSnapshot health() {
            return new HealthSnapshot(Map.of(), List.of(), Instant.EPOCH);
        }

        @Override
        public String healthJson() {
            return FEEDER_JSON;
        }
    };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROMPT).build();
    private final List<Socket> held = new ArrayList<>();
    /** One thread per waiting client: each blocks in a read until the server answers or closes. */
    private final ExecutorService clients = Executors.newCachedThreadPool();
    /** Requests answered to the well-behaved client (the probes and the metrics reads), all 200s. */
    private final AtomicInteger gets = new AtomicInteger();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private StatusServer server;

    @AfterEach
    void tearDown() throws Exception {
        trickle.shutdownNow();
        for (Socket s : held) {
            s.close();
        }
        clients.shutdownNow();
        assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        if (server != null) {
            server.close();
        }
    }

    private void start() throws IOException {
        server = StatusServer.start(new StatusEndpointSettings(true, 0, "127.0.0.1", Secret.absent()), ATTACHED,
                List.of());
    }

    private Socket open() throws IOException {
        Socket s = RawHttp.connect(server.port(), Duration.ofSeconds(30));
        held.add(s);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads the answer on a client thread, so that many wait at once. */
    private CompletableFuture<RawHttp.Answer> answerOf(Socket s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.read(s.getInputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, clients);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(PROMPT)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        gets.incrementAndGet();
        return r;
    }

    /** The 200s counted by the endpoint, which must be exactly the well-behaved client's plus {@code others}. */
    private void assertOkCountIs(int others) throws Exception {
        int before = gets.get(); // this read is counted after its own body is made
        assertThat(metric(responses(200))).isEqualTo(before + others);
    }

    private double metric(String sampleStart) throws Exception {
        return get(StatusServer.METRICS).body().lines().filter(l -> l.startsWith(sampleStart + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private static String responses(int code) {
        return "tickstock_status_responses_total{code=\"" + code + "\"}";
    }

    @Test
    void halfRequestLinesSlowLorisAndMegabyteHeadersOnEveryRouteAreRefusedWhileOthersAreAnswered() throws Exception {
        start();
        List<CompletableFuture<RawHttp.Answer>> halfLines = new ArrayList<>();
        List<CompletableFuture<RawHttp.Answer>> lorises = new ArrayList<>();
        List<CompletableFuture<RawHttp.Answer>> hugeHeads = new ArrayList<>();
        for (String route : ROUTES) {
            // Half the request line, then nothing, for longer than the head timeout.
            String line = "GET " + route + " HTTP/1.1\r\n";
            Socket half = open();
            send(half, line.substring(0, line.length() / 2));
            halfLines.add(answerOf(half));

            // A slow-loris: a header byte every 100 ms, for ever; the bytes never extend the head's deadline.
            Socket loris = open();
            send(loris, line + "Host: 127.0.0.1\r\n");
            OutputStream out = loris.getOutputStream();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // closed by the server: this trickle ends
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            lorises.add(answerOf(loris));

            // A one-megabyte header, written on a thread of its own: the server stops reading after its limit.
            Socket huge = open();
            CompletableFuture.runAsync(() -> {
                try {
                    send(huge, line + "Host: 127.0.0.1\r\nX-Big: " + "x".repeat(1024 * 1024) + "\r\n\r\n");
                } catch (IOException e) {
                    // The server answered and closed before taking it all: expected.
                }
            }, clients);
            hugeHeads.add(answerOf(huge));
        }

        // Meanwhile every route answers others, again and again until the hostile ones are refused.
        List<CompletableFuture<RawHttp.Answer>> hostile = new ArrayList<>(halfLines);
        hostile.addAll(lorises);
        hostile.addAll(hugeHeads);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (String route : ROUTES) {
                HttpResponse<String> r = get(route);
                if (route.equals(StatusServer.WEBSOCKET_STATUS)) {
                    assertThat(r.body()).startsWith("{\"status\":\"success\",\"data\":" + FEEDER_JSON + ",");
                }
            }
            return hostile.stream().allMatch(CompletableFuture::isDone);
        });

        for (CompletableFuture<RawHttp.Answer> a : halfLines) {
            assertThat(a.get(30, TimeUnit.SECONDS).status()).isEqualTo(408);
        }
        for (CompletableFuture<RawHttp.Answer> a : lorises) {
            assertThat(a.get(30, TimeUnit.SECONDS).status()).isEqualTo(408);
        }
        for (CompletableFuture<RawHttp.Answer> a : hugeHeads) {
            RawHttp.Answer answer = a.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.body()).contains("exceed " + NonBlockingHttpServer.Limits.DEFAULT.maxHeadBytes());
        }
        // The endpoint's counts agree with what the clients saw.
        assertThat(metric(responses(408))).isEqualTo(2 * ROUTES.size());
        assertThat(metric(responses(431))).isEqualTo(ROUTES.size());
        assertOkCountIs(0);
        assertThat(metric("tickstock_status_evicted_connections_total")).isZero();
        assertThat(server.bytesRead()).as("no more than a head's limit of each megabyte header")
                .isLessThan(ROUTES.size() * 2L * NonBlockingHttpServer.Limits.DEFAULT.maxHeadBytes() + 64 * 1024);
    }

    @Test
    void aCrowdOverTheConnectionLimitIsAnsweredOrEvictedAndTheCountsReconcile() throws Exception {
        start();
        int crowd = 3 * NonBlockingHttpServer.Limits.DEFAULT.maxConnections();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < crowd; i++) {
            sockets.add(open());
        }
        // All accepted before any sends: the server keeps its limit by evicting the oldest still silent (each
        // metrics read below is one more connection, and evicts one more).
        int excess = crowd - NonBlockingHttpServer.Limits.DEFAULT.maxConnections();
        await().atMost(PROMPT).until(() -> metric("tickstock_status_evicted_connections_total") >= excess);
        AtomicInteger unanswered = new AtomicInteger();
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (int i = crowd - 1; i >= 0; i--) {
            Socket s = sockets.get(i);
            String route = ROUTES.get(i % ROUTES.size());
            statuses.add(CompletableFuture.supplyAsync(() -> {
                try {
                    send(s, RawHttp.get(route, "127.0.0.1"));
                    return RawHttp.read(s.getInputStream()).status();
                } catch (IOException e) {
                    unanswered.incrementAndGet(); // evicted: closed by the server before it read anything
                    return 0;
                }
            }, clients));
        }
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        for (CompletableFuture<Integer> status : statuses) {
            byStatus.merge(status.get(60, TimeUnit.SECONDS), 1, Integer::sum);
        }
        // Answered, or (on a machine slow enough to let a head wait 5 s) refused 408, or evicted: nothing else.
        assertThat(byStatus.keySet()).isSubsetOf(0, 200, 408);
        assertThat(byStatus.getOrDefault(0, 0)).isEqualTo(unanswered.get())
                .isGreaterThanOrEqualTo(excess);
        // Still serving, and its counts are the clients' counts.
        get(StatusServer.LIVE);
        assertOkCountIs(byStatus.getOrDefault(200, 0));
        assertThat(metric(responses(408))).isEqualTo(byStatus.getOrDefault(408, 0).doubleValue());
        assertThat(metric("tickstock_status_evicted_connections_total")).isEqualTo(unanswered.get());
    }
}
