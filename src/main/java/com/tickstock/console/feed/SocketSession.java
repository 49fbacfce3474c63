package com.tickstock.console.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;

/**
 * One WebSocket connection of {@link SocketClientContainer}: sends the upgrade request, reads the response, then reads
 * the socket on a thread of its own and hands every read to Tyrus, which unframes it and calls the endpoint there.
 *
 * <p>Threads: the connector thread runs {@link #start()}; after that only the reader thread ({@code feed-socket(N)})
 * reads the socket and touches the handshake state, and only the {@link SocketWriter}'s thread writes it. Any thread
 * may {@link #abort()} (Tyrus' handshake timeout, the writer on a failed write, the reader on its way out): it
 * closes the plain socket, which ends a blocked read or write at once, and is idempotent.
 */
final class SocketSession {

    private static final Logger LOG = Logger.getLogger(SocketSession.class.getName());
    private static final AtomicInteger READERS = new AtomicInteger();
    /** Largest HTTP response head accepted before the WebSocket stream starts. */
    static final int MAX_RESPONSE_HEAD = 64 * 1024;
    /**
     * Bytes read at once. Tyrus copies each read into its own buffer (it keeps the unfinished part of a frame
     * there), so this one is reused; 64 KiB holds a busy frame of a hundred events in one read.
     */
    private static final int READ_BUFFER = 64 * 1024;

    private final Socket plain;
    private final Socket socket;
    private final ClientEngine engine;
    private final UpgradeRequest request;
    private final SocketWriter writer;
    private final AtomicBoolean aborted = new AtomicBoolean();
    // Written by the reader thread once the upgrade succeeded; read there and by close listeners.
    private volatile Connection connection;
    // Set when Tyrus closed the connection itself (a close frame sent or received): the end of the stream that
    // follows is then expected, not an abnormal close to report.
    private volatile boolean closedByTyrus;

    /**
     * @param plain  the TCP socket (closed to abort)
     * @param socket what is read and written: {@code plain}, or the TLS socket layered on it
     */
    SocketSession(Socket plain, Socket socket, ClientEngine engine, UpgradeRequest request) throws IOException {
        this.plain = plain;
        this.socket = socket;
        this.engine = engine;
        this.request = request;
        this.writer = new SocketWriter(socket, this::abort);
    }

    /** Sends the upgrade request and starts the reader; on the connector thread. */
    void start() throws IOException {
        writer.writeNow(upgradeRequest(request));
        writer.start();
        Thread reader = new Thread(this::read, "feed-socket(" + READERS.incrementAndGet() + ")");
        reader.setDaemon(true);
        reader.start();
    }

    /** Closes the socket at once; safe from any thread, any number of times. */
    void abort() {
        if (aborted.compareAndSet(false, true)) {
            writer.stop();
            try {
                plain.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing a feed socket", e);
            }
        }
    }

