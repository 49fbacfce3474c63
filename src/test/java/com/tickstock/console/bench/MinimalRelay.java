package com.tickstock.console.bench;

import com.tickstock.console.feed.DecodeError;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.FrameDecoder;
import com.tickstock.console.feed.FrameHandler;
import com.tickstock.console.feed.Trade;
import com.tickstock.console.republish.TickMessages;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The least a relay from one Massive connection to Redis can do per frame, as a floor to hold the console's CPU per
 * tick against (issue #25 compares the console with "the simplest possible relay"): one thread, one blocking socket
 * to the feed and one to Redis. It reads a WebSocket frame, decodes it with the console's own {@link FrameDecoder},
 * renders each trade as the console's Redis message with the console's own encoder ({@link TickMessages}) and
 * writes the frame's PUBLISHes in one write; it reads Redis's replies only when they are already there (before
 * each write), so a frame wakes this one thread once and nothing else in the process. No reconnect, no buffering
 * while Redis is away, no health, no second consumer: everything the console does beyond this is what its figure
 * above this floor pays for.
 *
 * <p>Given a Lettuce {@link RedisClient}, it sends through Lettuce's public API instead (a connection of its own,
 * commands queued without flushing and flushed once a frame, each reply counted as its future completes): the least
 * a relay pays per frame for Lettuce's reconnect guarantees, i.e. its event loop's write hand-off and reply reading.
 *
 * <p>Threads: {@link #run} on its own thread writes every field; {@link #ticks()}, {@link #frames()} and
 * {@link #replies()} are read from any thread (atomics).
 */
final class MinimalRelay implements Runnable {

    private final URI feed;
    private final String apiKey;
    private final List<String> tickers;
    private final URI redis;
    private final String channelName;
    private final byte[] channel;
    private final String connectionId;
    /** Null: PUBLISH on a socket of its own; else through this client. */
    private final RedisClient lettuce;
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private volatile boolean stopped;
    private volatile Socket feedSocket;

    MinimalRelay(URI feed, String apiKey, List<String> tickers, String redisUrl, String channel, String connectionId,
                 RedisClient lettuce) {
        this.lettuce = lettuce;
        this.feed = feed;
        this.apiKey = apiKey;
        this.tickers = List.copyOf(tickers);
        this.redis = URI.create(redisUrl);
        this.channelName = channel;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.connectionId = connectionId;
    }

    long ticks() {
        return ticks.get();
    }

    long frames() {
        return frames.get();
    }

    /** Redis's replies read so far: one per PUBLISH, so ticks() - replies() were sent and not yet acknowledged. */
    long replies() {
        return replies.get();
    }

    /** Ends the loop (closing the feed socket wakes a blocked read). */
    void stop() throws IOException {
        stopped = true;
        Socket s = feedSocket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void run() {
        try (Socket ws = new Socket(feed.getHost(), feed.getPort());
             Socket db = new Socket(redis.getHost(), redis.getPort())) {
            feedSocket = ws;
            ws.setTcpNoDelay(true);
            db.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(ws.getInputStream(), 64 * 1024));
            OutputStream out = ws.getOutputStream();
            upgrade(in, out);
            awaitStatus(in, out, "connected");
            sendText(out, "{\"action\":\"auth\",\"params\":\"" + apiKey + "\"}");
            awaitStatus(in, out, "auth_success");
            sendText(out, "{\"action\":\"subscribe\",\"params\":\"T." + String.join(",T.", tickers) + "\"}");
            if (lettuce == null) {
                InputStream redisIn = db.getInputStream();
                OutputStream redisOut = db.getOutputStream();
                byte[] replyBuffer = new byte[16 * 1024];
                relay(in, out, rendered -> {
                    drainReplies(redisIn, replyBuffer);
                    redisOut.write(rendered.bytes.buffer(), 0, rendered.bytes.size());
                });
            } else {
                try (StatefulRedisConnection<byte[], byte[]> connection = lettuce.connect(ByteArrayCodec.INSTANCE)) {
                    connection.setAutoFlushCommands(false);
                    RedisAsyncCommands<byte[], byte[]> commands = connection.async();
                    relay(in, out, rendered -> {
                        for (byte[] message : rendered.messages) {
                            commands.publish(channel, message).thenRun(replies::incrementAndGet);
                        }
                        connection.flushCommands();
                    });
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                throw new IllegalStateException("the minimal relay " + connectionId + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Sends one frame's rendered trades to Redis. */
    private interface FrameSink {
        void send(Renderer rendered) throws IOException;
    }

    private void relay(DataInputStream in, OutputStream out, FrameSink sink) throws IOException {
        FrameDecoder decoder = new FrameDecoder();
        Renderer renderer = new Renderer();
        while (!stopped) {
            String frame = readText(in, out);
            if (frame == null) {
                return;
            }
            renderer.reset();
            decoder.decode(frame, renderer);
            frames.incrementAndGet();
            if (renderer.count > 0) {
                sink.send(renderer);
                ticks.addAndGet(renderer.count);
            }
        }
    }

    /** Reads whatever replies have arrived without waiting for more: each ends in one LF. */
    private void drainReplies(InputStream redisIn, byte[] buffer) throws IOException {
        int available = redisIn.available();
        while (available > 0) {
            int n = redisIn.read(buffer, 0, Math.min(buffer.length, available));
            long lines = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
            replies.addAndGet(lines);
            available -= n;
        }
    }

    /** Collects a frame's trades as PUBLISH commands carrying the console's per-tick message, by its own encoder. */
    private final class Renderer implements FrameHandler {
        private final Bytes bytes = new Bytes();
        private final TickMessages rendering = new TickMessages(connectionId, channelName);
        /** Through Lettuce: each message's bytes (its codec takes a byte[] per value). */
        private final List<byte[]> messages = new java.util.ArrayList<>();
        private int count;

        void reset() {
            bytes.reset();
            messages.clear();
            count = 0;
        }

        @Override
        public void onEvent(FeedEvent event) {
            if (!(event instanceof Trade t)) {
                return;
            }
            count++;
            if (lettuce != null) {
                messages.add(rendering.message(t));
            } else {
                bytes.write(rendering.publishCommand(t));
            }
        }

        @Override
        public void onUnknownEvent(String ev) {
            // not a trade: nothing to relay
        }

        @Override
        public void onDecodeError(DecodeError error) {
            throw new IllegalStateException("the feed sent a frame the decoder refused: " + error);
        }
    }

    private void upgrade(DataInputStream in, OutputStream out) throws IOException {
        String path = feed.getRawPath() == null || feed.getRawPath().isEmpty() ? "/" : feed.getRawPath();
        out.write(ascii("GET " + path + " HTTP/1.1\r\nHost: " + feed.getHost() + ":" + feed.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n"));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("the feed refused the upgrade: " + head.toString().lines().findFirst().orElse(""));
        }
    }

    private void awaitStatus(DataInputStream in, OutputStream out, String status) throws IOException {
        for (String frame = readText(in, out); frame != null; frame = readText(in, out)) {
            if (frame.contains("\"status\":\"" + status + "\"")) {
                return;
            }
            if (frame.contains("auth_failed") || frame.contains("\"status\":\"error\"")) {
                throw new IOException("the feed said: " + frame);
            }
        }
        throw new EOFException("the feed closed before status " + status);
    }

    /** The next text message (fragments joined), answering pings on the way; null when the feed closed. */
    private String readText(DataInputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream text = null;
        while (true) {
            int first;
            try {
                first = in.readUnsignedByte();
            } catch (EOFException | java.net.SocketException closed) {
                return null;
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            int opcode = first & 0x0f;
            boolean fin = (first & 0x80) != 0;
            switch (opcode) {
                case 0x8 -> {
                    return null;
                }
                case 0x9 -> sendFrame(out, 0xA, payload);
                case 0x1, 0x0 -> {
                    if (fin && text == null) {
                        return new String(payload, StandardCharsets.UTF_8);
                    }
                    if (text == null) {
                        text = new ByteArrayOutputStream();
                    }
                    text.write(payload);
                    if (fin) {
                        return text.toString(StandardCharsets.UTF_8);
                    }
                }
                default -> {
                    // pong or binary: not part of the Massive protocol's text stream
                }
            }
        }
    }

    private static void sendText(OutputStream out, String text) throws IOException {
        sendFrame(out, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One masked client frame (RFC 6455 5.3: a client masks everything it sends). */
    private static void sendFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growable byte buffer reused across frames (ByteArrayOutputStream's methods are synchronized). */
    private static final class Bytes {
        private byte[] buffer = new byte[8192];
        private int size;

        void reset() {
            size = 0;
        }

        byte[] buffer() {
            return buffer;
        }

        int size() {
            return size;
        }

        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
