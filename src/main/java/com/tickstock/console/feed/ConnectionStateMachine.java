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
import com.tickstock.console.feed.ConnectionEvent.Connect;
import com.tickstock.console.feed.ConnectionEvent.DataArrived;
import com.tickstock.console.feed.ConnectionEvent.Disconnect;
import com.tickstock.console.feed.ConnectionEvent.DisconnectAnnounced;
import com.tickstock.console.feed.ConnectionEvent.Kicked;
import com.tickstock.console.feed.ConnectionEvent.Reconnect;
import com.tickstock.console.feed.ConnectionEvent.ServerConnected;
import com.tickstock.console.feed.ConnectionEvent.SocketFailed;
import com.tickstock.console.feed.ConnectionEvent.SocketOpened;
import com.tickstock.console.feed.ConnectionEvent.SubscriptionsAnswered;
import com.tickstock.console.feed.ConnectionEvent.Tick;
import com.tickstock.console.feed.ConnectionEvent.TimerFired;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The life of one feed connection as a transition function: {@code (state, event, now) → (state, actions)}. It
 * holds no threads, reads no clock (the time is passed in, nanoTime-based) and touches no socket: {@link
 * FeedConnection} feeds it events on its control thread and carries out the actions. Its only other input is the
 * random source for the backoff jitter.
 *
 * <p>The rules: transient failures retry for ever, a fast phase with growing delays and then at the cap; only a
 * refused key and repeated connection-limit kicks end in FAILED; an operator disconnect stays down; a socket that
 * receives nothing (not even a pong) is replaced; a streaming socket without data goes STALE, and is replaced when
 * it stays STALE for the configured multiple of the stale time (never while silence is expected); every socket event
 * of an older generation than the live one is ignored; the same state, cause and words are never announced twice.
 * Every lost or refused socket it was not told to drop is counted once, by kind ({@link CountError}); a run of
 * failures that uses up the quick retries is one more error of its own kind ({@code retries_exhausted}), so an
 * operator sees it in the counts, and {@code error_count} is sockets lost plus such runs.
 */
final class ConnectionStateMachine {

    /** Everything the machine remembers; immutable. Times are nanoTime values. */
    record State(ConnectionState phase, Cause cause, String detail, boolean wanted, long generation,
                 long liveGeneration, boolean socketOpen, int attempt, int consecutiveKicks, boolean kickedThisSocket,
                 Cause serverDisconnectCause, String serverDisconnectMessage, long reconnects, long stateEnteredNanos,
                 long lastInboundNanos, long lastPingNanos, int kickedOursOpen, long staleReconnectDueNanos) {

        static State initial(long nowNanos) {
            return new State(ConnectionState.DISCONNECTED, Cause.NONE, "", false, 0, 0, false, 0, 0, false, null, "",
                    0, nowNanos, nowNanos, nowNanos, 0, 0);
        }

        /** While STALE with a reconnect planned: whether one is planned (its time is {@link #staleReconnectDueNanos}). */
        boolean staleReconnectPlanned() {
            return phase == ConnectionState.STALE && staleReconnectDueNanos != 0;
        }
    }

    /** The new state and what to do, in order. */
    record Step(State state, List<ConnectionAction> actions) {
    }

    private final FeedConnectionConfig config;
    private final RandomGenerator random;

    ConnectionStateMachine(FeedConnectionConfig config, RandomGenerator random) {
        this.config = config;
        this.random = random;
    }

