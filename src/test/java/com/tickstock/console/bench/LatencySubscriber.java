package com.tickstock.console.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A downstream reader in the benchmark's process, as a trader's program would be: subscribes to the tick channel
 * over a plain socket and, for every message, records its receive time (wall clock, microseconds) minus the tick's
 * {@code timestamp} (the feed's {@code t}, stamped when the simulator built the frame) into a histogram. The
 * feed's {@code t} is in whole milliseconds, so each figure reads up to 1 ms high, as the same measurement of any
 * relay would.
 *
 * <p>Threads: the reading thread ({@value #THREAD_NAME}) records; the benchmark's thread takes interval histograms
 * ({@link Recorder} is made for exactly that hand-off).
 */
final class LatencySubscriber implements AutoCloseable {

    static final String THREAD_NAME = "latency-reader";
    private static final byte[] TIMESTAMP = "\"timestamp\":".getBytes(StandardCharsets.US_ASCII);

    /** Microseconds, up to 10 minutes, 3 significant digits. */
    private final Recorder recorder = new Recorder(600_000_000L, 3);
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Socket socket;
    /** Wall-clock microseconds at {@link #anchorNanos}: receive times from the monotonic clock, precise and cheap. */
    private final long anchorWallMicros;
    private final long anchorNanos;
    private final java.util.concurrent.atomic.AtomicLong unparsed = new java.util.concurrent.atomic.AtomicLong();

    LatencySubscriber(String redisUrl, String channel) throws IOException, InterruptedException {
        Instant now = Instant.now();
        anchorNanos = System.nanoTime();
        anchorWallMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        URI uri = URI.create(redisUrl);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + channel.length() + "\r\n" + channel + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 20);
        Thread reader = new Thread(() -> read(in), THREAD_NAME);
        reader.setDaemon(true);
        reader.start();
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            socket.close();
            throw new IOException("Redis did not confirm the subscription within 10 s");
        }
    }

    /** What was recorded since the last call (delay in microseconds per message). */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** Messages without a readable timestamp (should stay 0). */
    long unparsed() {
        return unparsed.get();
    }

    private void read(InputStream in) {
        try {
            while (true) {
                int elements = (int) header(in, '*');
                byte[] last = null;
                for (int i = 0; i < elements; i++) {
                    int type = in.read();
                    long value = number(in);
                    last = type == '$' ? bulk(in, (int) value) : null;
                }
                if (last == null) { // the subscribe confirmation ends with an integer
                    subscribed.countDown();
                    continue;
                }
                long receivedMicros = anchorWallMicros + (System.nanoTime() - anchorNanos) / 1_000;
                long stampMicros = timestampMicros(last);
                if (stampMicros < 0) {
                    unparsed.incrementAndGet();
                } else {
                    recorder.recordValue(Math.max(0, receivedMicros - stampMicros));
                }
            }
        } catch (IOException | RuntimeException closed) {
            // close() ends the read
        }
    }

    private static long header(InputStream in, char expected) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("closed");
        }
        if (type != expected) {
            throw new IOException("unexpected RESP type " + (char) type);
        }
        return number(in);
    }

    /** A RESP number up to its CRLF. */
    private static long number(InputStream in) throws IOException {
        long v = 0;
        boolean negative = false;
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b == '-') {
                negative = true;
            } else {
                v = v * 10 + (b - '0');
            }
        }
        in.read(); // \n
        return negative ? -v : v;
    }

    private static byte[] bulk(InputStream in, int length) throws IOException {
        byte[] payload = in.readNBytes(length);
        in.skipNBytes(2);
        return payload;
    }

    /** {@code "timestamp":1764840660.123} as microseconds; -1 when absent. */
    static long timestampMicros(byte[] json) {
        outer:
        for (int i = 0; i + TIMESTAMP.length < json.length; i++) {
            for (int k = 0; k < TIMESTAMP.length; k++) {
                if (json[i + k] != TIMESTAMP[k]) {
                    continue outer;
                }
            }
            int p = i + TIMESTAMP.length;
            long whole = 0;
            while (p < json.length && json[p] >= '0' && json[p] <= '9') {
                whole = whole * 10 + (json[p++] - '0');
            }
            long micros = whole * 1_000_000L;
            if (p < json.length && json[p] == '.') {
                p++;
                long scale = 100_000;
                while (p < json.length && json[p] >= '0' && json[p] <= '9') {
                    micros += (json[p++] - '0') * scale;
                    scale /= 10;
                }
            }
            return micros;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