    private void read() {
        byte[] buffer = new byte[READ_BUFFER];
        try {
            InputStream in = socket.getInputStream();
            ResponseHead head = ResponseHead.read(in, buffer);
            if (!upgrade(head)) {
                abort();
                return;
            }
            org.glassfish.tyrus.spi.ReadHandler tyrus = connection.getReadHandler();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    endOfStream(null);
                    return;
                }
                if (n > 0) {
                    tyrus.handle(ByteBuffer.wrap(buffer, 0, n));
                }
            }
        } catch (IOException | RuntimeException e) {
            endOfStream(e);
        } catch (Error e) {
            // Not swallowed (the thread's death is reported), but the socket must not stay open unread.
            endOfStream(new IOException("the feed's reading thread failed: " + e, e));
            throw e;
        }
    }

    /** Hands the response to Tyrus; true once the connection is open and the first bytes after the head delivered. */
    private boolean upgrade(ResponseHead head) throws IOException {
        TyrusUpgradeResponse response = new TyrusUpgradeResponse();
        response.setStatus(head.status());
        response.setReasonPhrase(head.reason());
        head.headers().forEach((name, value) -> response.getHeaders().put(name, Utils.parseHeaderValue(value)));
        ClientEngine.ClientUpgradeInfo info = engine.processResponse(response, writer, reason -> {
            closedByTyrus = true;
            writer.closeAfterWrites();
        });
        switch (info.getUpgradeStatus()) {
            case SUCCESS:
                // From here reads wait for as long as the feed is quiet; stale detection is the connection's.
                socket.setSoTimeout(0);
                connection = info.createConnection();
                if (head.rest().hasRemaining()) {
                    connection.getReadHandler().handle(head.rest());
                }
                return true;
            case ANOTHER_UPGRADE_REQUEST_REQUIRED:
                // A redirect or an authentication challenge: neither is enabled on the feed's client.
                engine.processError(new IOException("the server asked for a redirect or authentication (HTTP "
                        + head.status() + "), which the feed does not follow"));
                return false;
            default:
                // Tyrus has already reported why (status, headers) to whoever waits for the handshake.
                return false;
        }
    }

    private void endOfStream(Exception cause) {
        Connection open = connection;
        if (open == null) {
            if (!aborted.get()) {
                engine.processError(cause != null ? cause
                        : new IOException("the server closed the connection before answering the upgrade request"));
            }
        } else if (!closedByTyrus && !aborted.get()) {
            if (cause != null) {
                LOG.log(Level.FINE, "feed socket read failed", cause);
            }
            // The peer went away without a close frame (1006), as Tyrus' own containers report it.
            open.close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason());
        }
        abort();
    }

    static ByteBuffer upgradeRequest(UpgradeRequest request) {
        URI uri = URI.create(request.getRequestUri());
        StringBuilder text = new StringBuilder(256).append("GET ");
        String path = uri.getRawPath();
        text.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            text.append('?').append(uri.getRawQuery());
        }
        text.append(" HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            text.append(header.getKey()).append(": ").append(String.join(", ", header.getValue())).append("\r\n");
        }
        text.append("\r\n");
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Relays Tyrus' handshake timeout to the session once there is one. */
    static final class TimeoutRelay implements ClientEngine.TimeoutHandler {
        private volatile Runnable action = () -> { };

        void relayTo(Runnable target) {
            this.action = target;
        }

        @Override
        public void handleTimeout() {
            action.run();
        }
    }

    /**
     * The status line and headers of the upgrade response, and what was read after them (the first WebSocket bytes,
     * if the server sent them at once).
     */
    record ResponseHead(int status, String reason, Map<String, String> headers, ByteBuffer rest) {

        private static final Pattern LINE = Pattern.compile("\r\n");
        private static final Pattern SPACE = Pattern.compile(" ");

        static ResponseHead read(InputStream in, byte[] buffer) throws IOException {
            int limit = Math.min(buffer.length, MAX_RESPONSE_HEAD);
            int filled = 0;
            int scanned = 0; // a head sent a byte at a time is still scanned once, not once per read
            int end;
            while ((end = headEnd(buffer, scanned, filled)) < 0) {
                scanned = filled;
                if (filled == limit) {
                    throw new IOException("the upgrade response's head exceeds " + MAX_RESPONSE_HEAD + " bytes");
                }
                int n = in.read(buffer, filled, limit - filled);
                if (n < 0) {
                    throw new IOException("the server closed the connection in the middle of the upgrade response");
                }
                filled += n;
            }
            String text = new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
            ByteBuffer rest = ByteBuffer.wrap(java.util.Arrays.copyOfRange(buffer, end + 4, filled));
            return parse(text, rest);
        }

        static ResponseHead parse(String text, ByteBuffer rest) throws IOException {
            String[] lines = LINE.split(text, -1);
            String[] status = SPACE.split(lines[0], 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP response to the upgrade request: '" + excerpt(lines[0]) + "'");
            }
            int code;
            try {
                code = Integer.parseInt(status[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status in the upgrade response: '" + excerpt(lines[0]) + "'", e);
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
            return new ResponseHead(code, status.length > 2 ? status[2] : "", headers, rest);
        }

        private static int headEnd(byte[] buffer, int from, int filled) {
            for (int i = Math.max(3, from); i < filled; i++) {
                if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                    return i - 3;
                }
            }
            return -1;
        }

        private static String excerpt(String line) {
            return line.length() <= 80 ? line : line.substring(0, 80) + "…";
        }
    }
}