    Step apply(State state, ConnectionEvent event, long nowNanos) {
        Draft d = new Draft(state, nowNanos);
        if (event instanceof Connect) {
            if (!(d.wanted && (d.phase.isLive() || d.phase == ConnectionState.RECONNECTING))) {
                d.wanted = true;
                d.attempt = 0;
                d.consecutiveKicks = 0;
                openSocket(d, Cause.STARTED);
            }
        } else if (event instanceof Disconnect) {
            d.wanted = false;
            dropSocket(d, Farewell.BY_OPERATOR);
            d.actions.add(new CancelTimers());
            transition(d, ConnectionState.DISCONNECTED, Cause.OPERATOR, "", 0, null);
        } else if (event instanceof Reconnect) {
            d.wanted = true;
            dropSocket(d, Farewell.BY_OPERATOR);
            d.actions.add(new CancelTimers());
            d.attempt = 0;
            d.consecutiveKicks = 0;
            openSocket(d, Cause.OPERATOR);
        } else if (event instanceof SocketOpened e) {
            socketOpened(d, e.generation());
        } else if (event instanceof SocketFailed e) {
            socketFailed(d, e.generation(), e.cause(), e.words());
        } else if (event instanceof TimerFired e) {
            timerFired(d, e.timer(), e.generation());
        } else if (event instanceof Tick e) {
            tick(d, e);
        } else {
            serverEvent(d, event);
        }
        return new Step(d.build(), List.copyOf(d.actions));
    }

    /** Events from the live, open socket's server; anything from another socket is ignored. */
    private void serverEvent(Draft d, ConnectionEvent event) {
        long gen = generationOf(event);
        if (gen != d.liveGeneration || !d.socketOpen) {
            return;
        }
        if (event instanceof ServerConnected) {
            d.actions.add(new SendAuth());
        } else if (event instanceof AuthSucceeded e) {
            if (d.phase != ConnectionState.AUTHENTICATING) {
                return;
            }
            d.actions.add(new CancelTimer(Timer.HANDSHAKE));
            if (e.topics() == 0) {
                transition(d, ConnectionState.STREAMING, Cause.AUTHENTICATED, "", d.attempt, null);
                return;
            }
            d.actions.add(new SubscribeAll());
            transition(d, ConnectionState.SUBSCRIBING, Cause.AUTHENTICATED, e.topics() + " topics", d.attempt, null);
            d.actions.add(new AwaitData());
        } else if (event instanceof AuthRefused e) {
            d.serverDisconnectCause = Cause.AUTH_FAILED;
            d.serverDisconnectMessage = e.message();
            socketFailed(d, gen, Cause.AUTH_FAILED, e.message());
        } else if (event instanceof DisconnectAnnounced e) {
            d.serverDisconnectCause = e.cause();
            d.serverDisconnectMessage = e.message();
        } else if (event instanceof Kicked e) {
            d.kickedThisSocket = true;
            d.kickedOursOpen = e.oursOpen();
            d.serverDisconnectMessage = e.message();
        } else if (event instanceof SubscriptionsAnswered) {
            if (d.phase == ConnectionState.SUBSCRIBING) {
                transition(d, ConnectionState.STREAMING, Cause.SUBSCRIBED, "", d.attempt, null);
            }
        } else if (event instanceof DataArrived) {
            if (d.phase == ConnectionState.SUBSCRIBING || d.phase == ConnectionState.STALE
                    || (d.phase == ConnectionState.STREAMING && d.cause == Cause.QUIET_EXPECTED)) {
                transition(d, ConnectionState.STREAMING, Cause.DATA_RESUMED, "", d.attempt, null);
            }
        }
    }

    private static long generationOf(ConnectionEvent event) {
        if (event instanceof ServerConnected e) {
            return e.generation();
        } else if (event instanceof AuthSucceeded e) {
            return e.generation();
        } else if (event instanceof AuthRefused e) {
            return e.generation();
        } else if (event instanceof DisconnectAnnounced e) {
            return e.generation();
        } else if (event instanceof Kicked e) {
            return e.generation();
        } else if (event instanceof SubscriptionsAnswered e) {
            return e.generation();
        } else if (event instanceof DataArrived e) {
            return e.generation();
        }
        throw new IllegalArgumentException("not a server event: " + event);
    }

    private void openSocket(Draft d, Cause why) {
        long gen = ++d.generation;
        d.liveGeneration = gen;
        d.kickedThisSocket = false;
        d.kickedOursOpen = 0;
        d.serverDisconnectCause = null;
        d.serverDisconnectMessage = "";
        d.lastInboundNanos = d.now;
        transition(d, ConnectionState.CONNECTING, why, config.url().toString(), d.attempt, null);
        d.actions.add(new OpenSocket(gen));
        // Opening may hang before the handshake timeout applies (e.g. DNS): bound it here as well.
        d.actions.add(new StartTimer(Timer.HANDSHAKE, gen, config.connectTimeout().plusSeconds(1)));
    }

