package com.tickstock.console.simulator;

import com.tickstock.console.simulator.Command.Fault;
import com.tickstock.console.simulator.Command.FaultKind;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server-side connection, as a test sees it: its state, what it subscribed, exact counters of
 * what it was sent (kept after it closed), and the faults that can be injected into it.
 *
 * <p>Every fault is carried out by the connection's sender thread between two frames and returns
 * a future that completes once the fault took effect: the frame was written, the stream stopped,
 * or, for faults that end the session, the connection reads as {@link State#CLOSED} (its
 * {@link #disconnectCause()} is set before the client can see the close). It completes
 * exceptionally if the connection closed first.
 *
 * <p>Threads: the sender thread writes the volatile state fields; any thread reads them and
 * submits faults; Grizzly worker threads hand in client frames and close notices.
 */
public final class SimConnection {

    /** Where a session stands. */
    public enum State { AWAITING_AUTH, AUTHENTICATED, CLOSED }

    /** Why a connection ended. */
    public enum DisconnectCause {
        /** The client closed the WebSocket or its TCP connection. */
        CLIENT_CLOSED,
        AUTH_FAILED,
        AUTH_TIMEOUT,
        /** Kicked for going over the key's connection limit (status then close 1008). */
        MAX_CONNECTIONS,
        FORCE_DISCONNECT,
        SLOW_CONSUMER,
        /** An injected clean close (close frame). */
        CLEAN_CLOSE,
        /** An injected abrupt drop: TCP FIN, no close frame. */
        DROPPED,
        /** An injected abrupt drop: TCP RST, no close frame. */
        RESET,
        SERVER_SHUTDOWN,
        /** A write failed or the session loop broke. */
        ERROR
    }

    private final int id;
    private final SentCounters counters = new SentCounters();
    private final BlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
    private final ConnectionRegistry registry;
    private final AtomicLong clientMessages = new AtomicLong();

    private volatile State state = State.AWAITING_AUTH;
    private volatile String apiKey;
    private volatile Set<String> subscriptions = Set.of();
    private volatile DisconnectCause cause;
    private volatile boolean stalled;
    private volatile boolean peerClosed;
    private volatile boolean finished;
    private volatile Thread sender;

    SimConnection(int id, ConnectionRegistry registry) {
        this.id = id;
        this.registry = registry;
    }

    /** 1-based position in the server's accept order. */
    public int id() {
        return id;
    }

    public State state() {
        return state;
    }

    public boolean isOpen() {
        return state != State.CLOSED;
    }

    /** The key this connection authenticated with. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** Subscribed topics as the client wrote them. */
    public Set<String> subscriptions() {
        return subscriptions;
    }

    /** Exact counts of what this connection was sent; still readable after it closed. */
    public SentCounters counters() {
        return counters;
    }

    public Optional<DisconnectCause> disconnectCause() {
        return Optional.ofNullable(cause);
    }

    /** Text frames received from the client so far (answered or not yet). */
    public long clientMessagesReceived() {
        return clientMessages.get();
    }

    /** Whether data is held back by {@link #stall()} or {@link #silence()}. */
    public boolean isStalled() {
        return stalled;
    }

    /** Blocks until the connection is closed; throws {@link IllegalStateException} on timeout. */
    public void awaitClosed(Duration timeout) {
        registry.await(() -> state == State.CLOSED, timeout, "connection #" + id + " to close");
    }

    /** Blocks until the connection has at least {@code count} subscribed topics. */
    public void awaitSubscriptions(int count, Duration timeout) {
        registry.await(() -> subscriptions.size() >= count, timeout,
                "connection #" + id + " to hold " + count + " subscription(s)");
    }

    // ---- faults -------------------------------------------------------------------------

    /** Closes the TCP connection without a WebSocket close frame (FIN after all data sent). */
    public CompletableFuture<Void> dropAbruptly() {
        return submit(new Fault(FaultKind.DROP_FIN));
    }

    /** Resets the TCP connection (RST) without a WebSocket close frame. */
    public CompletableFuture<Void> resetAbruptly() {
        return submit(new Fault(FaultKind.DROP_RST));
    }

    /** Closes cleanly with 1000 (normal closure). */
    public CompletableFuture<Void> closeCleanly() {
        return closeCleanly(StatusTexts.CLOSE_NORMAL, "");
    }

    /** Closes cleanly with a close frame of the given code and reason. */
    public CompletableFuture<Void> closeCleanly(int code, String reason) {
        return submit(new Fault(FaultKind.CLOSE_CLEAN, reason, code, new CompletableFuture<>()));
    }

    /** Sends a frame that is not valid JSON (a truncated trade array). */
    public CompletableFuture<Void> sendMalformedFrame() {
        return submit(new Fault(FaultKind.MALFORMED_FRAME, "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":4,\"p\":"));
    }

    /** Sends any text as one frame, as is. */
    public CompletableFuture<Void> sendRawFrame(String text) {
        return submit(new Fault(FaultKind.RAW_FRAME, text));
    }

    /** Sends any text as one message cut into {@code fragments} WebSocket frames (continuation frames). */
    public CompletableFuture<Void> sendFragmentedFrame(String text, int fragments) {
        if (fragments < 1 || fragments > text.length()) {
            throw new IllegalArgumentException("fragments must be 1.." + text.length() + ", was " + fragments);
        }
        return submit(new Fault(FaultKind.FRAGMENTED_FRAME, text, fragments, new CompletableFuture<>()));
    }

    /** Sends one binary frame of {@code bytes} zero bytes (the live feed sends text only). */
    public CompletableFuture<Void> sendBinaryFrame(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a frame size is >= 0, was " + bytes);
        }
        return submit(new Fault(FaultKind.BINARY_FRAME, null, bytes, new CompletableFuture<>()));
    }

    /** Sends an event of a type no client knows ({@code "ev":"XYZ"}), sharing the frame with data when streaming. */
    public CompletableFuture<Void> sendUnknownEvent() {
        return sendUnknownEvent("XYZ");
    }

    public CompletableFuture<Void> sendUnknownEvent(String ev) {
        return submit(new Fault(FaultKind.UNKNOWN_EVENT, ev));
    }

    /** Sends {@code {"ev":"status","status":"error","message":...}}, sharing the frame with data when streaming. */
    public CompletableFuture<Void> sendStatusError(String message) {
        return submit(new Fault(FaultKind.STATUS_ERROR, message));
    }

    /**
     * Stops sending anything (the socket stays open and WebSocket pings are still answered);
     * client actions, and the auth timeout, wait until {@link #resume()}. Completes once no
     * further frame will be written.
     */
    public CompletableFuture<Void> stall() {
        return submit(new Fault(FaultKind.STALL));
    }

    /** Like {@link #stall()}, and the server stops reading the socket too, so pings go unanswered. */
    public CompletableFuture<Void> silence() {
        return submit(new Fault(FaultKind.SILENCE));
    }

    /** Ends a stall or silence; held-back client actions are then answered in order. */
    public CompletableFuture<Void> resume() {
        return submit(new Fault(FaultKind.RESUME));
    }

    /** Sends status {@code slow_consumer}, then closes with 1008. */
    public CompletableFuture<Void> slowConsumer() {
        return submit(new Fault(FaultKind.SLOW_CONSUMER));
    }

    /** Sends status {@code force_disconnect}, then closes with 1008. */
    public CompletableFuture<Void> forceDisconnect() {
        return submit(new Fault(FaultKind.FORCE_DISCONNECT));
    }

    /** Changes this connection's pace (events per second; 0 = as fast as possible) from the next frame on. */
    public CompletableFuture<Void> setRate(double eventsPerSecond) {
        if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("rate must be >= 0 (0 = as fast as possible), was " + eventsPerSecond);
        }
        Command.Rate rate = new Command.Rate(eventsPerSecond, new CompletableFuture<>());
        enqueue(rate);
        return rate.done();
    }

    @Override
    public String toString() {
        return "SimConnection#" + id + "[" + state + (cause == null ? "" : " " + cause)
                + ", subs=" + subscriptions.size() + ", " + counters + "]";
    }

    // ---- used by the server and the session loop ---------------------------------------

    private CompletableFuture<Void> submit(Fault fault) {
        inbox.offer(fault);
        if (finished) {
            failPending();
        }
        return fault.done();
    }

    void enqueue(Command command) {
        inbox.offer(command);
        if (finished) {
            failPending();
        }
    }

    BlockingQueue<Command> inbox() {
        return inbox;
    }

    /** Grizzly worker thread: a text frame from the client. */
    void onClientText(String text) {
        clientMessages.incrementAndGet();
        inbox.offer(new Command.ClientText(text));
    }

    /** Grizzly worker thread: Tyrus reported the session closed. */
    void onPeerClosed() {
        peerClosed = true;
        inbox.offer(new Command.PeerClosed());
    }

    boolean peerClosed() {
        return peerClosed;
    }

    void startSender(Thread thread) {
        this.sender = thread;
        thread.start();
    }

    Thread sender() {
        return sender;
    }

    void authenticated(String key) {
        this.apiKey = key;
        this.state = State.AUTHENTICATED;
        registry.changed();
    }

    void publishSubscriptions(Set<String> topics) {
        this.subscriptions = topics;
        registry.changed();
    }

    void publishStalled(boolean value) {
        this.stalled = value;
    }

    /** Sender thread: the session is about to end for this reason (the socket may still be open). */
    void ending(DisconnectCause why) {
        if (cause == null) {
            cause = why;
        }
    }

    /** Sender thread, once, when the session ends. */
    void finish(DisconnectCause why) {
        if (cause == null) {
            cause = why;
        }
        state = State.CLOSED;
        finished = true;
        failPending();
        registry.release(this);
    }

    private void failPending() {
        Command c;
        while ((c = inbox.poll()) != null) {
            if (c instanceof Fault f) {
                f.done().completeExceptionally(new IllegalStateException(
                        "connection #" + id + " closed (" + cause + ") before " + f.kind() + " took effect"));
            } else if (c instanceof Command.Rate r) {
                r.done().completeExceptionally(new IllegalStateException("connection #" + id + " closed (" + cause + ")"));
            }
        }
    }
}
