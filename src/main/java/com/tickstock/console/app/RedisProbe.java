package com.tickstock.console.app;

import com.tickstock.console.manager.RedisUrl;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;

/**
 * A downstream consumer's view of Redis, for the self-test and the process tests: its own
 * connection (plain RESP over a socket, independent of the republisher's client) that SUBSCRIBEs
 * to the channel, or for stream mode XREADs the stream, and counts what arrives.
 *
 * <p>Threads: the creating thread connects and subscribes; one daemon reader thread then counts
 * messages into {@link #received} and opens {@link #first}; any thread may read both or close.
 */
final class RedisProbe implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch first = new CountDownLatch(1);
    private volatile boolean closed;

    private RedisProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code redisUrl} (as {@link RedisUrl} parses it), authenticates, and listens on {@code channel}: SUBSCRIBE when
     * {@code stream} is false, else XREAD of entries added from now on. Returns once listening,
     * so everything published afterwards is counted.
     */
    static RedisProbe listen(String redisUrl, String channel, boolean stream, Duration timeout) throws IOException {
        // The configuration's parser: a URL it accepted parses the same here, and no error quotes the password.
        RedisUrl url = RedisUrl.parse(redisUrl);
        boolean tls = url.tls();
        int port = url.port();
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        int millis = (int) Math.max(1, timeout.toMillis());
        RedisProbe probe;
        try {
            socket.connect(new InetSocketAddress(url.host(), port), millis);
            socket.setSoTimeout(millis);
            probe = new RedisProbe(socket);
            probe.authenticate(url.username(), url.password());
            if (stream) {
                probe.call("SELECT", String.valueOf(url.database()));
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        if (stream) {
            probe.startReader(() -> probe.readStream(channel));
        } else {
            probe.send("SUBSCRIBE", channel);
            Object ack = probe.read();
            if (!(ack instanceof List) || !"subscribe".equals(((List<?>) ack).get(0))) {
                probe.close();
                throw new IOException("unexpected answer to SUBSCRIBE: " + ack);
            }
            probe.startReader(probe::readMessages);
        }
        return probe;
    }

    private void authenticate(String user, String password) throws IOException {
        if (password == null) {
            return;
        }
        if (user == null) {
            call("AUTH", password);
        } else {
            call("AUTH", user, password);
        }
    }

    /** Messages received since listening began. */
    long received() {
        return received.get();
    }

    /** Waits for the first message; false when none came in time. */
    boolean awaitFirst(Duration timeout) throws InterruptedException {
        return first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing only ends the reader; nothing to report.
        }
    }

    private interface Reader {
        void run() throws IOException;
    }

    private void startReader(Reader reader) throws IOException {
        // Pushes can arrive at any time: the reader must not time out between them.
        socket.setSoTimeout(0);
        Thread thread = new Thread(() -> {
            try {
                reader.run();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    System.getLogger(RedisProbe.class.getName()).log(System.Logger.Level.WARNING,
                            "Redis probe stopped reading: " + e);
                }
            }
        }, "redis-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void readMessages() throws IOException {
        while (!closed) {
            Object push = read();
            if (push instanceof List && "message".equals(((List<?>) push).get(0))) {
                count(1);
            }
        }
    }

    private void readStream(String key) throws IOException {
        String lastId = "$";
        while (!closed) {
            send("XREAD", "BLOCK", "1000", "STREAMS", key, lastId);
            Object reply = read();
            if (!(reply instanceof List)) {
                continue; // null: nothing within the block time
            }
            List<?> entries = (List<?>) ((List<?>) ((List<?>) reply).get(0)).get(1);
            for (Object entry : entries) {
                lastId = (String) ((List<?>) entry).get(0);
            }
            count(entries.size());
        }
    }

    private void count(long n) {
        if (n > 0) {
            received.addAndGet(n);
            first.countDown();
        }
    }

    // ---- RESP ----

    private Object call(String... args) throws IOException {
        send(args);
        Object reply = read();
        if (reply instanceof RedisError) {
            throw new IOException("Redis refused " + args[0] + ": " + ((RedisError) reply).message);
        }
        return reply;
    }

    private void send(String... args) throws IOException {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private record RedisError(String message) {
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                if (bytes.length < length + 2) {
                    throw new EOFException("Redis closed the connection");
                }
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("not RESP: type byte " + type + " (" + line.toLowerCase(Locale.ROOT) + ")");
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("Redis closed the connection");
            }
            sb.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("not RESP: CR without LF");
        }
        return sb.toString();
    }
}