    /** Lets go of the live socket, open or still opening, if there is one. */
    private static void dropSocket(Draft d, Farewell farewell) {
        if (d.liveGeneration != 0) {
            d.actions.add(new CloseSocket(d.liveGeneration, farewell));
        }
        d.liveGeneration = 0;
        d.socketOpen = false;
    }

    private void socketOpened(Draft d, long gen) {
        if (gen == d.liveGeneration && d.socketOpen) {
            return; // a socket opens once; a second report changes nothing
        }
        if (gen != d.liveGeneration || !d.wanted) {
            d.actions.add(new CloseSocket(gen, Farewell.NOT_WANTED));
            return;
        }
        d.socketOpen = true;
        d.lastInboundNanos = d.now;
        d.lastPingNanos = d.now;
        d.actions.add(new AdoptSocket(gen));
        d.actions.add(new CancelTimer(Timer.HANDSHAKE));
        transition(d, ConnectionState.AUTHENTICATING, Cause.NONE, "", d.attempt, null);
        d.actions.add(new StartTimer(Timer.HANDSHAKE, gen, config.authTimeout()));
    }

    /** Every way a socket ends funnels through here, once per socket: exactly one reconnect loop per failure. */
    private void socketFailed(Draft d, long gen, Cause why, String words) {
        if (gen != d.liveGeneration || gen == 0) {
            return; // a second report (error then close) of a failure already handled, or an old socket
        }
        dropSocket(d, Farewell.RECONNECTING);
        d.actions.add(new CancelTimers());
        if (!d.wanted) {
            transition(d, ConnectionState.DISCONNECTED, Cause.OPERATOR, "", 0, null);
            return;
        }
        Cause effective = why;
        String effectiveWords = words;
        if (d.kickedThisSocket) {
            effective = Cause.CONNECTION_LIMIT;
            effectiveWords = joined(d.serverDisconnectMessage, limitWords(d.kickedOursOpen));
        } else if (d.serverDisconnectCause != null) {
            effective = d.serverDisconnectCause;
            effectiveWords = d.serverDisconnectMessage;
        }
        ConnectionErrorKind kind = ConnectionErrorKind.of(effective);
        if (kind != null) {
            d.actions.add(new CountError(kind));
        }
        if (effective == Cause.AUTH_FAILED) {
            giveUp(d, Cause.AUTH_FAILED, effectiveWords);
            return;
        }
        if (effective == Cause.CONNECTION_LIMIT) {
            d.consecutiveKicks++;
            if (d.consecutiveKicks >= config.reconnect().maxConsecutiveKicks()) {
                giveUp(d, Cause.CONNECTION_LIMIT, "kicked " + d.consecutiveKicks + " times in a row; "
                        + limitWords(d.kickedOursOpen));
                return;
            }
        }
        d.attempt++;
        ReconnectPolicy policy = config.reconnect();
        if (policy.maxRetries() > 0 && d.attempt == policy.maxRetries() + 1) {
            d.actions.add(new CountError(ConnectionErrorKind.RETRIES_EXHAUSTED)); // once per run of failures
        }
        Duration delay = policy.delay(d.attempt, random);
        if (effective == Cause.FRAME_TOO_LARGE && d.attempt == 1) {
            delay = Duration.ZERO; // nothing is wrong with the network: come back at once, back off only on repeats
        }
        if (policy.isSlowPhase(d.attempt)) {
            // Transient failures never give up: an unattended feeder must come back when the feed does.
            effectiveWords = (effectiveWords.isEmpty() ? "" : effectiveWords + "; ") + "still retrying every "
                    + seconds(policy.maxDelay())
                    + (policy.maxRetries() == 0 ? "" : " after " + policy.maxRetries() + " quick retries");
        }
        transition(d, ConnectionState.RECONNECTING, effective, effectiveWords, d.attempt, delay);
        d.actions.add(new StartTimer(Timer.RETRY, d.generation, delay));
    }

