package com.tickstock.console.feed;

import com.tickstock.console.feed.ConnectionAction.AdoptSocket;
import com.tickstock.console.feed.ConnectionAction.Announce;
import com.tickstock.console.feed.ConnectionAction.AwaitData;
import com.tickstock.console.feed.ConnectionAction.CancelTimer;
import com.tickstock.console.feed.ConnectionAction.CancelTimers;
import com.tickstock.console.feed.ConnectionAction.CloseSocket;
import com.tickstock.console.feed.ConnectionAction.CountError;
import com.tickstock.console.feed.ConnectionAction.Farewell;
import com.tickstock.console.feed.ConnectionAction.OpenSocket;
import com.tickstock.console.feed.ConnectionAction.SendAuth;
import com.tickstock.console.feed.ConnectionAction.SendPing;
import com.tickstock.console.feed.ConnectionAction.StartTimer;
import com.tickstock.console.feed.ConnectionAction.SubscribeAll;
import com.tickstock.console.feed.ConnectionAction.Timer;
import com.tickstock.console.feed.ConnectionEvent.AuthRefused;
import com.tickstock.console.feed.ConnectionEvent.AuthSucceeded;
import com.tickstock.console.feed.ConnectionEvent.DataArrived;
import com.tickstock.console.feed.ConnectionEvent.DisconnectAnnounced;
import com.tickstock.console.feed.ConnectionEvent.Kicked;
import com.tickstock.console.feed.ConnectionEvent.ServerConnected;
import com.tickstock.console.feed.ConnectionEvent.SocketFailed;
import com.tickstock.console.feed.ConnectionEvent.SocketOpened;
import com.tickstock.console.feed.ConnectionEvent.SubscriptionsAnswered;
import com.tickstock.console.feed.ConnectionEvent.Tick;
import com.tickstock.console.feed.ConnectionEvent.TimerFired;
import com.tickstock.console.supervision.Causes;
import com.tickstock.console.supervision.PartFailure;
import com.tickstock.console.supervision.PartFailures;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection to a Massive feed: the sockets, timers, protocol and metrics around its
 * {@link ConnectionStateMachine}, which decides every state change (reconnect with backoff, keepalive, stale,
 * give-up); this class turns commands, socket callbacks and timers into its events and carries out its actions.
 *
 * <p>Threads, by design:
 * <ul>
 *   <li><b>control thread</b> (one per connection) — owns the machine's state and every field below that is not
 *       marked otherwise; every public command, socket callback and timer is turned into a task on it, so
 *       transitions are serialised without locks.</li>
 *   <li><b>socket thread</b> (each socket's own {@code feed-socket(N)} reader, {@link SocketClientContainer}) —
 *       decodes and counts, with one {@link SocketReader} per socket, hands market data to the
 *       {@link EventHandoff} and status events to the control thread, each tagged with the generation of the
 *       socket it came from; delivers the market data to the listeners itself
 *       while none of them {@link ConnectionListener#mayBlock may block}.</li>
 *   <li><b>connector thread</b> — runs the blocking connect and close calls so neither the control
 *       thread nor a socket thread ever waits on the network.</li>
 *   <li><b>dispatch thread</b> — delivers market data to listeners while one of them may block
 *       ({@link EventHandoff}).</li>
 * </ul>
 * Readers on any thread use {@link #snapshot()}, {@link #state()} and {@link #subscriptions()}.
 */
public final class FeedConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FeedConnection.class.getName());
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int SUBSCRIBE_CHUNK = 500;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** Bound on words from a server or the socket layer (close reasons, exception messages) kept as a cause. */
    private static final int MAX_CAUSE_WORDS = 300;

    private final FeedConnectionConfig config;
    private final FeedTransport transport;
    /**
     * Asked on the connector thread before every socket is opened: a feeder under a lease lets a connection open
     * only while its lease is surely held, so one that resumes from a pause (SIGSTOP) past its lease cannot reconnect
     * before it notices and steps down. Set by any thread (volatile), read by the connector thread.
     */
    private volatile java.util.function.BooleanSupplier connectGate = () -> true;
    private final ScheduledExecutorService control;
    private final ExecutorService connector;
    private final ReceiveCounters counters = new ReceiveCounters();
    private final SequenceTracker sequences = new SequenceTracker();
    /** Ten ticks of lag: rolled by the control thread's own tick only, never by a snapshot or a state change. */
    private final LagWindow lag = new LagWindow(10, TICK.toNanos());
    private final SlidingRate rate = new SlidingRate(TimeUnit.SECONDS.toNanos(5), 64);
    private final SubscriptionTracker subscriptions = new SubscriptionTracker();
    private final EventHandoff handoff;
    /** What every socket of this connection records into; outlives the sockets. */
    private final ReceiveState receiveState;
    private final Set<String> secrets;
    private final ConnectionStateMachine machine;
    /** Masks the API key, whole or cut short, in any words a server or the socket layer hands us. */
    private final ExcerptMaker secretMask;

    // ---- control-thread state ----
    private ConnectionStateMachine.State fsm = ConnectionStateMachine.State.initial(System.nanoTime());
    /** Sockets opened and not yet closed by us nor reported closed, by generation. */
    private final Map<Long, FeedEndpoint> sockets = new HashMap<>();
    /** The live socket once open (adopted), else null; and its generation, else 0. */
    private Session session;
    private long sessionGeneration;
    /** The reader of the newest socket (made with it); null before the first. */
    private SocketReader reader;
    private long statusErrors;
    private String lastStatusError = "";
    private Instant nextRetryAt;
    private Instant connectedSince;
    /** Sockets lost or refused, by kind: written and read on the control thread only (copied into snapshots). */
    private final Map<ConnectionErrorKind, Long> connectionErrors = new EnumMap<>(ConnectionErrorKind.class);
    private final Map<Timer, ScheduledFuture<?>> timers = new EnumMap<>(Timer.class);

    // ---- published for readers ----
    private volatile ConnectionState publishedState = ConnectionState.DISCONNECTED;
    private volatile ConnectionSnapshot snapshot;
    private volatile boolean closed;
    /**
     * Who sees the raw frames and sent messages (a recorder), or null: written by any thread that starts or stops a
     * recording, read once per frame by the socket thread and once per message by the control thread. Without a
     * recording that read is the whole cost.
     */
    private volatile RawFrameTap rawTap;
    /**
     * How many sockets of this console's other connections are open to the feed now, for the words of a
     * connection-limit kick. Written by whoever owns the connections (the manager, once, after making them), read on
     * the control thread when a kick arrives; the supplier itself must be cheap and thread-safe.
     */
    private volatile java.util.function.IntSupplier otherSocketsOpen = () -> -1;
    /** Failures reported before this connection existed belong to others of the same name (tests). */
    private final long failuresBefore = PartFailures.process().sequence();

    public FeedConnection(FeedConnectionConfig config) {
        this(config, FeedTransport.shared(), new SplittableRandom());
    }

    FeedConnection(FeedConnectionConfig config, FeedTransport transport, SplittableRandom random) {
        this.config = config;
        this.transport = transport;
        this.machine = new ConnectionStateMachine(config, random);
        this.control = PartFailures.process().scheduledExecutor(config.id() + "-control", "feed-" + config.id() + "-control");
        this.connector = PartFailures.process().executor(config.id() + "-connector", "feed-" + config.id() + "-connector");
        this.handoff = new EventHandoff(config.id(), config.handoffCapacity());
        this.secrets = config.apiKey().isEmpty() ? Set.of() : Set.of(config.apiKey());
        this.secretMask = new ExcerptMaker(secrets);
        this.receiveState = new ReceiveState(counters, sequences, lag, handoff);
        this.snapshot = buildSnapshot(System.nanoTime());
        startTicking();
    }

    // A tick that throws is reported by the PartFailures executor (it reads the failed future), and shutting the
    // executor down in close() ends the schedule: nothing else needs the returned future.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void startTicking() {
        control.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    // =====================================================================================
    // Commands (any thread)
    // =====================================================================================

    public String id() {
        return config.id();
    }

    public FeedConnectionConfig config() {
        return config;
    }

    /** From the next frame and state change on; see {@link ConnectionListener#mayBlock} for the thread it is called on. */
    public void addListener(ConnectionListener listener) {
        handoff.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        handoff.remove(listener);
    }

    /** Connects unless already connected or connecting. Idempotent: never opens a second socket. */
    public CompletableFuture<Void> connect() {
        return onControl(() -> handle(new ConnectionEvent.Connect()));
    }

    /** Closes the socket (if any), cancels any pending reconnect, and stays disconnected. */
    public CompletableFuture<Void> disconnect() {
        return onControl(() -> handle(new ConnectionEvent.Disconnect()));
    }

    /** Drops the current socket (if any) and connects afresh with the backoff reset. */
    public CompletableFuture<Void> reconnect() {
        return onControl(() -> handle(new ConnectionEvent.Reconnect()));
    }

    /**
     * Adds topics to the desired set. Remembered while disconnected and sent on (re)connect;
     * sent at once when the connection is authenticated. Never changes the connection's state.
     */
    public CompletableFuture<Void> subscribe(Collection<Topic> topics) {
        List<Topic> copy = List.copyOf(topics);
        return onControl(() -> {
            List<Topic> added = subscriptions.add(copy);
            sequences.scopeTo(subscriptions.topics());
            if (isAuthenticated() && !added.isEmpty()) {
                send("subscribe", added);
            }
        });
    }

    /** Removes topics from the desired set (and from the server when connected). */
    public CompletableFuture<Void> unsubscribe(Collection<Topic> topics) {
        List<Topic> copy = List.copyOf(topics);
        return onControl(() -> {
            List<Topic> removed = subscriptions.remove(copy);
            sequences.scopeTo(subscriptions.topics());
            if (isAuthenticated() && !removed.isEmpty()) {
                send("unsubscribe", removed);
            }
        });
    }

    public ConnectionState state() {
        return deadThread().isPresent() ? ConnectionState.FAILED : publishedState;
    }

    /**
     * The newest snapshot; refreshed a few times a second and on every state change. FAILED for good
     * once one of this connection's threads died: its control thread cannot say so any more.
     */
    public ConnectionSnapshot snapshot() {
        ConnectionSnapshot current = snapshot;
        return deadThread().map(f -> current.failed(Cause.INTERNAL_ERROR, f.describe())).orElse(current);
    }

    private java.util.Optional<PartFailure> deadThread() {
        return PartFailures.process().firstSince(failuresBefore, config.id() + "-");
    }

    /** Every desired topic with its standing. */
    public Map<Topic, TopicStatus> subscriptions() {
        return subscriptions.statuses();
    }

    /** Per-symbol count of sequence gaps seen in trades and quotes. */
    public Map<String, Long> sequenceGapsBySymbol() {
        return sequences.gapsBySymbol();
    }

    /**
     * Starts (or with null stops) showing every received text frame and every sent message to {@code tap}; takes
     * effect from the next frame. See {@link RawFrameTap} for the threads it is called on.
     */
    public void setRawFrameTap(RawFrameTap tap) {
        rawTap = tap;
    }

    /**
     * Tells this connection how to count the sockets its sibling connections hold open, so that a connection-limit
     * kick can say how many of ours were open ({@code -1} from the supplier: not known).
     */
    public void setOtherSocketsOpen(java.util.function.IntSupplier others) {
        otherSocketsOpen = java.util.Objects.requireNonNull(others, "others");
    }

    /** Market-data events handed to every listener so far. */
    public long deliveredEvents() {
        return handoff.delivered();
    }

    /** Disconnects, lets the consumers take what is queued, and stops this connection's threads for good. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            disconnect().get(CLOSE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "disconnect on close of " + config.id() + " did not finish cleanly", e);
        }
        closed = true;
        for (Runnable never : control.shutdownNow()) {
            if (never instanceof CommandTask command) {
                command.abandon(); // its caller must not wait for a command that will never run
            }
        }
        connector.shutdown();
        try {
            connector.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            control.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connector.shutdownNow();
        handoff.close();
        snapshot = buildSnapshot(System.nanoTime());
    }

    private CompletableFuture<Void> onControl(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("connection " + config.id() + " is closed"));
            return done;
        }
        try {
            control.execute(new CommandTask(task, done));
        } catch (RejectedExecutionException e) {
            // Closed between the check and here: the caller hears so instead of waiting for ever.
            done.completeExceptionally(new IllegalStateException("connection " + config.id() + " is closed", e));
        }
        return done;
    }

    /** An operator's or manager's command on the control thread, whose caller waits on {@link #done}. */
    private final class CommandTask implements Runnable {
        private final Runnable task;
        private final CompletableFuture<Void> done;

        CommandTask(Runnable task, CompletableFuture<Void> done) {
            this.task = task;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "internal error on " + config.id(), e);
                done.completeExceptionally(e);
            }
        }

        void abandon() {
            done.completeExceptionally(new IllegalStateException("connection " + config.id() + " closed before "
                    + "the command ran"));
        }
    }

    /** Hands a task from a socket or connector thread to the control thread; after close there is none. */
    private void post(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, config.id() + " is closed; dropped a late socket callback");
        }
    }

    // =====================================================================================
    // The machine and its actions (control thread)
    // =====================================================================================

    private void handle(ConnectionEvent event) {
        ConnectionStateMachine.Step step = machine.apply(fsm, event, System.nanoTime());
        fsm = step.state();
        for (ConnectionAction action : step.actions()) {
            execute(action);
        }
    }

    private void execute(ConnectionAction action) {
        if (action instanceof Announce a) {
            announce(a);
        } else if (action instanceof OpenSocket a) {
            openSocket(a.generation());
        } else if (action instanceof CloseSocket a) {
            closeSocket(a.generation(), a.farewell());
        } else if (action instanceof AdoptSocket a) {
            FeedEndpoint endpoint = sockets.get(a.generation());
            session = endpoint == null ? null : endpoint.session;
            sessionGeneration = a.generation();
            connectedSince = Instant.now();
        } else if (action instanceof SendAuth) {
            send(ClientMessages.auth(config.apiKey()), ClientMessages.auth(RawFrameTap.REDACTED));
        } else if (action instanceof SubscribeAll) {
            subscriptions.markAllPending();
            send("subscribe", new ArrayList<>(subscriptions.topics()));
        } else if (action instanceof AwaitData) {
            reader.awaitData();
        } else if (action instanceof SendPing) {
            ping(session);
        } else if (action instanceof StartTimer a) {
            cancel(timers.remove(a.timer()));
            timers.put(a.timer(), control.schedule(() -> handle(new TimerFired(a.timer(), a.generation())),
                    a.delay().toMillis(), TimeUnit.MILLISECONDS));
        } else if (action instanceof CancelTimer a) {
            cancel(timers.remove(a.timer()));
        } else if (action instanceof CountError a) {
            connectionErrors.merge(a.kind(), 1L, Long::sum);
        } else if (action instanceof CancelTimers) {
            timers.values().forEach(FeedConnection::cancel);
            timers.clear();
        } else {
            throw new IllegalStateException("unknown action " + action);
        }
    }

    private void announce(Announce a) {
        StateChange change = new StateChange(config.id(), a.previous(), a.state(), a.cause(), a.detail(), a.attempt(),
                a.nextDelay(), Instant.now());
        nextRetryAt = a.nextDelay() == null ? null : change.at().plus(a.nextDelay());
        LOG.log(a.state() == ConnectionState.FAILED ? Level.WARNING : Level.INFO, config.id() + " " + change.describe());
        // Snapshot before state: whoever sees the new state() also sees a snapshot that agrees with it.
        snapshot = buildSnapshot(System.nanoTime());
        publishedState = a.state();
        for (ConnectionListener listener : handoff.listeners()) {
            try {
                listener.onStateChange(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "state listener of " + config.id() + " threw", e);
            }
        }
    }

    /** From now on a socket opens only when {@code gate} says so (see {@link #connectGate}). */
    public void gateConnects(java.util.function.BooleanSupplier gate) {
        this.connectGate = java.util.Objects.requireNonNull(gate, "gate");
    }

    private void openSocket(long gen) {
        FeedEndpoint endpoint = new FeedEndpoint(gen);
        sockets.put(gen, endpoint);
        reader = endpoint.reader;
        connector.execute(() -> {
            if (!connectGate.getAsBoolean()) {
                post(() -> {
                    sockets.remove(gen);
                    handle(new SocketFailed(gen, Cause.CONNECT_FAILED,
                            "not connecting: this feeder does not hold its group's lease"));
                });
                return;
            }
            try {
                transport.connect(endpoint, config.url(), config.connectTimeout());
            } catch (Exception e) {
                String message = masked(describe(e));
                post(() -> {
                    sockets.remove(gen);
                    handle(new SocketFailed(gen, Cause.CONNECT_FAILED, message));
                });
            }
        });
    }

    private void closeSocket(long gen, Farewell farewell) {
        if (gen == sessionGeneration) {
            session = null;
            sessionGeneration = 0;
            connectedSince = null;
        }
        FeedEndpoint endpoint = sockets.remove(gen);
        if (endpoint != null) {
            endpoint.close(farewell);
        }
    }

    private void closeQuietly(Session toClose, Farewell farewell) {
        try {
            connector.execute(() -> {
                try {
                    if (toClose.isOpen()) {
                        toClose.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(farewell.code), farewell.phrase));
                    }
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "closing a socket of " + config.id() + " failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, config.id() + " is closed; a socket that opened late is left to the transport");
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // =====================================================================================
    // Protocol (control thread)
    // =====================================================================================

    /** Socket thread: a status from the socket of generation {@code gen}. */
    private void statusReceived(long gen, StatusMessage status) {
        StatusMessage redacted = redact(status);
        post(() -> onStatus(gen, redacted));
    }

    /**
     * A server may quote the key it was given ("key ... not entitled"): the words of a status go to the log, the
     * snapshot and the window, so the key is masked in them before anything else sees them.
     */
    private StatusMessage redact(StatusMessage status) {
        String key = config.apiKey();
        if (key.isEmpty() || !(status.message().contains(key) || status.status().contains(key))) {
            return status;
        }
        return new StatusMessage(status.status().replace(key, "****"), status.message().replace(key, "****"));
    }

    private void onStatus(long gen, StatusMessage status) {
        if (gen != fsm.liveGeneration()) {
            return;
        }
        String message = status.message();
        switch (status.status()) {
            case "connected":
                handle(new ServerConnected(gen));
                break;
            case "auth_success":
                handle(new AuthSucceeded(gen, subscriptions.topics().size()));
                break;
            case "auth_failed":
                handle(new AuthRefused(gen, message));
                break;
            case "auth_timeout":
                handle(new DisconnectAnnounced(gen, Cause.AUTH_TIMEOUT, message));
                break;
            case "success":
                subscriptions.applyAck(message);
                subscriptionAnswered(gen);
                break;
            case "error":
                statusErrors++;
                lastStatusError = message;
                subscriptions.applyError(message);
                LOG.log(Level.WARNING, config.id() + " server error: " + message);
                subscriptionAnswered(gen);
                break;
            case "max_connections":
                int others = otherSocketsOpen.getAsInt();
                int ours = others < 0 ? 0 : others + 1; // this socket was open until the kick
                LOG.log(Level.WARNING, config.id() + " kicked by the connection limit: " + message
                        + (ours == 0 ? "" : " (" + ours + " of ours open)"));
                handle(new Kicked(gen, message, ours));
                break;
            case "slow_consumer":
                handle(new DisconnectAnnounced(gen, Cause.SLOW_CONSUMER, message));
                break;
            case "force_disconnect":
                handle(new DisconnectAnnounced(gen, Cause.SERVER_DISCONNECT, message));
                break;
            default:
                // Unknown statuses are informational: they never overwrite the state (seed defect 1).
                LOG.log(Level.INFO, config.id() + " status '" + status.status() + "': " + message);
        }
    }

    private void subscriptionAnswered(long gen) {
        if (subscriptions.count(TopicState.PENDING) == 0) {
            handle(new SubscriptionsAnswered(gen));
        }
    }

    private boolean isAuthenticated() {
        ConnectionState state = fsm.phase();
        return session != null && (state == ConnectionState.SUBSCRIBING || state == ConnectionState.STREAMING
                || state == ConnectionState.STALE);
    }

    private void send(String action, List<Topic> topics) {
        boolean subscribe = "subscribe".equals(action);
        for (int from = 0; from < topics.size(); from += SUBSCRIBE_CHUNK) {
            List<Topic> chunk = topics.subList(from, Math.min(topics.size(), from + SUBSCRIBE_CHUNK));
            if (subscribe) {
                subscriptions.sent(chunk);
            }
            String message = subscribe ? ClientMessages.subscribe(chunk) : ClientMessages.unsubscribe(chunk);
            send(message, message);
        }
    }

    /** Sends {@code text}; a raw-frame tap sees {@code shown} instead (the auth message without its key). */
    private void send(String text, String shown) {
        Session target = session;
        if (target == null) {
            return;
        }
        long gen = fsm.liveGeneration();
        jakarta.websocket.RemoteEndpoint.Async remote;
        try {
            remote = target.getAsyncRemote();
        } catch (IllegalStateException e) {
            // The server closed the socket before its close callback reached us; that callback drives the reconnect.
            LOG.log(Level.DEBUG, config.id() + " not sent, the socket is closing: " + e.getMessage());
            return;
        }
        RawFrameTap tap = rawTap;
        if (tap != null) {
            tap.messageSent(config.id(), gen, System.nanoTime(), shown);
        }
        remote.sendText(text, result -> {
            if (!result.isOK()) {
                // A send fails only when the socket is going; the close callback drives the reconnect.
                String why = describe(result.getException());
                post(() -> {
                    if (gen == fsm.liveGeneration()) {
                        LOG.log(Level.WARNING, config.id() + " send failed: " + why);
                    }
                });
            }
        });
    }

    // =====================================================================================
    // Periodic work (control thread): the machine's tick (keepalive, stale), the lag window, the snapshot
    // =====================================================================================

    private void tick() {
        long now = System.nanoTime();
        SocketReader live = reader;
        handle(new Tick(live == null ? 0 : live.lastInboundNanos(), live == null ? 0 : live.lastDataNanos(),
                !subscriptions.isEmpty()));
        lag.roll(now);
        snapshot = buildSnapshot(now);
    }

    private void ping(Session target) {
        if (target == null) {
            return;
        }
        try {
            target.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (Exception e) {
            LOG.log(Level.DEBUG, config.id() + " ping failed", e);
        }
    }

    /** On the control thread: the lag window and the state machine are its own. */
    private ConnectionSnapshot buildSnapshot(long now) {
        ConnectionStateMachine.State s = fsm;
        double perSecond = rate.sample(now, counters.marketDataEvents());
        return new ConnectionSnapshot(config.id(), config.name(), config.url().toString(), s.phase(), s.cause(),
                s.detail(), s.attempt(), nextRetryAt, connectedSince, counters.lastFrameMillis(), counters.frames(),
                counters.chars(), counters.eventsByType(), counters.unknownEvents(), counters.decodeErrors(),
                counters.lastDecodeError(), statusErrors, lastStatusError, s.reconnects(), s.consecutiveKicks(),
                perSecond, lag.percentile(50), lag.percentile(99), lag.count(), lag.sumMillis(), sequences.gaps(), sequences.missing(),
                sequences.outOfOrder(), handoff.dropped(), handoff.consumerErrors(), handoff.depth(),
                subscriptions.count(TopicState.PENDING), subscriptions.count(TopicState.CONFIRMED),
                subscriptions.count(TopicState.REJECTED), Instant.now(), connectionErrors, staleReconnectAt(s, now));
    }

    /** The machine's planned stale reconnect (a nanoTime) as wall time, or null when none is planned. */
    private static Instant staleReconnectAt(ConnectionStateMachine.State s, long nowNanos) {
        return s.staleReconnectPlanned() ? Instant.now().plusNanos(s.staleReconnectDueNanos() - nowNanos) : null;
    }

    /** The words with the API key masked, whole or cut short by the sender, and bounded in length. */
    private String masked(String words) {
        return secretMask.head(words, MAX_CAUSE_WORDS);
    }

    private static String describe(Throwable e) {
        Throwable root = Causes.root(e);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    // =====================================================================================
    // Tyrus endpoint: socket-thread callbacks, each tagged with the generation it belongs to
    // =====================================================================================

    private final class FeedEndpoint extends jakarta.websocket.Endpoint {
        private final long gen;
        /** This socket's own reader: frames of an old socket never touch the decoder or scratch state of a new one. */
        private final SocketReader reader;
        /** Tyrus may report one over-size message twice (error, then close), on either of its threads. */
        private final java.util.concurrent.atomic.AtomicBoolean overLimitReported =
                new java.util.concurrent.atomic.AtomicBoolean();
        /** Written by the socket thread when the socket opens; read by the control thread. */
        private volatile Session session;
        /** Written by the control thread when it lets this socket go, perhaps before it has opened. */
        private volatile Farewell closeRequested;

        /** Made on the control thread, so the generation is the one this socket was opened for. */
        FeedEndpoint(long gen) {
            this.gen = gen;
            this.reader = new SocketReader(config.id(), gen, new FrameDecoder(secrets), receiveState,
                    FeedConnection.this::statusReceived, generation -> post(() -> handle(new DataArrived(generation))),
                    secretMask);
        }

        /** Control thread. Session and request are each written before the other is read: one side closes. */
        void close(Farewell farewell) {
            closeRequested = farewell;
            Session opened = session;
            if (opened != null) {
                closeQuietly(opened, farewell);
            }
        }

        @Override
        public void onOpen(Session opened, jakarta.websocket.EndpointConfig endpointConfig) {
            // Applies to a message sent in fragments, which Tyrus assembles; a single frame is bounded by the transport.
            opened.setMaxTextMessageBufferSize(transport.maxFrameBytes());
            // Tyrus treats the default idle timeout of 0 as "schedule a no-op check now" on every frame received,
            // a wake-up of its timer thread per frame; a negative value schedules nothing. Silent peers are found
            // by our own keepalive.
            opened.setMaxIdleTimeout(FeedTransport.NO_IDLE_TIMEOUT);
            opened.addMessageHandler(String.class, frame -> {
                RawFrameTap tap = rawTap;
                if (tap != null) {
                    tap.frameReceived(config.id(), gen, System.nanoTime(), frame);
                }
                reader.onFrame(frame);
            });
            // Without a handler Tyrus fails the session on a binary frame; with a partial one it hands over each
            // fragment as it comes, so nothing of a (possibly huge) binary message is held.
            opened.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (fragment, last) ->
                    reader.onBinaryFragment(fragment.remaining(), last));
            opened.addMessageHandler(jakarta.websocket.PongMessage.class, pong -> reader.onPong());
            session = opened;
            Farewell farewell = closeRequested;
            if (farewell != null) {
                closeQuietly(opened, farewell); // let go of before it opened
                return;
            }
            post(() -> handle(new SocketOpened(gen)));
        }

        @Override
        public void onClose(Session closedSession, CloseReason reason) {
            post(() -> sockets.remove(gen, this));
            int code = reason.getCloseCode().getCode();
            String phrase = reason.getReasonPhrase() == null ? "" : reason.getReasonPhrase();
            if (FeedTransport.isOverLimitClose(code, phrase)) {
                frameOverLimit();
                return;
            }
            Cause why = code == CloseReason.CloseCodes.NORMAL_CLOSURE.getCode() ? Cause.SERVER_CLOSED : Cause.DROPPED;
            // Masked on its own: a reason cut at the 123-byte limit may end in the first part of the key.
            String words = "close code " + code + (phrase.isEmpty() ? "" : " (" + masked(phrase) + ")");
            post(() -> handle(new SocketFailed(gen, why, words)));
        }

        @Override
        public void onError(Session failedSession, Throwable error) {
            if (isMessageTooBig(error)) {
                frameOverLimit(); // Tyrus closes the session itself as well (1009)
                return;
            }
            String words = masked(describe(error));
            post(() -> handle(new SocketFailed(gen, Cause.DROPPED, words)));
        }

        /**
         * Tyrus cannot skip a frame larger than its buffer, nor a message whose fragments add up to more than the
         * limit: it closes the session itself. Counted as one decode error, and the connection comes back at once.
         */
        private void frameOverLimit() {
            if (!overLimitReported.compareAndSet(false, true)) {
                return;
            }
            String words = "a frame over the " + transport.maxFrameBytes() + "-byte limit; the socket was closed";
            counters.decodeError(DecodeError.wholeFrame(words));
            post(() -> handle(new SocketFailed(gen, Cause.FRAME_TOO_LARGE, words)));
        }
    }

    /** Tyrus' exception for a message over the session's limit (its class is not exported). */
    private static boolean isMessageTooBig(Throwable error) {
        return error != null && "MessageTooBigException".equals(error.getClass().getSimpleName());
    }
}
