package com.tickstock.console.feed;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Writes a {@link SocketSession}'s frames on a thread of its own ({@code feed-writer(N)}), in the order Tyrus
 * hands them over, so that neither the reading thread (which answers pings) nor a caller sending a subscription can
 * block on a peer that has stopped reading. Writes are rare (subscriptions, pings, a close) and small.
 *
 * <p>Threads: {@link #write} and {@link #closeAfterWrites} may be called from any thread and only enqueue; the writer
 * thread alone writes the stream and completes the handlers; {@link #stop()} (any thread) ends it, failing what is
 * still queued. The queue is unbounded, so enqueueing never blocks.
 */
final class SocketWriter extends Writer {

    private static final Logger LOG = Logger.getLogger(SocketWriter.class.getName());
    private static final AtomicInteger WRITERS = new AtomicInteger();

    private final Socket socket;
    private final OutputStream out;
    private final Runnable abort;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param socket the socket written (closed by {@link #closeAfterWrites})
     * @param abort  closes the session at once; called when a write fails
     */
    SocketWriter(Socket socket, Runnable abort) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.abort = abort;
        this.thread = new Thread(this::run, "feed-writer(" + WRITERS.incrementAndGet() + ")");
        this.thread.setDaemon(true);
    }

    /** Writes on the calling thread; only before {@link #start()} (the upgrade request). */
    void writeNow(ByteBuffer buffer) throws IOException {
        writeFully(buffer);
        out.flush();
    }

    void start() {
        thread.start();
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> handler) {
        if (stopped) {
            fail(new Pending(buffer, handler), new IOException("the feed connection is closed"));
            return;
        }
        queue.add(new Pending(buffer, handler));
        if (stopped) {
            drain(); // stop() may have drained before this write was queued
        }
    }

    /** Tyrus closing its side: what is queued (the close frame) is written first, then the socket closed. */
    @Override
    public void close() {
        closeAfterWrites();
    }

    void closeAfterWrites() {
        if (!stopped) {
            queue.add(Marker.CLOSE);
        }
    }

    /** Ends the writer thread; what is still queued fails. Any thread, any number of times. */
    void stop() {
        stopped = true;
        queue.add(Marker.STOP);
        drain();
    }

    private void run() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == Marker.STOP) {
                    break;
                }
                if (next == Marker.CLOSE) {
                    closeSocket();
                    abort.run();
                    break;
                }
                Pending pending = (Pending) next;
                try {
                    writeFully(pending.buffer());
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    fail(pending, e);
                    abort.run();
                    break;
                }
                if (pending.handler() != null) {
                    pending.handler().completed(pending.buffer());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            drain();
        }
    }

    private void closeSocket() {
        try {
            // A TLS socket sends its close_notify here; the TCP socket closes under it.
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a feed socket", e);
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.write(bytes);
        }
    }

    /** Fails every queued write; the markers stay, so the writer thread still finds its STOP. */
    private void drain() {
        for (Object next : queue) {
            if (next instanceof Pending && queue.remove(next)) {
                fail((Pending) next, new IOException("the feed connection is closed"));
            }
        }
    }

    private static void fail(Pending pending, Throwable cause) {
        if (pending.handler() != null) {
            pending.handler().failed(cause);
        }
    }

    private record Pending(ByteBuffer buffer, CompletionHandler<ByteBuffer> handler) {
    }

    /** Queued after the writes: STOP ends the thread; CLOSE closes the socket once what is before it is written. */
    private enum Marker {
        STOP, CLOSE
    }
}