    /**
     * What is known when the account's connection limit kicks us: how many of our own sockets were open then (the
     * console cannot see other clients; when only this one was open, others must hold the rest).
     */
    static String limitWords(int oursOpen) {
        String reached = "the account's connection limit was reached";
        if (oursOpen <= 0) {
            return reached;
        }
        if (oursOpen == 1) {
            return reached + ": only this one of ours was open, so other clients on the account hold the rest";
        }
        return reached + ": " + oursOpen + " of ours are open";
    }

    private static String joined(String first, String second) {
        return first.isEmpty() ? second : first + "; " + second;
    }

    /** Only for what no retry can cure. */
    private void giveUp(Draft d, Cause why, String words) {
        d.wanted = false;
        transition(d, ConnectionState.FAILED, why, words, d.attempt, null);
    }

    private void timerFired(Draft d, Timer timer, long gen) {
        switch (timer) {
            case HANDSHAKE:
                if (gen == d.liveGeneration && d.phase == ConnectionState.CONNECTING) {
                    socketFailed(d, gen, Cause.CONNECT_FAILED, "no connection within " + seconds(config.connectTimeout()));
                } else if (gen == d.liveGeneration && d.phase == ConnectionState.AUTHENTICATING) {
                    socketFailed(d, gen, Cause.AUTH_TIMEOUT, "no auth_success within " + seconds(config.authTimeout()));
                }
                break;
            case RETRY:
                if (gen == d.generation && d.wanted && d.phase == ConnectionState.RECONNECTING) {
                    d.reconnects++;
                    openSocket(d, d.cause); // the cause that put it in RECONNECTING stays visible while it retries
                }
                break;
            case STABLE:
                if (gen == d.liveGeneration
                        && (d.phase == ConnectionState.STREAMING || d.phase == ConnectionState.STALE)) {
                    d.attempt = 0;
                    d.consecutiveKicks = 0;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown timer " + timer);
        }
    }

    private void tick(Draft d, Tick tick) {
        if (d.socketOpen && d.liveGeneration != 0) {
            long inbound = Math.max(d.lastInboundNanos, tick.lastInboundNanos());
            if (d.now - inbound > config.keepaliveTimeout().toNanos()) {
                socketFailed(d, d.liveGeneration, Cause.KEEPALIVE_TIMEOUT,
                        "nothing received for " + seconds(Duration.ofNanos(d.now - inbound)));
            } else if (d.now - d.lastPingNanos >= config.keepaliveInterval().toNanos()) {
                d.lastPingNanos = d.now;
                d.actions.add(new SendPing());
            }
        }
        if ((d.phase == ConnectionState.STREAMING || d.phase == ConnectionState.STALE) && tick.subscribed()) {
            silence(d, tick, config.silence().now());
        }
    }

    /**
     * STALE after the threshold of the moment (it follows the market's session); while silence is expected (the
     * market is closed) never STALE: a STALE connection returns to STREAMING, a quiet one says why it is quiet, and
     * when the session starts again its silence counts from then on.
     */
    private void silence(Draft d, Tick tick, SilenceRule.Silence silence) {
        long quietSince = Math.max(tick.lastDataNanos(), d.stateEnteredNanos);
        if (silence.quietExpected()) {
            if (d.phase == ConnectionState.STALE) {
                transition(d, ConnectionState.STREAMING, Cause.QUIET_EXPECTED, silence.quietReason(), d.attempt, null);
            } else if (d.cause != Cause.QUIET_EXPECTED && d.now - quietSince > config.staleAfter().toNanos()) {
                transition(d, ConnectionState.STREAMING, Cause.QUIET_EXPECTED, silence.quietReason(), d.attempt, null);
                d.actions.add(new AwaitData());
            }
        } else if (d.phase == ConnectionState.STREAMING && d.cause == Cause.QUIET_EXPECTED) {
            transition(d, ConnectionState.STREAMING, Cause.SESSION_STARTED, "", d.attempt, null);
        } else if (d.phase == ConnectionState.STREAMING && d.now - quietSince > silence.staleAfter().toNanos()) {
            transition(d, ConnectionState.STALE, Cause.NO_DATA, "no data for " + seconds(silence.staleAfter()),
                    d.attempt, null);
            d.actions.add(new AwaitData());
            planStaleReconnect(d, silence.staleAfter());
        } else if (d.phase == ConnectionState.STALE) {
            planStaleReconnect(d, silence.staleAfter()); // the threshold follows the session: so does the plan
            if (d.staleReconnectDueNanos != 0 && d.now >= d.staleReconnectDueNanos) {
                int factor = config.staleReconnectFactor();
                socketFailed(d, d.liveGeneration, Cause.NO_DATA, "no data for "
                        + seconds(Duration.ofNanos(d.now - d.stateEnteredNanos).plus(silence.staleAfter()))
                        + " (" + factor + " × the " + seconds(silence.staleAfter()) + " stale time): reconnecting");
            }
        }
    }

    /**
     * STALE since {@code stateEnteredNanos}, which was one stale time after the last data: the socket is replaced
     * {@code factor - 1} stale times later, {@code factor} in all since the last data.
     */
    private void planStaleReconnect(Draft d, Duration staleAfter) {
        int factor = config.staleReconnectFactor();
        d.staleReconnectDueNanos = factor == FeedConnectionConfig.STALE_RECONNECT_OFF ? 0
                : nonZero(d.stateEnteredNanos + staleAfter.toNanos() * (factor - 1));
    }

    /** 0 means "none planned"; a nanoTime that happens to be 0 is moved by a nanosecond. */
    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }

