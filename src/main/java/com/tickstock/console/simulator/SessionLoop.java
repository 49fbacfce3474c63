package com.tickstock.console.simulator;

import com.tickstock.console.simulator.Command.Fault;
import com.tickstock.console.simulator.SimConnection.DisconnectCause;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static com.tickstock.console.simulator.StatusTexts.*;

/**
 * The session state machine and sender of one connection, run on the connection's own thread.
 * It alone owns the session state (authenticated, subscriptions, stalled), the market replica
 * and the socket's outgoing side, so no lock guards them; other threads talk to it through the
 * connection's inbox. Sends block until the frame is written, which is the natural backpressure.
 */
final class SessionLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(SessionLoop.class.getName());
    private static final long WRITE_POLL_MS = 50;
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long UNLIMITED_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long a paced connection lets due events wait for a fuller frame (see RateLimiter). */
    private static final long FRAME_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final SimConnection conn;
    private final Session session;
    private final TransportControl transport;
    /** {@link SimulatorConfig#pingTimeout()} in nanoseconds, 0 = off; pings go out every third of it. */
    private final long pingTimeoutNanos;
    private long lastPingNanos;
    private final ServerContext server;
    private final SimulatorConfig config;
    private final FrameBuilder frame = new FrameBuilder();
    private final Subscriptions subs = new Subscriptions();
    private final MarketReplica market;
    private final SessionActivity activity;
    private final ScheduledFaults scheduledFaults;
    private RateLimiter rate;
    /** Client frames that arrived during a stall, answered on resume. */
    private final ArrayDeque<String> heldBack = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> completeOnFinish = new ArrayList<>();

    private final long authDeadline;
    private boolean authenticated;
    private boolean stalled;
    private boolean silenced;
    private DisconnectCause ended;

    SessionLoop(SimConnection conn, Session session, TransportControl transport, ServerContext server) {
        this.conn = conn;
        this.session = session;
        this.transport = transport;
        this.server = server;
        this.config = server.config();
        this.market = new MarketReplica(server.universe(), config.seed(), server.sequences(), conn.counters(), server.totals(),
                config.pacedBars());
        this.activity = new SessionActivity(config.sessions());
        this.scheduledFaults = new ScheduledFaults(config.faultPlan(), server.injectedFaults());
        long now = System.nanoTime();
        this.rate = new RateLimiter(config.eventsPerSecond(), config.eventsPerFrame(), now);
        this.authDeadline = now + config.authTimeout().toNanos();
        this.pingTimeoutNanos = transport.attached() ? config.pingTimeout().toNanos() : 0;
        this.lastPingNanos = now;
    }

    @Override
    public void run() {
        try {
            if (writeStatus(CONNECTED, CONNECTED_MESSAGE)) {
                loop();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "session loop of connection #" + conn.id() + " failed", e);
            end(DisconnectCause.ERROR);
            closeQuietly(CLOSE_GOING_AWAY, "server error");
        } finally {
            conn.finish(ended == null ? DisconnectCause.ERROR : ended);
            completeOnFinish.forEach(f -> f.complete(null));
        }
    }

    private void loop() {
        while (ended == null) {
            if (unresponsive()) {
                return;
            }
            Command c = conn.inbox().poll();
            if (c != null) {
                handle(c);
                continue;
            }
            if (!authenticated && !stalled && System.nanoTime() - authDeadline >= 0) {
                writeStatus(AUTH_TIMEOUT, AUTH_TIMEOUT_MESSAGE);
                closeWith(DisconnectCause.AUTH_TIMEOUT, CLOSE_POLICY_VIOLATION, "auth_timeout");
                return;
            }
            if (streaming() && sendDataFrame()) {
                for (Fault due : scheduledFaults.due(conn.counters().dataEvents())) {
                    applyFault(due);
                }
                continue;
            }
            idle();
        }
    }

    private boolean streaming() {
        return authenticated && !stalled && (market.isActive() || market.nextBarDue() != Long.MAX_VALUE);
    }

    /** Waits for a command, at most until the next token, bar or auth deadline is due. */
    private void idle() {
        long now = System.nanoTime();
        long wait = MAX_IDLE_WAIT_NANOS;
        if (pingTimeoutNanos > 0) {
            wait = Math.min(wait, pingTimeoutNanos / 3);
        }
        if (!authenticated && !stalled) {
            wait = Math.min(wait, Math.max(0, authDeadline - now));
        }
        if (streaming()) {
            if (market.isActive()) {
                wait = Math.min(wait, rate.unlimited() ? UNLIMITED_IDLE_NANOS : rate.nanosUntilFrame(now, FRAME_LINGER_NANOS));
            }
            long due = market.nextBarDue();
            if (due != Long.MAX_VALUE) {
                // Bar windows are in market time, which may run faster than the wall clock the wait is in.
                long ms = (long) ((due - config.marketClock().millis()) / config.marketClock().speed());
                wait = Math.min(wait, Math.max(0, TimeUnit.MILLISECONDS.toNanos(ms) + 100_000));
            }
        }
        try {
            Command c = conn.inbox().poll(Math.max(wait, 1), TimeUnit.NANOSECONDS);
            if (c != null) {
                handle(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(DisconnectCause.SERVER_SHUTDOWN);
        }
    }

    // ---- data --------------------------------------------------------------------------

    /** Builds and writes one frame of due bars and generated events; false when nothing was ready. */
    private boolean sendDataFrame() {
        long now = market.clock(config.marketClock().millis());
        int capacity = config.eventsPerFrame();
        frame.begin();
        fillWithData(now, capacity);
        if (frame.size() == 0) {
            frame.finish();
            return false;
        }
        return writeFrame();
    }

    private void fillWithData(long now, int capacity) {
        market.flushDueBars(now, frame, capacity);
        if (market.barsDue(now) || !market.isActive()) {
            return;
        }
        long nowNanos = System.nanoTime();
        if (rate.nanosUntilFrame(nowNanos, FRAME_LINGER_NANOS) > 0) {
            return; // not a frame's worth yet: let events accumulate (see RateLimiter)
        }
        int room = capacity - frame.size();
        int granted = rate.acquire(room, nowNanos);
        // The market trades only its session's share of what the rate allows; the rest is quiet, not owed.
        int traded = activity.steps(granted, now);
        int steps = 0;
        while (steps < traded && frame.size() < capacity) {
            market.step(now, frame);
            steps++;
        }
        rate.refund(traded - steps);
    }

    // ---- commands ----------------------------------------------------------------------

    private void handle(Command c) {
        if (c instanceof Command.ClientText t) {
            if (stalled) {
                heldBack.addLast(t.text());
            } else {
                onClientText(t.text());
            }
        } else if (c instanceof Fault f) {
            applyFault(f);
        } else if (c instanceof Command.Rate r) {
            rate = new RateLimiter(r.eventsPerSecond(), config.eventsPerFrame(), System.nanoTime());
            r.done().complete(null);
        } else if (c instanceof Command.Kick) {
            writeStatus(MAX_CONNECTIONS, MAX_CONNECTIONS_MESSAGE);
            closeWith(DisconnectCause.MAX_CONNECTIONS, CLOSE_POLICY_VIOLATION, "max_connections");
        } else if (c instanceof Command.PeerClosed) {
            end(DisconnectCause.CLIENT_CLOSED);
        } else if (c instanceof Command.Shutdown) {
            closeWith(DisconnectCause.SERVER_SHUTDOWN, CLOSE_GOING_AWAY, "server shutting down");
        }
    }

    private void onClientText(String text) {
        ClientAction action = ClientAction.parse(text);
        if (action == null) {
            writeStatus(ERROR, INVALID_MESSAGE);
            return;
        }
        switch (action.action()) {
            case ClientAction.AUTH -> onAuth(action.params());
            case ClientAction.SUBSCRIBE, ClientAction.UNSUBSCRIBE -> {
                if (!authenticated) {
                    writeStatus(ERROR, NOT_AUTHENTICATED_MESSAGE);
                } else {
                    onSubscription(ClientAction.SUBSCRIBE.equals(action.action()), action.params());
                }
            }
            default -> writeStatus(ERROR, authenticated ? UNKNOWN_ACTION_PREFIX + action.action() : NOT_AUTHENTICATED_MESSAGE);
        }
    }

    private void onAuth(String key) {
        if (!config.accepts(key)) {
            writeStatus(AUTH_FAILED, AUTH_FAILED_MESSAGE);
            closeWith(DisconnectCause.AUTH_FAILED, CLOSE_POLICY_VIOLATION, "auth_failed");
            return;
        }
        boolean first = !authenticated;
        authenticated = true;
        conn.authenticated(key);
        if (!writeStatus(AUTH_SUCCESS, AUTH_SUCCESS_MESSAGE) || !first) {
            return;
        }
        // The live service kicks only after auth_success (and whatever the client already sent
        // is answered first): the kick queues behind the frames already in the inbox.
        SimConnection victim = server.registry().admit(conn, key);
        if (victim != null) {
            // Said where an operator (and a test from outside) can count it: every kick is a max_connections.
            LOG.log(System.Logger.Level.INFO, "max_connections: connection #" + victim.id()
                    + " kicked, the key is over its limit");
            victim.enqueue(new Command.Kick());
        }
    }

    private void onSubscription(boolean subscribe, String params) {
        List<String[]> replies = new ArrayList<>();
        for (String item : Subscriptions.items(params)) {
            switch (server.policy().judge(item)) {
                case IGNORE -> {
                    // Unknown prefixes get no answer at all, like on the live service.
                }
                case NOT_AUTHORIZED -> replies.add(subscribe
                        ? new String[] {ERROR, NOT_AUTHORIZED_MESSAGE}
                        : new String[] {SUCCESS, unsubscribed(item)});
                case SERVE -> {
                    if (subscribe) {
                        subs.add(item);
                    } else {
                        subs.remove(item);
                    }
                    replies.add(new String[] {SUCCESS, subscribe ? subscribed(item) : unsubscribed(item)});
                }
            }
        }
        // Observers see the new set before the acks go out; data can only follow the acks
        // because this thread writes both.
        market.applyInterest(subs, server.policy());
        conn.publishSubscriptions(subs.snapshot());
        for (String[] reply : replies) {
            if (!writeStatus(reply[0], reply[1])) {
                return;
            }
        }
    }

    // ---- faults ------------------------------------------------------------------------

    private void applyFault(Fault f) {
        try {
            boolean ok = switch (f.kind()) {
                case DROP_FIN -> {
                    transport.requireAttached();
                    end(DisconnectCause.DROPPED);
                    transport.dropWithFin();
                    yield true;
                }
                case DROP_RST -> {
                    transport.requireAttached();
                    end(DisconnectCause.RESET);
                    transport.dropWithReset();
                    yield true;
                }
                case CLOSE_CLEAN -> closeWith(DisconnectCause.CLEAN_CLOSE, f.code(), f.text());
                case MALFORMED_FRAME -> writeRaw(f.text(), true);
                case RAW_FRAME -> writeRaw(f.text(), false);
                case BINARY_FRAME -> writeBinary(f.code());
                case FRAGMENTED_FRAME -> writeFragments(f.text(), f.code());
                case UNKNOWN_EVENT -> {
                    long now = market.clock(config.marketClock().millis());
                    frame.begin();
                    frame.unknownEvent(f.text(), "AAPL", now);
                    yield writeSharedFrame(now);
                }
                case STATUS_ERROR -> {
                    long now = market.clock(config.marketClock().millis());
                    frame.begin();
                    frame.status(ERROR, f.text());
                    yield writeSharedFrame(now);
                }
                case STALL -> {
                    setStalled(true);
                    yield true;
                }
                case SILENCE -> {
                    transport.pauseReads();
                    silenced = true;
                    setStalled(true);
                    yield true;
                }
                case RESUME -> {
                    resume();
                    yield true;
                }
                case SLOW_CONSUMER -> {
                    writeStatus(SLOW_CONSUMER, SLOW_CONSUMER_MESSAGE);
                    yield closeWith(DisconnectCause.SLOW_CONSUMER, CLOSE_POLICY_VIOLATION, "slow_consumer");
                }
                case FORCE_DISCONNECT -> {
                    writeStatus(FORCE_DISCONNECT, FORCE_DISCONNECT_MESSAGE);
                    yield closeWith(DisconnectCause.FORCE_DISCONNECT, CLOSE_POLICY_VIOLATION, "force_disconnect");
                }
            };
            if (ok && ended != null) {
                // The fault ended the session: complete once the connection reads as closed.
                completeOnFinish.add(f.done());
            } else if (ok) {
                f.done().complete(null);
            } else {
                f.done().completeExceptionally(new IllegalStateException(
                        "connection #" + conn.id() + " could not carry out " + f.kind() + " (" + ended + ")"));
            }
        } catch (RuntimeException e) {
            f.done().completeExceptionally(e);
        }
    }

    /** An injected event first, then data when the connection is streaming: status and data share frames. */
    private boolean writeSharedFrame(long now) {
        if (streaming()) {
            fillWithData(now, config.eventsPerFrame() + 1);
        }
        return writeFrame();
    }

    private void setStalled(boolean value) {
        stalled = value;
        conn.publishStalled(value);
    }

    private void resume() {
        if (silenced) {
            silenced = false;
            transport.resumeReads();
        }
        setStalled(false);
        while (!heldBack.isEmpty() && ended == null) {
            onClientText(heldBack.pollFirst());
        }
    }

    // ---- writing -----------------------------------------------------------------------

    private boolean writeStatus(String status, String message) {
        if (ended != null) {
            return false;
        }
        frame.begin();
        frame.status(status, message);
        return writeFrame();
    }

    private boolean writeFrame() {
        String text = frame.finish();
        if (!send(text)) {
            return false;
        }
        frame.commit(text.length(), conn.counters(), server.totals());
        return true;
    }

    private boolean writeRaw(String text, boolean malformed) {
        if (ended != null || !send(text)) {
            return false;
        }
        conn.counters().addFrame(text.length());
        server.totals().addFrame(text.length());
        if (malformed) {
            conn.counters().addMalformedFrame();
            server.totals().addMalformedFrame();
        }
        return true;
    }

    private boolean writeFragments(String text, int fragments) {
        if (ended != null) {
            return false;
        }
        try {
            // This thread is the session's only writer and waits for every write, so a blocking send is safe.
            int step = text.length() / fragments;
            for (int i = 0; i < fragments; i++) {
                boolean last = i == fragments - 1;
                session.getBasicRemote().sendText(text.substring(i * step, last ? text.length() : (i + 1) * step), last);
            }
            conn.counters().addFrame(text.length());
            server.totals().addFrame(text.length());
            return true;
        } catch (IOException | RuntimeException e) {
            end(conn.peerClosed() ? DisconnectCause.CLIENT_CLOSED : DisconnectCause.ERROR);
            return false;
        }
    }

    private boolean writeBinary(int bytes) {
        if (ended != null) {
            return false;
        }
        try {
            // This thread is the session's only writer and waits for every write, so a blocking send is safe.
            session.getBasicRemote().sendBinary(java.nio.ByteBuffer.allocate(bytes));
            return true;
        } catch (IOException | RuntimeException e) {
            end(conn.peerClosed() ? DisconnectCause.CLIENT_CLOSED : DisconnectCause.ERROR);
            return false;
        }
    }

    /** Writes one text frame and waits until it is on the wire; false when the connection is gone. */
    private boolean send(String text) {
        if (ended != null) {
            return false;
        }
        Future<Void> write;
        try {
            write = session.getAsyncRemote().sendText(text);
        } catch (RuntimeException e) {
            end(conn.peerClosed() ? DisconnectCause.CLIENT_CLOSED : DisconnectCause.ERROR);
            return false;
        }
        long started = System.nanoTime();
        long slowAfter = config.slowConsumerTimeout().toNanos();
        while (true) {
            try {
                write.get(WRITE_POLL_MS, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (conn.peerClosed() || server.closing()) {
                    end(conn.peerClosed() ? DisconnectCause.CLIENT_CLOSED : DisconnectCause.SERVER_SHUTDOWN);
                    return false;
                }
                if (unresponsive()) {
                    return false;
                }
                if (slowAfter > 0 && System.nanoTime() - started > slowAfter) {
                    giveUpOnSlowConsumer();
                    return false;
                }
            } catch (ExecutionException e) {
                end(conn.peerClosed() ? DisconnectCause.CLIENT_CLOSED : DisconnectCause.ERROR);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end(DisconnectCause.SERVER_SHUTDOWN);
                return false;
            }
        }
    }

    /**
     * With a ping timeout: pings the client every third of it, and drops it as a slow consumer once nothing at all
     * (not even a pong) came from it for the whole timeout — a paused process cannot answer, and the real server
     * drops such clients, which frees the account's connection slot for the feeder that takes over.
     */
    private boolean unresponsive() {
        if (pingTimeoutNanos == 0 || ended != null) {
            return false;
        }
        long now = System.nanoTime();
        if (now - transport.lastReadNanos() > pingTimeoutNanos) {
            LOG.log(System.Logger.Level.INFO, "connection #" + conn.id() + " sent nothing for "
                    + config.pingTimeout().toMillis() + " ms, not even a pong");
            giveUpOnSlowConsumer();
            return true;
        }
        if (now - lastPingNanos >= pingTimeoutNanos / 3) {
            lastPingNanos = now;
            try {
                session.getAsyncRemote().sendPing(ByteBuffer.wrap(new byte[] {'s', 'i', 'm'}));
            } catch (IOException | RuntimeException e) {
                // the socket is going; the read deadline above decides
                LOG.log(System.Logger.Level.DEBUG, "ping to connection #" + conn.id() + " failed", e);
            }
        }
        return false;
    }

    /**
     * The client stopped reading long enough: queue the status behind the data it has not read
     * (it sees it if it ever catches up), close, and cut the socket if it does not go away.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // best effort: the socket is cut next whether or not the status got out
    private void giveUpOnSlowConsumer() {
        LOG.log(System.Logger.Level.INFO, "connection #" + conn.id() + " is a slow consumer, disconnecting");
        end(DisconnectCause.SLOW_CONSUMER);
        try {
            frame.begin();
            frame.status(SLOW_CONSUMER, SLOW_CONSUMER_MESSAGE);
            session.getAsyncRemote().sendText(frame.finish());
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(CLOSE_POLICY_VIOLATION), "slow_consumer"));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing slow consumer #" + conn.id(), e);
        }
        if (transport.attached()) {
            transport.dropWithReset();
        }
    }

    private boolean closeWith(DisconnectCause why, int code, String reason) {
        if (ended != null) {
            return false;
        }
        end(why);
        return closeQuietly(code, reason);
    }

    private boolean closeQuietly(int code, String reason) {
        if (silenced) {
            silenced = false;
            transport.resumeReads(); // the close handshake needs the client's reply read
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason == null ? "" : reason));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing connection #" + conn.id(), e);
            return false;
        }
    }

    /** Decides how the session ends; published at once so observers never see a close without a cause. */
    private void end(DisconnectCause why) {
        if (ended == null) {
            ended = why;
            conn.ending(why);
        }
    }
}
