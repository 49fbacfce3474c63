package com.tickstock.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.status.StatusServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status endpoint of a headless console in a process of its own, attacked from outside over
 * real sockets: clients that hold half a request, huge bodies, a foreign {@code Host}. The feed
 * and the endpoint must carry on, and the process must still stop cleanly.
 */
class StatusEndpointProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration PROMPT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void slowClientsHugeBodiesAndForeignHostsDoNotTakeTheEndpointDown() throws Exception {
        Path config = HeadlessProcessIT.smallConfig(dir);
        List<Socket> held = new ArrayList<>();
        try (AppProcess app = AppProcess.start("--headless", "--config", config.toString(), "--status-port", "0")) {
            String line = app.awaitLine(HeadlessMode.STATUS_LINE, WAIT);
            URI base = URI.create(line.substring(HeadlessMode.STATUS_LINE.length()));
            int port = base.getPort();
            StatusClient client = new StatusClient(base, null);
            await().atMost(WAIT).until(() -> client.status(StatusServer.READY) == 200);

            for (int i = 0; i < 20; i++) {
                Socket s = connect(port);
                held.add(s);
                s.getOutputStream().write(("GET " + StatusServer.READY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            for (int i = 0; i < 2; i++) {
                assertThat(hugePost(port)).as("huge POST %d", i).startsWith("HTTP/1.1 413");
            }
            for (String path : List.of(StatusServer.LIVE, StatusServer.READY, StatusServer.METRICS)) {
                long started = System.nanoTime();
                assertThat(client.get(path).statusCode()).as(path).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(PROMPT);
            }
            assertThat(exchange(port, "GET " + StatusServer.WEBSOCKET_STATUS + " HTTP/1.1\r\nHost: rebound.example:"
                    + port + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 421");

            long before = totalReceived(client);
            await().atMost(WAIT).until(() -> totalReceived(client) > before);
            app.terminate();
            assertThat(app.exitCode(WAIT)).isZero();
            assertThat(app.out).anySatisfy(l -> assertThat(l).contains("final counts:").contains("total_errors=0"));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static long totalReceived(StatusClient client) throws Exception {
        Object data = TestJson.object(client.get(StatusServer.WEBSOCKET_STATUS).body()).get("data");
        return (Long) TestJson.object(data).get("total_ticks_received");
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Offers 300 MB, streams up to 8 MB of it meanwhile, and returns the answer. */
    private static String hugePost(int port) throws Exception {
        Socket s = connect(port);
        Thread writer = null;
        try {
            OutputStream out = s.getOutputStream();
            out.write(("POST " + StatusServer.LIVE + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Length: 300000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < 8 * 1024 * 1024; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // The endpoint closed: expected once it has answered.
                }
            }, "huge-post-writer");
            writer.setDaemon(true);
            writer.start();
            return readAll(s.getInputStream());
        } finally {
            s.close();
            if (writer != null) {
                writer.join(10_000);
            }
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readAll(s.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketException e) {
            if (all.size() == 0) {
                throw e;
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
