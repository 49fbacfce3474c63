package com.tickstock.console.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber draining a channel over a plain socket: it walks the RESP frames and counts messages without
 * copying or decoding them. Lettuce's own pub/sub decoding costs more CPU than the republisher, and on two
 * cores that would measure the subscriber; Redis still does all of its fan-out work for this one. Its reading
 * thread is named {@value #THREAD_NAME}, so its CPU can be told apart from the console's.
 */
final class RespSubscriber implements AutoCloseable {

    /** At most 15 characters: /proc keeps no more of a thread's name, and its CPU is looked up by it. */
    static final String THREAD_NAME = "resp-subscriber";

    private static final long SUBSCRIBE_TIMEOUT_SECONDS = 10;

    private final AtomicLong messages = new AtomicLong();
    /** Opens when Redis confirmed the subscription: messages published before it are not delivered. */
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Socket socket;
    private final Thread reader;

    /** Subscribes to {@code channel} and returns once Redis has confirmed it. */
    RespSubscriber(String url, String channel) throws IOException {
        URI uri = URI.create(url);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setReceiveBufferSize(4 << 20);
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + name.length + "\r\n" + channel + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        InputStream in = socket.getInputStream();
        reader = new Thread(() -> drain(in), THREAD_NAME);
        reader.setDaemon(true);
        reader.start();
        awaitSubscribed();
    }

    /** Messages received since the subscription. */
    long count() {
        return messages.get();
    }

    private void awaitSubscribed() throws IOException {
        try {
            if (!subscribed.await(SUBSCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                socket.close();
                throw new IOException("Redis did not confirm the subscription within " + SUBSCRIBE_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.close();
            throw new IOException("interrupted while subscribing", e);
        }
    }

    /** Each push is an array of 3 bulk strings; the first, the subscribe confirmation, has an integer. */
    private void drain(InputStream in) {
        byte[] buf = new byte[1 << 20];
        int pos = 0;
        int len = 0;
        long skip = 0;        // payload bytes (plus CRLF) still to pass over
        int elementsLeft = 0; // of the current array
        boolean confirmed = false;
        try {
            while (true) {
                if (skip > 0 || pos >= len || indexOfLf(buf, pos, len) < 0) {
                    if (skip > 0) {
                        long inBuffer = Math.min(skip, len - pos);
                        pos += (int) inBuffer;
                        skip -= inBuffer;
                        if (skip > 0) {
                            pos = len = 0;
                            int n = in.read(buf, 0, buf.length);
                            if (n < 0) {
                                return;
                            }
                            len = n;
                            continue;
                        }
                    }
                    if (pos >= len || indexOfLf(buf, pos, len) < 0) {
                        System.arraycopy(buf, pos, buf, 0, len - pos);
                        len -= pos;
                        pos = 0;
                        int n = in.read(buf, len, buf.length - len);
                        if (n < 0) {
                            return;
                        }
                        len += n;
                        continue;
                    }
                }
                int lf = indexOfLf(buf, pos, len);
                byte type = buf[pos];
                long value = parseLong(buf, pos + 1, lf - 1);
                pos = lf + 1;
                if (type == '*') {
                    elementsLeft = (int) value;
                } else {
                    if (type == '$') {
                        skip = value + 2;
                    }
                    if (--elementsLeft == 0) {
                        if (confirmed) {
                            messages.incrementAndGet();
                        } else {
                            confirmed = true;
                            subscribed.countDown();
                        }
                    }
                }
            }
        } catch (IOException closed) {
            // close() ends the drain
        }
    }

    private static int indexOfLf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long parseLong(byte[] buf, int from, int to) {
        long v = 0;
        boolean negative = buf[from] == '-';
        for (int i = negative ? from + 1 : from; i < to; i++) {
            v = v * 10 + (buf[i] - '0');
        }
        return negative ? -v : v;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