    private void transition(Draft d, ConnectionState next, Cause why, String words, int attemptNo, Duration nextDelay) {
        ConnectionState previous = d.phase;
        if (previous == next && d.cause == why && d.detail.equals(words)) {
            return;
        }
        d.phase = next;
        d.cause = why;
        d.detail = words;
        d.stateEnteredNanos = d.now;
        if (next != ConnectionState.STALE) {
            d.staleReconnectDueNanos = 0;
        }
        if (next == ConnectionState.STREAMING && previous != ConnectionState.STALE) {
            d.actions.add(new StartTimer(Timer.STABLE, d.liveGeneration, config.reconnect().stableAfter()));
        }
        d.actions.add(new Announce(previous, next, why, words, attemptNo, nextDelay));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** A mutable copy of the state for the length of one step, and the actions decided so far. */
    private static final class Draft {
        final long now;
        final List<ConnectionAction> actions = new ArrayList<>(4);
        ConnectionState phase;
        Cause cause;
        String detail;
        boolean wanted;
        long generation;
        long liveGeneration;
        boolean socketOpen;
        int attempt;
        int consecutiveKicks;
        boolean kickedThisSocket;
        Cause serverDisconnectCause;
        String serverDisconnectMessage;
        long reconnects;
        long stateEnteredNanos;
        long lastInboundNanos;
        long lastPingNanos;
        int kickedOursOpen;
        long staleReconnectDueNanos;

        Draft(State s, long now) {
            this.now = now;
            phase = s.phase();
            cause = s.cause();
            detail = s.detail();
            wanted = s.wanted();
            generation = s.generation();
            liveGeneration = s.liveGeneration();
            socketOpen = s.socketOpen();
            attempt = s.attempt();
            consecutiveKicks = s.consecutiveKicks();
            kickedThisSocket = s.kickedThisSocket();
            serverDisconnectCause = s.serverDisconnectCause();
            serverDisconnectMessage = s.serverDisconnectMessage();
            reconnects = s.reconnects();
            stateEnteredNanos = s.stateEnteredNanos();
            lastInboundNanos = s.lastInboundNanos();
            lastPingNanos = s.lastPingNanos();
            kickedOursOpen = s.kickedOursOpen();
            staleReconnectDueNanos = s.staleReconnectDueNanos();
        }

        State build() {
            return new State(phase, cause, detail, wanted, generation, liveGeneration, socketOpen, attempt,
                    consecutiveKicks, kickedThisSocket, serverDisconnectCause, serverDisconnectMessage, reconnects,
                    stateEnteredNanos, lastInboundNanos, lastPingNanos, kickedOursOpen, staleReconnectDueNanos);
        }
    }
}
