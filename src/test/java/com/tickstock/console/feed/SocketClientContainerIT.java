package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.republish.SelfSignedTls;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed's own WebSocket transport against a hand-driven peer on a real loopback socket: what a server may do
 * wrong during and after the upgrade, and that no reader thread outlives its socket.
 */
class SocketClientContainerIT {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void tearDown() throws IOException {
        for (Socket socket : accepted) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPeerThatNeverAnswersTheUpgradeFailsTheConnectWithinTheHandshakeTimeoutAndLeavesNoReader() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        long readersBefore = readerThreads();
        Thread acceptor = acceptInto(server, socket -> { }); // accepts, reads nothing, says nothing
        long started = System.nanoTime();
        assertThatThrownBy(() -> connect(url(server, "ws"), new Recorder(), Duration.ofMillis(700)))
                .isInstanceOf(DeploymentException.class)
                .hasStackTraceContaining("Handshake response not received");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        await().atMost(WAIT).until(() -> readerThreads() == readersBefore);
        acceptor.join(WAIT.toMillis());
    }

    @Test
    void aHalfSentUpgradeResponseFailsWithinTheHandshakeTimeoutAndLeavesNoReader() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        long readersBefore = readerThreads();
        acceptInto(server, socket -> {
            readRequest(socket.getInputStream());
            // The status line and half a header, then nothing: the peer stalls in the middle of its answer.
            socket.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nUpgr".getBytes(StandardCharsets.ISO_8859_1));
        });
        assertThatThrownBy(() -> connect(url(server, "ws"), new Recorder(), Duration.ofMillis(700)))
                .isInstanceOf(DeploymentException.class);
        await().atMost(WAIT).until(() -> readerThreads() == readersBefore);
    }

    @Test
    void anEndlessUpgradeResponseHeadIsRefusedWithItsLimitNamed() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        long readersBefore = readerThreads();
        acceptInto(server, socket -> {
            readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 101 Switching Protocols\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] header = ("X-Padding: " + "p".repeat(1000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 200; i++) { // 200 kB of headers, never ending
                out.write(header);
            }
        });
        assertThatThrownBy(() -> connect(url(server, "ws"), new Recorder(), Duration.ofSeconds(10)))
                .isInstanceOf(DeploymentException.class)
                .hasStackTraceContaining("the upgrade response's head exceeds " + SocketSession.MAX_RESPONSE_HEAD);
        await().atMost(WAIT).until(() -> readerThreads() == readersBefore);
    }

    @Test
    void aRefusedUpgradeNamesTheHttpStatus() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptInto(server, socket -> {
            readRequest(socket.getInputStream());
            // A byte at a time: the end of the head straddles reads.
            socket.setTcpNoDelay(true);
            for (byte b : "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
        });
        assertThatThrownBy(() -> connect(url(server, "ws"), new Recorder(), Duration.ofSeconds(10)))
                .isInstanceOf(DeploymentException.class)
                .hasStackTraceContaining("403");
    }

    @Test
    void somethingOtherThanHttpIsReportedAsSuch() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptInto(server, socket -> {
            readRequest(socket.getInputStream());
            socket.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        assertThatThrownBy(() -> connect(url(server, "ws"), new Recorder(), Duration.ofSeconds(10)))
                .isInstanceOf(DeploymentException.class)
                .hasStackTraceContaining("not an HTTP response to the upgrade request");
    }

    @Test
    void framesSentWithTheUpgradeResponseArriveAndAPeerThatVanishesClosesAbnormally() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        BlockingQueue<Socket> peer = new LinkedBlockingQueue<>();
        acceptInto(server, socket -> {
            String request = readRequest(socket.getInputStream());
            // The response and two text frames in one write: the first bytes after the head belong to the stream.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(accept(request).getBytes(StandardCharsets.ISO_8859_1));
            out.write(textFrame("[{\"ev\":\"status\",\"status\":\"connected\"}]"));
            out.write(textFrame("second"));
            socket.getOutputStream().write(out.toByteArray());
            peer.add(socket);
        });
        Recorder recorder = new Recorder();
        connect(url(server, "ws"), recorder, Duration.ofSeconds(10));
        assertThat(recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("[{\"ev\":\"status\",\"status\":\"connected\"}]");
        assertThat(recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(recorder.readers).allMatch(name -> name.startsWith("feed-socket("));

        // A frame split across reads is put together by Tyrus from our reused read buffer.
        Socket remote = peer.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        byte[] split = textFrame("x".repeat(70_000));
        OutputStream toClient = remote.getOutputStream();
        toClient.write(split, 0, 1000);
        toClient.flush();
        toClient.write(split, 1000, split.length - 1000);
        assertThat(recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(70_000);

        remote.close(); // no close frame: the peer is simply gone
        CloseReason reason = recorder.closes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reason).isNotNull();
        assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.CLOSED_ABNORMALLY);
    }

    @Test
    void aClientCloseSendsACloseFrameAndThenClosesTheSocket() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        BlockingQueue<byte[]> afterUpgrade = new LinkedBlockingQueue<>();
        acceptInto(server, socket -> {
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write(accept(readRequest(in)).getBytes(StandardCharsets.ISO_8859_1));
            afterUpgrade.add(in.readAllBytes()); // until the client closes its end
        });
        Recorder recorder = new Recorder();
        Session session = connect(url(server, "ws"), recorder, Duration.ofSeconds(10));
        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
        byte[] sent = afterUpgrade.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        // One masked close frame (opcode 8) carrying 1000 and "bye", then the end of the stream.
        assertThat(sent[0] & 0xff).isEqualTo(0x88);
        assertThat(sent[1] & 0x7f).isEqualTo(2 + 3);
        assertThat(sent).hasSize(2 + 4 + 5);
    }

    @Test
    void anUntrustedCertificateIsRefused(@TempDir Path dir) throws Exception {
        SSLServerSocket tls = (SSLServerSocket) SelfSignedTls.serverContext(dir).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = tls;
        acceptInto(server, socket -> {
            try {
                socket.getInputStream().read(); // drives the handshake, which the client aborts
            } catch (IOException expected) {
                // the client refused our certificate
            }
        });
        assertThatThrownBy(() -> connect(url(server, "wss"), new Recorder(), Duration.ofSeconds(10)))
                .hasStackTraceContaining("PKIX");
    }

    @Test
    void aTrustedWssPeerStreamsOverTlsWithTheHostNameVerified(@TempDir Path dir) throws Exception {
        SSLServerSocket tls = (SSLServerSocket) SelfSignedTls.serverContext(dir).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = tls;
        BlockingQueue<Socket> peer = new LinkedBlockingQueue<>();
        acceptInto(server, socket -> {
            socket.getOutputStream().write(accept(readRequest(socket.getInputStream()))
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(textFrame("over tls"));
            peer.add(socket);
        });
        Recorder recorder = new Recorder();
        org.glassfish.tyrus.client.ClientManager client = new FeedTransport(FeedTransport.MAX_FRAME_BYTES)
                .client(Duration.ofSeconds(10));
        client.getProperties().put(SocketClientContainer.TLS_SOCKET_FACTORY, trusting(dir).getSocketFactory());
        Session session = client.connectToServer(recorder,
                jakarta.websocket.ClientEndpointConfig.Builder.create().build(), url(server, "wss"));
        assertThat(recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("over tls");
        // A big frame crosses several TLS records and reads.
        peer.poll(WAIT.toSeconds(), TimeUnit.SECONDS).getOutputStream().write(textFrame("y".repeat(100_000)));
        assertThat(recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(100_000);
        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
        await().atMost(WAIT).until(() -> !session.isOpen());
    }

    @Test
    void theJvmsHttpProxyIsAskedToConnectAndCarriesTheStream() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptInto(server, socket -> {
            socket.getOutputStream().write(accept(readRequest(socket.getInputStream()))
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(textFrame("through the proxy"));
        });
        BlockingQueue<String> connects = new LinkedBlockingQueue<>();
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread tunnel = new Thread(() -> tunnel(proxy, connects), "test-proxy");
            tunnel.setDaemon(true);
            tunnel.start();
            java.net.ProxySelector before = java.net.ProxySelector.getDefault();
            java.net.ProxySelector.setDefault(java.net.ProxySelector.of(
                    new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getLocalPort())));
            try {
                Recorder recorder = new Recorder();
                connect(url(server, "ws"), recorder, Duration.ofSeconds(10));
                assertThat(recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("through the proxy");
            } finally {
                java.net.ProxySelector.setDefault(before);
            }
            assertThat(connects.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .startsWith("CONNECT 127.0.0.1:" + server.getLocalPort() + " HTTP/1.");
        }
    }

    /** A one-connection HTTP CONNECT proxy: records the request line, then copies bytes both ways. */
    private void tunnel(ServerSocket proxy, BlockingQueue<String> connects) {
        try {
            Socket client = proxy.accept();
            accepted.add(client);
            String request = readRequest(client.getInputStream());
            connects.add(request.substring(0, request.indexOf('\r')));
            String[] target = request.split(" ", 3)[1].split(":", 2);
            Socket upstream = new Socket(target[0], Integer.parseInt(target[1]));
            accepted.add(upstream);
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            Thread down = new Thread(() -> copy(upstream, client), "test-proxy-down");
            down.setDaemon(true);
            down.start();
            copy(client, upstream);
        } catch (IOException e) {
            // the test ended or the client went away
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed
        }
    }

    /** A client TLS context that trusts the self-signed certificate {@link SelfSignedTls} wrote into {@code dir}. */
    private static javax.net.ssl.SSLContext trusting(Path dir) throws Exception {
        java.security.KeyStore server = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("self-signed.p12"))) {
            server.load(in, "changeit".toCharArray());
        }
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", server.getCertificate("server"));
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    // ---- helpers

    private static Session connect(URI url, Endpoint endpoint, Duration timeout) throws Exception {
        return new FeedTransport(FeedTransport.MAX_FRAME_BYTES).client(timeout)
                .connectToServer(endpoint, jakarta.websocket.ClientEndpointConfig.Builder.create().build(), url);
    }

    private static URI url(ServerSocket server, String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort() + "/stocks");
    }

    private interface Peer {
        void serve(Socket socket) throws Exception;
    }

    private Thread acceptInto(ServerSocket listening, Peer peer) {
        Thread thread = new Thread(() -> {
            try {
                Socket socket = listening.accept();
                accepted.add(socket);
                peer.serve(socket);
            } catch (Exception e) {
                // the test's assertions say what went wrong; the peer just stops
            }
        }, "test-peer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed during the request");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String accept(String request) throws Exception {
        Matcher key = KEY.matcher(request);
        assertThat(key.find()).as(request).isTrue();
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
    }

    /** An unmasked server text frame. */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 10);
        frame.put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) payload.length);
        } else if (payload.length < 65_536) {
            frame.put((byte) 126).putShort((short) payload.length);
        } else {
            frame.put((byte) 127).putLong(payload.length);
        }
        frame.put(payload);
        byte[] bytes = new byte[frame.position()];
        frame.flip().get(bytes);
        return bytes;
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("feed-socket(")).count();
    }

    /** Records messages, the threads they arrived on, and closes. */
    private static final class Recorder extends Endpoint {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final List<String> readers = new CopyOnWriteArrayList<>();
        final BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxIdleTimeout(FeedTransport.NO_IDLE_TIMEOUT);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                readers.add(Thread.currentThread().getName());
                messages.add(text);
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closes.add(reason);
        }
    }
}
