package com.tickstock.console.feed;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection to a Massive feed: its state machine, reconnect with backoff, keepalive,
 * subscriptions and metrics.
 *
 * <p>Threads, by design:
 * <ul>
 *   <li><b>control thread</b> (one per connection) — owns every piece of state-machine state below
 *       that is not marked otherwise; every public command and every socket callback is turned
 *       into a task on it, so transitions are serialised without locks.</li>
 *   <li><b>socket thread</b> (Tyrus/Grizzly) — only decodes and counts, with one {@link SocketReader} per
 *       socket, hands market data to the {@link EventHandoff} and status events to the control thread, each
 *       tagged with the generation of the socket it came from.</li>
 *   <li><b>connector thread</b> — runs the blocking connect and close calls so neither the control
 *       thread nor a socket thread ever waits on the network.</li>
 *   <li><b>dispatch thread</b> — delivers market data to listeners ({@link EventHandoff}).</li>
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
    private final ScheduledExecutorService control;
    private final ExecutorService connector;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
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
    private final SplittableRandom random;
    /** Masks the API key, whole or cut short, in any words a server or the socket layer hands us. */
    private final ExcerptMaker secretMask;

    // ---- control-thread state ----
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private Cause cause = Cause.NONE;
    private String detail = "";
    private boolean wanted;
    /** Increments for every socket opened; callbacks carrying an older number are ignored. */
    private long generation;
    /** The generation whose socket is live, or 0: the guard that makes one failure one reconnect. */
    private long liveGeneration;
    private Session session;
    /** The reader of the newest socket (made with it, in {@link #openSocket}); null before the first. */
    private SocketReader reader;
    private int attempt;
    private int consecutiveKicks;
    private boolean kickedThisSocket;
    private Cause serverDisconnectCause;
    private String serverDisconnectMessage = "";
    private long reconnects;
    private long statusErrors;
    private String lastStatusError = "";
    private Instant nextRetryAt;
    private Instant connectedSince;
    private long stateEnteredNanos = System.nanoTime();
    private long lastInboundNanos;
    private long lastPingNanos;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> authTimer;
    private ScheduledFuture<?> stableTimer;

    // ---- published for readers ----
    private volatile ConnectionState publishedState = ConnectionState.DISCONNECTED;
    private volatile ConnectionSnapshot snapshot;
    private volatile boolean closed;

    public FeedConnection(FeedConnectionConfig config) {
        this(config, FeedTransport.shared(), new SplittableRandom());
    }

    FeedConnection(FeedConnectionConfig config, FeedTransport transport, SplittableRandom random) {
        this.config = config;
        this.transport = transport;
        this.random = random;
        this.control = Executors.newSingleThreadScheduledExecutor(daemon("feed-" + config.id() + "-control"));
        this.connector = Executors.newSingleThreadExecutor(daemon("feed-" + config.id() + "-connector"));
        this.handoff = new EventHandoff(config.id(), config.handoffCapacity(), listeners);
        this.secrets = config.apiKey().isEmpty() ? Set.of() : Set.of(config.apiKey());
        this.secretMask = new ExcerptMaker(secrets);
        this.receiveState = new ReceiveState(counters, sequences, lag, handoff);
        this.snapshot = buildSnapshot(System.nanoTime());
        control.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
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

    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** Connects unless already connected or connecting. Idempotent: never opens a second socket. */
    public CompletableFuture<Void> connect() {
        return onControl(() -> {
            if (wanted && (state.isLive() || state == ConnectionState.RECONNECTING)) {
                return;
            }
            wanted = true;
            attempt = 0;
            consecutiveKicks = 0;
            openSocket(Cause.STARTED);
        });
    }

    /** Closes the socket (if any), cancels any pending reconnect, and stays disconnected. */
    public CompletableFuture<Void> disconnect() {
        return onControl(() -> {
            wanted = false;
            dropSocket(true);
            cancelTimers();
            nextRetryAt = null;
            transition(ConnectionState.DISCONNECTED, Cause.OPERATOR, "", 0, null);
        });
    }

    /** Drops the current socket (if any) and connects afresh with the backoff reset. */
    public CompletableFuture<Void> reconnect() {
        return onControl(() -> {
            wanted = true;
            dropSocket(true);
            cancelTimers();
            attempt = 0;
            consecutiveKicks = 0;
            openSocket(Cause.OPERATOR);
        });
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
        return publishedState;
    }

    /** The newest snapshot; refreshed a few times a second and on every state change. */
    public ConnectionSnapshot snapshot() {
        return snapshot;
    }

    /** Every desired topic with its standing. */
    public Map<Topic, TopicStatus> subscriptions() {
        return subscriptions.statuses();
    }

    /** Per-symbol count of sequence gaps seen in trades and quotes. */
    public Map<String, Long> sequenceGapsBySymbol() {
        return sequences.gapsBySymbol();
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
        control.shutdownNow();
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
        post(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "internal error on " + config.id(), e);
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    // =====================================================================================
    // Socket lifecycle (control thread)
    // =====================================================================================

    private void openSocket(Cause why) {
        long gen = ++generation;
        liveGeneration = gen;
        kickedThisSocket = false;
        serverDisconnectCause = null;
        serverDisconnectMessage = "";
        nextRetryAt = null;
        lastInboundNanos = System.nanoTime();
        transition(ConnectionState.CONNECTING, why, config.url().toString(), attempt, null);
        FeedEndpoint endpoint = new FeedEndpoint(gen);
        reader = endpoint.reader;
        connector.execute(() -> {
            try {
                transport.connect(endpoint, config.url(), config.connectTimeout());
            } catch (Exception e) {
                String message = masked(describe(e));
                post(() -> socketFailed(gen, Cause.CONNECT_FAILED, message));
            }
        });
        // Opening may hang before the handshake timeout applies (e.g. DNS): bound it here as well.
        authTimer = control.schedule(() -> {
            if (liveGeneration == gen && state == ConnectionState.CONNECTING) {
                socketFailed(gen, Cause.CONNECT_FAILED, "no connection within " + seconds(config.connectTimeout()));
            }
        }, config.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    private void socketOpened(long gen, Session opened) {
        if (gen != liveGeneration || !wanted) {
            closeQuietly(opened, CloseReason.CloseCodes.NORMAL_CLOSURE, "not wanted any more");
            return;
        }
        session = opened;
        connectedSince = Instant.now();
        lastInboundNanos = System.nanoTime();
        lastPingNanos = lastInboundNanos;
        cancel(authTimer);
        transition(ConnectionState.AUTHENTICATING, Cause.NONE, "", attempt, null);
        authTimer = control.schedule(() -> {
            if (liveGeneration == gen && state == ConnectionState.AUTHENTICATING) {
                socketFailed(gen, Cause.AUTH_TIMEOUT, "no auth_success within " + seconds(config.authTimeout()));
            }
        }, config.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every way a socket ends funnels through here, once per socket: exactly one reconnect loop per failure. */
    private void socketFailed(long gen, Cause why, String words) {
        if (gen != liveGeneration) {
            return; // a second report (error then close) of a failure already handled, or an old socket
        }
        liveGeneration = 0;
        dropSocket(false);
        cancelTimers();
        if (!wanted) {
            transition(ConnectionState.DISCONNECTED, Cause.OPERATOR, "", 0, null);
            return;
        }
        Cause effective = why;
        String effectiveWords = words;
        if (kickedThisSocket) {
            effective = Cause.CONNECTION_LIMIT;
            effectiveWords = serverDisconnectMessage;
        } else if (serverDisconnectCause != null) {
            effective = serverDisconnectCause;
            effectiveWords = serverDisconnectMessage;
        }
        if (effective == Cause.AUTH_FAILED) {
            giveUp(Cause.AUTH_FAILED, effectiveWords);
            return;
        }
        if (effective == Cause.CONNECTION_LIMIT) {
            consecutiveKicks++;
            if (consecutiveKicks >= config.reconnect().maxConsecutiveKicks()) {
                giveUp(Cause.CONNECTION_LIMIT, "kicked " + consecutiveKicks + " times in a row; another client"
                        + " is using this account's connection allowance");
                return;
            }
        }
        attempt++;
        ReconnectPolicy policy = config.reconnect();
        Duration delay = policy.delay(attempt, random);
        if (effective == Cause.FRAME_TOO_LARGE && attempt == 1) {
            delay = Duration.ZERO; // nothing is wrong with the network: come back at once, back off only on repeats
        }
        if (policy.isSlowPhase(attempt)) {
            // Transient failures never give up: an unattended feeder must come back when the feed does.
            effectiveWords = (effectiveWords.isEmpty() ? "" : effectiveWords + "; ") + "still retrying every "
                    + seconds(policy.maxDelay())
                    + (policy.maxRetries() == 0 ? "" : " after " + policy.maxRetries() + " quick retries");
        }
        nextRetryAt = Instant.now().plus(delay);
        transition(ConnectionState.RECONNECTING, effective, effectiveWords, attempt, delay);
        reconnectTimer = control.schedule(() -> {
            if (wanted && state == ConnectionState.RECONNECTING) {
                reconnects++;
                openSocket(effectiveCauseForRetry());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Cause effectiveCauseForRetry() {
        return cause; // the cause that put the connection in RECONNECTING stays visible while it retries
    }

    /** Only for what no retry can cure; the transition logs it (once, at WARNING). */
    private void giveUp(Cause why, String words) {
        wanted = false;
        nextRetryAt = null;
        transition(ConnectionState.FAILED, why, words, attempt, null);
    }

    /** Closes the socket if one is held. {@code operator}: a normal close the server will see as such. */
    private void dropSocket(boolean operator) {
        liveGeneration = operator ? 0 : liveGeneration;
        Session held = session;
        session = null;
        connectedSince = null;
        if (held != null) {
            closeQuietly(held, operator ? CloseReason.CloseCodes.NORMAL_CLOSURE : CloseReason.CloseCodes.GOING_AWAY,
                    operator ? "closed by operator" : "reconnecting");
        }
    }

    private void closeQuietly(Session toClose, CloseReason.CloseCode code, String phrase) {
        connector.execute(() -> {
            try {
                if (toClose.isOpen()) {
                    toClose.close(new CloseReason(code, phrase));
                }
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing a socket of " + config.id() + " failed", e);
            }
        });
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

    /** Hands a task from a socket or connector thread to the control thread; after close there is none. */
    private void post(Runnable task) {
        try {
            control.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.DEBUG, config.id() + " is closed; dropped a late socket callback");
        }
    }

    private void onStatus(long gen, StatusMessage status) {
        if (gen != liveGeneration) {
            return;
        }
        String message = status.message();
        switch (status.status()) {
            case "connected":
                send(ClientMessages.auth(config.apiKey()));
                break;
            case "auth_success":
                onAuthenticated();
                break;
            case "auth_failed":
                serverDisconnectCause = Cause.AUTH_FAILED;
                serverDisconnectMessage = message;
                socketFailed(gen, Cause.AUTH_FAILED, message);
                break;
            case "auth_timeout":
                serverDisconnectCause = Cause.AUTH_TIMEOUT;
                serverDisconnectMessage = message;
                break;
            case "success":
                subscriptions.applyAck(message);
                maybeStreaming(Cause.SUBSCRIBED);
                break;
            case "error":
                statusErrors++;
                lastStatusError = message;
                subscriptions.applyError(message);
                LOG.log(Level.WARNING, config.id() + " server error: " + message);
                maybeStreaming(Cause.SUBSCRIBED);
                break;
            case "max_connections":
                kickedThisSocket = true;
                serverDisconnectMessage = message;
                LOG.log(Level.WARNING, config.id() + " kicked by the connection limit: " + message);
                break;
            case "slow_consumer":
                serverDisconnectCause = Cause.SLOW_CONSUMER;
                serverDisconnectMessage = message;
                break;
            case "force_disconnect":
                serverDisconnectCause = Cause.SERVER_DISCONNECT;
                serverDisconnectMessage = message;
                break;
            default:
                // Unknown statuses are informational: they never overwrite the state (seed defect 1).
                LOG.log(Level.INFO, config.id() + " status '" + status.status() + "': " + message);
        }
    }

    private void onAuthenticated() {
        if (state != ConnectionState.AUTHENTICATING) {
            return;
        }
        cancel(authTimer);
        subscriptions.markAllPending();
        Set<Topic> topics = subscriptions.topics();
        if (topics.isEmpty()) {
            transition(ConnectionState.STREAMING, Cause.AUTHENTICATED, "", attempt, null);
            return;
        }
        send("subscribe", new ArrayList<>(topics));
        transition(ConnectionState.SUBSCRIBING, Cause.AUTHENTICATED, topics.size() + " topics", attempt, null);
        reader.awaitData();
    }

    private void maybeStreaming(Cause why) {
        if (state == ConnectionState.SUBSCRIBING && subscriptions.count(TopicState.PENDING) == 0) {
            transition(ConnectionState.STREAMING, why, "", attempt, null);
        }
    }

    private void dataArrived(long gen) {
        if (gen != liveGeneration) {
            return;
        }
        if (state == ConnectionState.SUBSCRIBING || state == ConnectionState.STALE) {
            transition(ConnectionState.STREAMING, Cause.DATA_RESUMED, "", attempt, null);
        }
    }

    private boolean isAuthenticated() {
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
            send(subscribe ? ClientMessages.subscribe(chunk) : ClientMessages.unsubscribe(chunk));
        }
    }

    private void send(String text) {
        Session target = session;
        if (target == null) {
            return;
        }
        long gen = liveGeneration;
        target.getAsyncRemote().sendText(text, result -> {
            if (!result.isOK()) {
                // A send fails only when the socket is going; the close callback drives the reconnect.
                String why = describe(result.getException());
                post(() -> {
                    if (gen == liveGeneration) {
                        LOG.log(Level.WARNING, config.id() + " send failed: " + why);
                    }
                });
            }
        });
    }

    // =====================================================================================
    // Periodic work (control thread): keepalive, stale detection, stable reset, snapshot
    // =====================================================================================

    private void tick() {
        long now = System.nanoTime();
        if (session != null && liveGeneration != 0) {
            long inbound = Math.max(lastInboundNanos, reader.lastInboundNanos());
            if (now - inbound > config.keepaliveTimeout().toNanos()) {
                socketFailed(liveGeneration, Cause.KEEPALIVE_TIMEOUT,
                        "nothing received for " + seconds(Duration.ofNanos(now - inbound)));
            } else if (now - lastPingNanos >= config.keepaliveInterval().toNanos()) {
                lastPingNanos = now;
                ping(session);
            }
        }
        if (state == ConnectionState.STREAMING && !subscriptions.isEmpty()) {
            long quietSince = Math.max(reader == null ? 0 : reader.lastDataNanos(), stateEnteredNanos);
            if (now - quietSince > config.staleAfter().toNanos()) {
                transition(ConnectionState.STALE, Cause.NO_DATA, "no data for " + seconds(config.staleAfter()), attempt, null);
                reader.awaitData();
            }
        }
        lag.roll(now);
        snapshot = buildSnapshot(now);
    }

    private void ping(Session target) {
        try {
            target.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (Exception e) {
            LOG.log(Level.DEBUG, config.id() + " ping failed", e);
        }
    }

    private void markStableLater(long gen) {
        cancel(stableTimer);
        stableTimer = control.schedule(() -> {
            if (gen == liveGeneration && (state == ConnectionState.STREAMING || state == ConnectionState.STALE)) {
                attempt = 0;
                consecutiveKicks = 0;
            }
        }, config.reconnect().stableAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void transition(ConnectionState next, Cause why, String words, int attemptNo, Duration nextDelay) {
        ConnectionState previous = state;
        if (previous == next && cause == why && detail.equals(words)) {
            return;
        }
        state = next;
        cause = why;
        detail = words;
        stateEnteredNanos = System.nanoTime();
        if (next == ConnectionState.STREAMING && previous != ConnectionState.STALE) {
            markStableLater(liveGeneration);
        }
        StateChange change = new StateChange(config.id(), previous, next, why, words, attemptNo, nextDelay, Instant.now());
        LOG.log(next == ConnectionState.FAILED ? Level.WARNING : Level.INFO, config.id() + " " + change.describe());
        // Snapshot before state: whoever sees the new state() also sees a snapshot that agrees with it.
        snapshot = buildSnapshot(System.nanoTime());
        publishedState = next;
        for (ConnectionListener listener : listeners) {
            try {
                listener.onStateChange(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "state listener of " + config.id() + " threw", e);
            }
        }
    }

    private ConnectionSnapshot buildSnapshot(long now) {
        double perSecond = rate.sample(now, counters.marketDataEvents());
        return new ConnectionSnapshot(config.id(), config.name(), config.url().toString(), state, cause, detail,
                attempt, nextRetryAt, connectedSince, counters.lastFrameMillis(), counters.frames(), counters.chars(),
                counters.eventsByType(), counters.unknownEvents(), counters.decodeErrors(), counters.lastDecodeError(),
                statusErrors, lastStatusError, reconnects, consecutiveKicks, perSecond,
                lag.percentile(50), lag.percentile(99), sequences.gaps(), sequences.missing(), sequences.outOfOrder(),
                handoff.dropped(), handoff.consumerErrors(), handoff.depth(),
                subscriptions.count(TopicState.PENDING), subscriptions.count(TopicState.CONFIRMED),
                subscriptions.count(TopicState.REJECTED), Instant.now());
    }

    private void cancelTimers() {
        cancel(reconnectTimer);
        cancel(authTimer);
        cancel(stableTimer);
        reconnectTimer = null;
        authTimer = null;
        stableTimer = null;
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The words with the API key masked, whole or cut short by the sender, and bounded in length. */
    private String masked(String words) {
        return secretMask.head(words, MAX_CAUSE_WORDS);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
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

        /** Made on the control thread, so the generation is the one this socket was opened for. */
        FeedEndpoint(long gen) {
            this.gen = gen;
            this.reader = new SocketReader(config.id(), gen, new FrameDecoder(secrets), receiveState,
                    FeedConnection.this::statusReceived, generation -> post(() -> dataArrived(generation)), secretMask);
        }

        @Override
        public void onOpen(Session opened, jakarta.websocket.EndpointConfig endpointConfig) {
            // Applies to a message sent in fragments, which Tyrus assembles; a single frame is bounded by the transport.
            opened.setMaxTextMessageBufferSize(transport.maxFrameBytes());
            // Tyrus treats the default idle timeout of 0 as "schedule a no-op check now" on every frame received,
            // a wake-up of its timer thread per frame; a negative value schedules nothing. Silent peers are found
            // by our own keepalive.
            opened.setMaxIdleTimeout(FeedTransport.NO_IDLE_TIMEOUT);
            opened.addMessageHandler(String.class, reader::onFrame);
            // Without a handler Tyrus fails the session on a binary frame; with a partial one it hands over each
            // fragment as it comes, so nothing of a (possibly huge) binary message is held.
            opened.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (fragment, last) ->
                    reader.onBinaryFragment(fragment.remaining(), last));
            opened.addMessageHandler(jakarta.websocket.PongMessage.class, pong -> reader.onPong());
            post(() -> socketOpened(gen, opened));
        }

        @Override
        public void onClose(Session closedSession, CloseReason reason) {
            int code = reason.getCloseCode().getCode();
            String phrase = reason.getReasonPhrase() == null ? "" : reason.getReasonPhrase();
            if (FeedTransport.isOverLimitClose(code, phrase)) {
                frameOverLimit();
                return;
            }
            Cause why = code == CloseReason.CloseCodes.NORMAL_CLOSURE.getCode() ? Cause.SERVER_CLOSED : Cause.DROPPED;
            // Masked on its own: a reason cut at the 123-byte limit may end in the first part of the key.
            String words = "close code " + code + (phrase.isEmpty() ? "" : " (" + masked(phrase) + ")");
            post(() -> socketFailed(gen, why, words));
        }

        @Override
        public void onError(Session failedSession, Throwable error) {
            if (isMessageTooBig(error)) {
                frameOverLimit(); // Tyrus closes the session itself as well (1009)
                return;
            }
            String words = masked(describe(error));
            post(() -> socketFailed(gen, Cause.DROPPED, words));
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
            post(() -> socketFailed(gen, Cause.FRAME_TOO_LARGE, words));
        }
    }

    /** Tyrus' exception for a message over the session's limit (its class is not exported). */
    private static boolean isMessageTooBig(Throwable error) {
        return error != null && "MessageTooBigException".equals(error.getClass().getSimpleName());
    }
}
