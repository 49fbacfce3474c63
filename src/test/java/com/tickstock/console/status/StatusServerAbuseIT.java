package com.tickstock.console.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.config.Secret;
import com.tickstock.console.config.StatusEndpointSettings;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against the status endpoint over real loopback sockets: slow heads, huge
 * announced bodies, oversized heads, foreign {@code Host} names. Only the public API is used, with
 * the production limits.
 */
class StatusServerAbuseIT {

    private static final String TOKEN = "abuse-token-0123456789abcdef";
    private static final Duration PROMPT = Duration.ofSeconds(3);
    private static final StatusSource EMPTY = () -> new HealthSnapshot(Map.of(), List.of(), Instant.EPOCH);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROMPT).build();
    private final List<Socket> held = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private StatusServer server;

    @AfterEach
    void tearDown() throws Exception {
        for (Socket s : held) {
            s.close();
        }
        for (Thread t : writers) {
            t.join(10_000);
        }
        if (server != null) {
            server.close();
        }
    }

    private StatusServer start(Secret token) throws IOException {
        server = StatusServer.start(new StatusEndpointSettings(true, 0, "127.0.0.1", token), EMPTY, List.of());
        return server;
    }

    private int promptStatus(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(PROMPT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private double metric(String sampleStart) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(server.url() + StatusServer.METRICS)).timeout(PROMPT)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(sampleStart + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private Socket holdHalfARequest() throws IOException {
        Socket s = RawHttp.connect(server.port(), Duration.ofSeconds(15));
        held.add(s);
        s.getOutputStream().write(("GET " + StatusServer.LIVE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void clientsHoldingHalfARequestDelayNoOneElse() throws Exception {
        start(Secret.absent());
        for (int i = 0; i < 100; i++) {
            holdHalfARequest();
        }
        for (int round = 0; round < 3; round++) {
            assertThat(promptStatus(StatusServer.LIVE, null)).isEqualTo(200);
            assertThat(promptStatus(StatusServer.READY, null)).isEqualTo(200);
            assertThat(promptStatus(StatusServer.METRICS, null)).isEqualTo(200);
        }
        await().atMost(PROMPT).until(() -> metric("tickstock_status_evicted_connections_total") >= 100 - 64);
    }

    @Test
    void aRequestNotSentWithinTheHeadTimeoutIsAnswered408AndClosed() throws Exception {
        start(Secret.absent());
        Socket slow = holdHalfARequest();
        long started = System.nanoTime();
        RawHttp.Answer answer = RawHttp.read(slow.getInputStream());
        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.body()).contains("\"status\":\"error\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(metric("tickstock_status_responses_total{code=\"408\"}")).isEqualTo(1);
    }

    /** Offers 300 MB, streams up to 8 MB of it on another thread and waits for the answer meanwhile. */
    private RawHttp.Answer hugePost(String extraHeaders, AtomicLong sent) throws Exception {
        Socket s = RawHttp.connect(server.port(), Duration.ofSeconds(10));
        held.add(s);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + StatusServer.LIVE + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 300000000\r\n" + extraHeaders
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                while (sent.get() < 8L * 1024 * 1024) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // The server closed: expected once it has answered.
            }
        }, "huge-post-writer");
        writer.setDaemon(true);
        writers.add(writer);
        writer.start();
        return RawHttp.read(s.getInputStream());
    }

    @Test
    void aHugeBodyIsAnsweredWithoutBeingRead() throws Exception {
        start(Secret.absent());
        AtomicLong sent = new AtomicLong();
        long started = System.nanoTime();
        RawHttp.Answer answer = hugePost("", sent);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPT);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("\"status\":\"error\"");
        assertThat(sent.get()).as("answered long before the body was all sent").isLessThan(300_000_000L);
        assertThat(server.bytesRead()).as("the head and at most a buffer's worth after it").isLessThan(64 * 1024);
        assertThat(promptStatus(StatusServer.LIVE, null)).isEqualTo(200);
    }

    @Test
    void withATokenAnUnauthenticatedHugeBodyGets401WithoutBeingRead() throws Exception {
        start(Secret.of(TOKEN));
        AtomicLong sent = new AtomicLong();
        assertThat(hugePost("", sent).status()).isEqualTo(401);
        assertThat(hugePost("Authorization: Bearer wrong-token-0123456789\r\n", sent).status()).isEqualTo(401);
        assertThat(hugePost("Authorization: Bearer " + TOKEN + "\r\n", sent).status()).isEqualTo(413);
        assertThat(promptStatus(StatusServer.LIVE, TOKEN)).isEqualTo(200);
    }

    @Test
    void anOversizedHeadIsRefused431() throws Exception {
        start(Secret.absent());
        String request = "GET " + StatusServer.LIVE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: "
                + "x".repeat(20_000) + "\r\n\r\n";
        assertThat(RawHttp.exchange(server.port(), request).status()).isEqualTo(431);
    }

    @Test
    void withoutATokenOnlyThisEndpointsOwnHostNamesAreAnswered() throws Exception {
        start(Secret.absent());
        int port = server.port();
        for (String host : List.of("127.0.0.1:" + port, "127.0.0.1", "localhost:" + port, "LOCALHOST")) {
            assertThat(RawHttp.exchange(port, RawHttp.get(StatusServer.LIVE, host)).status()).as(host).isEqualTo(200);
        }
        for (String host : List.of("evil.example:" + port, "evil.example", "127.evil.example:" + port,
                "127.0.0.1.nip.io", "127.0.0.1:" + (port == 1 ? 2 : port - 1))) {
            RawHttp.Answer answer = RawHttp.exchange(port, RawHttp.get(StatusServer.WEBSOCKET_STATUS, host));
            assertThat(answer.status()).as(host).isEqualTo(421);
            assertThat(answer.body()).as(host).contains("\"status\":\"error\"").contains("Host");
        }
        assertThat(RawHttp.exchange(port, "GET " + StatusServer.LIVE + " HTTP/1.1\r\nConnection: close\r\n\r\n").status())
                .as("no Host at all").isEqualTo(421);
    }

    @Test
    void withATokenAnyHostIsAnsweredToTheTokenHolder() throws Exception {
        start(Secret.of(TOKEN));
        String request = "GET " + StatusServer.LIVE + " HTTP/1.1\r\nHost: status.example.com\r\nConnection: close\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\n\r\n";
        assertThat(RawHttp.exchange(server.port(), request).status()).isEqualTo(200);
        assertThat(RawHttp.exchange(server.port(), RawHttp.get(StatusServer.LIVE, "status.example.com")).status())
                .isEqualTo(401);
    }
}
