package com.tickstock.console.status;

import com.tickstock.console.supervision.PartFailures;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small HTTP/1.1 server for body-less requests that no client can wedge.
 *
 * <p>Why not the JDK's {@code HttpServer} or Grizzly's: the JDK server reads request heads on its
 * worker threads with blocking reads and no per-request deadline (only JVM-wide system properties),
 * so a few half-sent requests hold every worker. Grizzly parses heads without blocking, but has no
 * deadline for a head that trickles in byte by byte and, after the handler, reads and discards
 * whatever body is left unless told otherwise; closing both gaps means filters of our own inside
 * its codec chain, which is more code to trust than this class. Here: one selector thread, heads
 * bounded in bytes and time, bodies never taken in, no keep-alive.
 *
 * <p>How: the {@code status-http-io} thread does all socket I/O, never blocking. It reads at most
 * {@link Limits#maxHeadBytes} of request line and headers per connection (else 431), within
 * {@link Limits#headTimeout} of the accept (else 408), then stops reading and hands the parsed
 * head to a {@code status-http-N} worker, which builds the whole response from the head alone;
 * the I/O thread writes it (within {@link Limits#writeTimeout}) and closes. A body is never read:
 * after answering a request that announced one, the output is shut (the client gets the answer and
 * end of stream) and the connection is closed after {@link Limits#linger}. Meanwhile a small
 * announced body (at most {@link Limits#drainBytes}, a stray {@code POST {}}) is drained and
 * dropped so that the close does not turn into a reset that could destroy the answer; a larger
 * one is not read at all. At {@link Limits#maxConnections} open connections a new one evicts one
 * already answered, else the oldest still sending its head, so a flood of slow clients delays
 * nobody for long.
 *
 * <p>Threads: every field of {@link Exchange} belongs to the I/O thread, except its response,
 * which a worker sets before queueing the exchange on {@link #answered} (the queue publishes it).
 * {@link #close()} may be called from any thread, more than once.
 */
final class NonBlockingHttpServer implements AutoCloseable {

    /** Builds responses; called on worker threads, concurrently. */
    interface Handler {
        HttpResponse handle(HttpRequestHead head);

        /** The answer to a request refused before it reached {@link #handle} (400, 408, 431). */
        HttpResponse refuse(int status, String message);
    }

    /** The bounds that keep clients from holding the server. */
    record Limits(int maxHeadBytes, Duration headTimeout, Duration handleTimeout, Duration writeTimeout,
                  Duration linger, long drainBytes, int maxConnections) {

        static final Limits DEFAULT = new Limits(8 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 16 * 1024, 64);
    }

    private static final System.Logger LOG = System.getLogger(NonBlockingHttpServer.class.getName());

    private enum Phase { READING_HEAD, HANDLING, WRITING, LINGERING }

    private final Limits limits;
    private final Handler handler;
    private final Selector selector;
    private final ServerSocketChannel listener;
    /** The part named when one of the server's threads dies. */
    static final String PART = "status-endpoint";

    private final ExecutorService workers;
    private final Thread io;
    private final Queue<Exchange> answered = new ConcurrentLinkedQueue<>();
    /** Open connections, oldest first; I/O thread only. */
    private final LinkedHashSet<Exchange> open = new LinkedHashSet<>();
    /** Drained bytes go here and are forgotten; I/O thread only. */
    private final ByteBuffer discard = ByteBuffer.allocate(4096);
    /** Bytes read from clients in total (heads and drained bytes); written by the I/O thread. */
    private final AtomicLong bytesRead = new AtomicLong();
    /** Responses sent, by status code; written by the I/O thread, read by any. */
    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    /** Connections closed unanswered to make room for new ones; written by the I/O thread. */
    private final LongAdder evicted = new LongAdder();
    /** What ended the I/O thread other than {@link #close()}, or null; written by the I/O thread. */
    private volatile Throwable died;
    private volatile boolean running = true;

    private NonBlockingHttpServer(Limits limits, Handler handler, Selector selector, ServerSocketChannel listener) {
        this.limits = limits;
        this.handler = handler;
        this.selector = selector;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        // A worker or the I/O thread that dies of an error is a dead part of the console: reported, so
        // liveness, the final counts and the exit code say so instead of the endpoint going quietly dark.
        PartFailures failures = PartFailures.process();
        this.workers = Executors.newFixedThreadPool(2,
                r -> failures.newThread(PART, "status-http-" + n.incrementAndGet(), r));
        this.io = failures.newThread(PART, "status-http-io", this::run);
    }

    /** Binds; connections queue in the backlog until {@link #start()}. */
    static NonBlockingHttpServer bind(InetSocketAddress address, Limits limits, Handler handler) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 64);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            listener.close();
            selector.close();
            throw e;
        }
        return new NonBlockingHttpServer(limits, handler, selector, listener);
    }

    /** Starts serving; whatever the caller set up before is visible to the server's threads. */
    void start() {
        io.start();
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the status endpoint is closed", e);
        }
    }

    /** Bytes read from all clients so far: heads, and at most {@link Limits#drainBytes} of a body each. */
    long bytesRead() {
        return bytesRead.get();
    }

    /** Responses sent so far, by status code, in code order. */
    Map<Integer, Long> responsesByStatus() {
        Map<Integer, Long> counts = new TreeMap<>();
        responses.forEach((status, n) -> counts.put(status, n.sum()));
        return counts;
    }

    /** Connections closed unanswered so far because {@link Limits#maxConnections} were open. */
    long evicted() {
        return evicted.sum();
    }

    /** What stopped the server other than {@link #close()} (it serves no more), or null while it serves. */
    Throwable died() {
        return died;
    }

    @Override
    public void close() {
        running = false;
        workers.shutdownNow();
        try {
            selector.wakeup();
        } catch (ClosedSelectorException ignored) {
            // already closed
        }
        if (Thread.currentThread() != io) {
            try {
                io.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // =====================================================================================
    // The I/O thread
    // =====================================================================================

    private void run() {
        try {
            while (running) {
                selector.select(this::onSelected, nextDeadlineMillis());
                for (Exchange x; (x = answered.poll()) != null; ) {
                    x.startWriting(x.response);
                }
                expire(System.nanoTime());
            }
        } catch (IOException | RuntimeException | Error e) {
            if (running) {
                died = e;
                LOG.log(Level.ERROR, "status endpoint: the I/O loop failed; the endpoint stops", e);
                if (!(e instanceof Error)) {
                    PartFailures.process().report(PART, e); // an Error reaches the thread's handler instead
                }
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
        } finally {
            for (Exchange x : List.copyOf(open)) {
                x.close();
            }
            closeQuietly(listener);
            closeQuietly(selector);
        }
    }

    private void onSelected(SelectionKey key) {
        Exchange x = (Exchange) key.attachment();
        try {
            if (x == null) {
                try {
                    accept();
                } catch (IOException e) {
                    // E.g. out of file descriptors: the connection stays queued and is retried.
                    LOG.log(Level.WARNING, "status endpoint: cannot accept a connection: " + e);
                }
                return;
            }
            if (key.isValid() && key.isReadable()) {
                x.onReadable();
            }
            if (key.isValid() && key.isWritable()) {
                x.onWritable();
            }
        } catch (IOException | RuntimeException e) {
            // Typically the client went away; nothing left to tell it.
            LOG.log(Level.DEBUG, "status endpoint: connection failed: " + e);
            if (x != null) {
                x.close();
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return;
        }
        if (open.size() >= limits.maxConnections()) {
            // Answered ones first, then the oldest still sending its head; never one being answered.
            Exchange victim = open.stream().filter(e -> e.phase == Phase.LINGERING).findFirst()
                    .or(() -> open.stream().filter(e -> e.phase == Phase.READING_HEAD).findFirst()).orElse(null);
            evicted.increment();
            if (victim == null) {
                channel.close();
                return;
            }
            victim.close();
        }
        try {
            channel.configureBlocking(false);
            Exchange x = new Exchange(channel);
            x.key = channel.register(selector, SelectionKey.OP_READ, x);
            open.add(x);
        } catch (IOException | RuntimeException e) {
            channel.close(); // not yet tracked: nobody else would ever close it
            throw e;
        }
    }

    private long nextDeadlineMillis() {
        long now = System.nanoTime();
        long next = now + TimeUnit.SECONDS.toNanos(1);
        for (Exchange x : open) {
            next = Math.min(next, x.deadline);
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now) + 1);
    }

    private void expire(long now) {
        List<Exchange> due = new ArrayList<>();
        for (Exchange x : open) {
            if (now - x.deadline >= 0) {
                due.add(x);
            }
        }
        for (Exchange x : due) {
            if (x.phase == Phase.READING_HEAD) {
                x.refuse(408, "the request was not sent within " + limits.headTimeout().toMillis() + " ms");
            } else {
                x.close();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** One connection, one request. */
    private final class Exchange {
        final SocketChannel channel;
        final ByteBuffer head = ByteBuffer.allocate(limits.maxHeadBytes());
        SelectionKey key;
        Phase phase = Phase.READING_HEAD;
        long deadline = System.nanoTime() + limits.headTimeout().toNanos();
        int scannedTo;
        long announcedBody;
        long drained;
        ByteBuffer out;
        boolean closed;
        /** Set by a worker, read by the I/O thread after {@link #answered} hands the exchange over. */
        HttpResponse response;

        Exchange(SocketChannel channel) {
            this.channel = channel;
        }

        void onReadable() throws IOException {
            if (phase == Phase.LINGERING) {
                discard.clear();
                int n = channel.read(discard);
                drained += Math.max(n, 0);
                bytesRead.addAndGet(Math.max(n, 0));
                if (n < 0 || drained > limits.drainBytes()) {
                    close();
                }
                return;
            }
            int n = channel.read(head);
            if (n < 0) {
                close();
                return;
            }
            bytesRead.addAndGet(n);
            int end = HttpRequestHead.headEnd(head.array(), scannedTo, head.position());
            if (end < 0) {
                scannedTo = Math.max(0, head.position() - 3);
                if (!head.hasRemaining()) {
                    refuse(431, "the request line and headers exceed " + limits.maxHeadBytes() + " bytes");
                }
                return;
            }
            HttpRequestHead request;
            try {
                request = HttpRequestHead.parse(head.array(), end);
                announcedBody = request.bodyLength();
            } catch (HttpRequestHead.Malformed e) {
                refuse(400, e.getMessage());
                return;
            }
            phase = Phase.HANDLING;
            deadline = System.nanoTime() + limits.handleTimeout().toNanos();
            key.interestOps(0);
            try {
                workers.execute(() -> answer(request));
            } catch (RejectedExecutionException e) {
                close();
            }
        }

        /** On a worker thread. */
        private void answer(HttpRequestHead request) {
            HttpResponse r;
            try {
                r = handler.handle(request);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "status endpoint: " + request.path() + " failed", e);
                r = handler.refuse(500, "internal error: " + e);
            }
            response = r;
            answered.add(this);
            selector.wakeup();
        }

        void refuse(int status, String message) {
            // A refused head may be followed by anything; never read further.
            announcedBody = Long.MAX_VALUE;
            startWriting(handler.refuse(status, message));
        }

        void startWriting(HttpResponse r) {
            if (closed) {
                return;
            }
            phase = Phase.WRITING;
            deadline = System.nanoTime() + limits.writeTimeout().toNanos();
            responses.computeIfAbsent(r.status(), status -> new LongAdder()).increment();
            out = ByteBuffer.wrap(r.toBytes());
            try {
                onWritable();
                if (!closed && phase == Phase.WRITING) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "status endpoint: connection failed: " + e);
                close();
            }
        }

        void onWritable() throws IOException {
            channel.write(out);
            if (out.hasRemaining()) {
                return;
            }
            if (announcedBody == 0) {
                close();
                return;
            }
            // Answered without taking the body in: end our side, so the client reads the answer
            // and end of stream, and close later rather than now (a close with unread bytes resets).
            channel.shutdownOutput();
            phase = Phase.LINGERING;
            deadline = System.nanoTime() + limits.linger().toNanos();
            key.interestOps(announcedBody <= limits.drainBytes() ? SelectionKey.OP_READ : 0);
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
        }
    }
}
