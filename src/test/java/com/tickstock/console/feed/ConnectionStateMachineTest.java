package com.tickstock.console.feed;

import static com.tickstock.console.feed.ConnectionState.AUTHENTICATING;
import static com.tickstock.console.feed.ConnectionState.CONNECTING;
import static com.tickstock.console.feed.ConnectionState.DISCONNECTED;
import static com.tickstock.console.feed.ConnectionState.FAILED;
import static com.tickstock.console.feed.ConnectionState.RECONNECTING;
import static com.tickstock.console.feed.ConnectionState.STALE;
import static com.tickstock.console.feed.ConnectionState.STREAMING;
import static com.tickstock.console.feed.ConnectionState.SUBSCRIBING;
import static org.assertj.core.api.Assertions.assertThat;

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
import com.tickstock.console.feed.ConnectionStateMachine.State;
import com.tickstock.console.feed.ConnectionStateMachine.Step;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transition of the connection state machine, without threads, sockets or clocks: from each state, each
 * event, the state after and the actions, in order. The table lists what does something; every other pair of
 * state and event is checked to change nothing at all.
 */
class ConnectionStateMachineTest {

    private static final URI URL = URI.create("ws://feed.test/stocks");
    /** No jitter, so delays are exact: 100 ms, 200 ms, 400 ms, then 800 ms for ever. Two kicks end it. */
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofMillis(800),
            false, 3, 2, Duration.ofSeconds(10));
    private static final FeedConnectionConfig CONFIG = FeedConnectionConfig.of("connection_1", "c1", URL, "key")
            .withReconnect(POLICY)
            .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(3),
                    Duration.ofSeconds(5));
    private static final long T0 = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private static final ConnectionStateMachine MACHINE = new ConnectionStateMachine(CONFIG, new SplittableRandom(1));

    /** Every fixture's socket of the past is generation 1, its newest (live, where there is one) generation 2. */
    private static final long OLD = 1;
    private static final long LIVE = 2;
    private static final long NEXT = 3;

    private static final Duration HANDSHAKE_OPEN = Duration.ofSeconds(4);
    private static final Duration HANDSHAKE_AUTH = Duration.ofSeconds(5);
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration STABLE = Duration.ofSeconds(10);

    // ---- the events of the matrix ----
    private static final ConnectionEvent CONNECT = new Connect();
    private static final ConnectionEvent DISCONNECT = new Disconnect();
    private static final ConnectionEvent RECONNECT = new Reconnect();
    private static final ConnectionEvent OPENED = new SocketOpened(LIVE);
    private static final ConnectionEvent OPENED_OLD = new SocketOpened(OLD);
    private static final ConnectionEvent FAILED_LIVE = new SocketFailed(LIVE, Cause.DROPPED, "gone");
    private static final ConnectionEvent FAILED_OLD = new SocketFailed(OLD, Cause.DROPPED, "gone");
    private static final ConnectionEvent SERVER_CONNECTED = new ServerConnected(LIVE);
    private static final ConnectionEvent AUTH_OK = new AuthSucceeded(LIVE, 2);
    private static final ConnectionEvent AUTH_REFUSED = new AuthRefused(LIVE, "bad key");
    private static final ConnectionEvent SLOW = new DisconnectAnnounced(LIVE, Cause.SLOW_CONSUMER, "slow");
    private static final ConnectionEvent KICKED = new Kicked(LIVE, "limit");
    private static final ConnectionEvent ANSWERED = new SubscriptionsAnswered(LIVE);
    private static final ConnectionEvent DATA = new DataArrived(LIVE);
    private static final ConnectionEvent HANDSHAKE_DUE = new TimerFired(Timer.HANDSHAKE, LIVE);
    private static final ConnectionEvent RETRY_DUE = new TimerFired(Timer.RETRY, LIVE);
    private static final ConnectionEvent STABLE_DUE = new TimerFired(Timer.STABLE, LIVE);
    /** Filled in per fixture: something received and data just now, topics wanted. Nothing is due. */
    private static final ConnectionEvent QUIET_TICK = new Tick(-1, -1, true);

    private static final List<ConnectionEvent> EVENTS = List.of(CONNECT, DISCONNECT, RECONNECT, OPENED, OPENED_OLD,
            FAILED_LIVE, FAILED_OLD, SERVER_CONNECTED, AUTH_OK, AUTH_REFUSED, SLOW, KICKED, ANSWERED, DATA,
            HANDSHAKE_DUE, RETRY_DUE, STABLE_DUE, QUIET_TICK,
            new ServerConnected(OLD), new AuthSucceeded(OLD, 2), new AuthRefused(OLD, "bad key"),
            new DisconnectAnnounced(OLD, Cause.SLOW_CONSUMER, "slow"), new Kicked(OLD, "limit"),
            new SubscriptionsAnswered(OLD), new DataArrived(OLD), new TimerFired(Timer.HANDSHAKE, OLD),
            new TimerFired(Timer.RETRY, OLD), new TimerFired(Timer.STABLE, OLD));

    /** One state reached through the machine itself, and the time it was reached at. */
    private record Fixture(State state, long now) {
        Fixture then(ConnectionEvent event) {
            return then(event, now + MS);
        }

        Fixture then(ConnectionEvent event, long at) {
            return new Fixture(MACHINE.apply(state, event, at).state(), at);
        }
    }

    private static final Map<ConnectionState, Fixture> FIXTURES = fixtures();

    private static Map<ConnectionState, Fixture> fixtures() {
        Fixture past = new Fixture(State.initial(T0), T0).then(CONNECT).then(new SocketOpened(OLD)).then(DISCONNECT);
        Map<ConnectionState, Fixture> f = new EnumMap<>(ConnectionState.class);
        f.put(DISCONNECTED, past.then(CONNECT).then(DISCONNECT));
        f.put(CONNECTING, past.then(CONNECT));
        f.put(AUTHENTICATING, f.get(CONNECTING).then(OPENED));
        f.put(SUBSCRIBING, f.get(AUTHENTICATING).then(AUTH_OK));
        f.put(STREAMING, f.get(SUBSCRIBING).then(ANSWERED));
        Fixture streaming = f.get(STREAMING);
        long staleAt = streaming.now() + Duration.ofMillis(5_500).toNanos();
        f.put(STALE, streaming.then(new Tick(staleAt, 0, true), staleAt));
        f.put(RECONNECTING, f.get(CONNECTING).then(new SocketFailed(LIVE, Cause.CONNECT_FAILED, "refused")));
        f.put(FAILED, f.get(AUTHENTICATING).then(AUTH_REFUSED));
        f.forEach((phase, fixture) -> assertThat(fixture.state().phase()).as("fixture").isEqualTo(phase));
        return f;
    }

    private static Step apply(ConnectionState from, ConnectionEvent event) {
        Fixture fixture = FIXTURES.get(from);
        long now = fixture.now() + MS;
        ConnectionEvent concrete = event == QUIET_TICK ? new Tick(now, now, true) : event;
        return MACHINE.apply(fixture.state(), concrete, now);
    }

    // ---- helpers for the expected actions ----

    private static Announce announce(ConnectionState from, ConnectionState to, Cause cause, String detail, int attempt,
                                     Duration nextDelay) {
        return new Announce(from, to, cause, detail, attempt, nextDelay);
    }

    private static List<ConnectionAction> opens(ConnectionState from, Cause cause, int attempt, long gen) {
        return List.of(announce(from, CONNECTING, cause, URL.toString(), attempt, null), new OpenSocket(gen),
                new StartTimer(Timer.HANDSHAKE, gen, HANDSHAKE_OPEN));
    }

    private static List<ConnectionAction> concat(List<? extends ConnectionAction> first,
                                                 List<? extends ConnectionAction> second) {
        List<ConnectionAction> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<ConnectionAction> retries(ConnectionState from, Cause cause, String detail) {
        return List.of(new CloseSocket(LIVE, Farewell.RECONNECTING), new CancelTimers(),
                new CountError(ConnectionErrorKind.of(cause)), announce(from, RECONNECTING, cause, detail, 1, FIRST_DELAY),
                new StartTimer(Timer.RETRY, LIVE, FIRST_DELAY));
    }

    private static Arguments row(ConnectionState from, ConnectionEvent event, ConnectionState to,
                                 List<? extends ConnectionAction> actions) {
        return Arguments.of(from, event, to, actions);
    }

    private static final Set<ConnectionState> OPEN_SOCKET = Set.of(AUTHENTICATING, SUBSCRIBING, STREAMING, STALE);
    private static final Set<ConnectionState> LIVE_SOCKET = Set.of(CONNECTING, AUTHENTICATING, SUBSCRIBING, STREAMING, STALE);

    /** Every pair of state and event that does something. */
    static Stream<Arguments> transitions() {
        List<Arguments> rows = new ArrayList<>();
        // Connect: opens unless a socket is wanted and live or a retry is pending.
        rows.add(row(DISCONNECTED, CONNECT, CONNECTING, opens(DISCONNECTED, Cause.STARTED, 0, NEXT)));
        rows.add(row(FAILED, CONNECT, CONNECTING, opens(FAILED, Cause.STARTED, 0, NEXT)));
        // Disconnect: from anywhere; closes the live socket, open or opening.
        rows.add(row(DISCONNECTED, DISCONNECT, DISCONNECTED, List.of(new CancelTimers())));
        for (ConnectionState from : LIVE_SOCKET) {
            rows.add(row(from, DISCONNECT, DISCONNECTED, List.of(new CloseSocket(LIVE, Farewell.BY_OPERATOR),
                    new CancelTimers(), announce(from, DISCONNECTED, Cause.OPERATOR, "", 0, null))));
        }
        for (ConnectionState from : List.of(RECONNECTING, FAILED)) {
            rows.add(row(from, DISCONNECT, DISCONNECTED,
                    List.of(new CancelTimers(), announce(from, DISCONNECTED, Cause.OPERATOR, "", 0, null))));
        }
        // Reconnect: from anywhere; a fresh socket with the backoff reset.
        rows.add(row(DISCONNECTED, RECONNECT, CONNECTING,
                concat(List.of(new CancelTimers()), opens(DISCONNECTED, Cause.OPERATOR, 0, NEXT))));
        for (ConnectionState from : LIVE_SOCKET) {
            rows.add(row(from, RECONNECT, CONNECTING, concat(List.of(new CloseSocket(LIVE, Farewell.BY_OPERATOR),
                    new CancelTimers()), opens(from, Cause.OPERATOR, 0, NEXT))));
        }
        for (ConnectionState from : List.of(RECONNECTING, FAILED)) {
            rows.add(row(from, RECONNECT, CONNECTING,
                    concat(List.of(new CancelTimers()), opens(from, Cause.OPERATOR, 0, NEXT))));
        }
        // The socket opens: adopted when it is the live one and wanted, else closed.
        rows.add(row(CONNECTING, OPENED, AUTHENTICATING, List.of(new AdoptSocket(LIVE), new CancelTimer(Timer.HANDSHAKE),
                announce(CONNECTING, AUTHENTICATING, Cause.NONE, "", 0, null),
                new StartTimer(Timer.HANDSHAKE, LIVE, HANDSHAKE_AUTH))));
        for (ConnectionState from : List.of(DISCONNECTED, RECONNECTING, FAILED)) {
            rows.add(row(from, OPENED, from, List.of(new CloseSocket(LIVE, Farewell.NOT_WANTED))));
        }
        for (ConnectionState from : ConnectionState.values()) {
            rows.add(row(from, OPENED_OLD, from, List.of(new CloseSocket(OLD, Farewell.NOT_WANTED))));
        }
        // The live socket fails: a transient failure is retried.
        for (ConnectionState from : LIVE_SOCKET) {
            rows.add(row(from, FAILED_LIVE, RECONNECTING, retries(from, Cause.DROPPED, "gone")));
        }
        // The protocol on the open socket.
        for (ConnectionState from : OPEN_SOCKET) {
            rows.add(row(from, SERVER_CONNECTED, from, List.of(new SendAuth())));
            rows.add(row(from, AUTH_REFUSED, FAILED, List.of(new CloseSocket(LIVE, Farewell.RECONNECTING),
                    new CancelTimers(), new CountError(ConnectionErrorKind.AUTH_FAILED),
                    announce(from, FAILED, Cause.AUTH_FAILED, "bad key", 0, null))));
            rows.add(row(from, SLOW, from, List.of()));
            rows.add(row(from, KICKED, from, List.of()));
        }
        rows.add(row(AUTHENTICATING, AUTH_OK, SUBSCRIBING, List.of(new CancelTimer(Timer.HANDSHAKE), new SubscribeAll(),
                announce(AUTHENTICATING, SUBSCRIBING, Cause.AUTHENTICATED, "2 topics", 0, null), new AwaitData())));
        rows.add(row(SUBSCRIBING, ANSWERED, STREAMING, List.of(new StartTimer(Timer.STABLE, LIVE, STABLE),
                announce(SUBSCRIBING, STREAMING, Cause.SUBSCRIBED, "", 0, null))));
        rows.add(row(SUBSCRIBING, DATA, STREAMING, List.of(new StartTimer(Timer.STABLE, LIVE, STABLE),
                announce(SUBSCRIBING, STREAMING, Cause.DATA_RESUMED, "", 0, null))));
        rows.add(row(STALE, DATA, STREAMING, List.of(announce(STALE, STREAMING, Cause.DATA_RESUMED, "", 0, null))));
        // Timers.
        rows.add(row(CONNECTING, HANDSHAKE_DUE, RECONNECTING,
                retries(CONNECTING, Cause.CONNECT_FAILED, "no connection within 3.0 s")));
        rows.add(row(AUTHENTICATING, HANDSHAKE_DUE, RECONNECTING,
                retries(AUTHENTICATING, Cause.AUTH_TIMEOUT, "no auth_success within 5.0 s")));
        rows.add(row(RECONNECTING, RETRY_DUE, CONNECTING, opens(RECONNECTING, Cause.CONNECT_FAILED, 1, NEXT)));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("transitions")
    void transition(ConnectionState from, ConnectionEvent event, ConnectionState to, List<ConnectionAction> actions) {
        Step step = apply(from, event);
        assertThat(step.state().phase()).isEqualTo(to);
        assertThat(step.actions()).containsExactlyElementsOf(actions);
    }

    /** Every pair of state and event the table does not list: nothing changes, nothing is done. */
    static Stream<Arguments> ignored() {
        Set<List<Object>> listed = transitions().map(a -> List.of(a.get()[0], a.get()[1])).collect(Collectors.toSet());
        List<Arguments> rows = new ArrayList<>();
        for (ConnectionState from : ConnectionState.values()) {
            for (ConnectionEvent event : EVENTS) {
                if (!listed.contains(List.of(from, event))) {
                    rows.add(Arguments.of(from, event));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} + {1} is ignored")
    @MethodSource("ignored")
    void ignoredPairsChangeNothing(ConnectionState from, ConnectionEvent event) {
        Step step = apply(from, event);
        assertThat(step.actions()).isEmpty();
        assertThat(step.state()).isEqualTo(FIXTURES.get(from).state());
    }

    @Test
    void theMatrixCoversEveryKindOfEventAndEveryState() {
        Set<Class<?>> kinds = EVENTS.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(Arrays.asList(ConnectionEvent.class.getPermittedSubclasses()));
        assertThat(FIXTURES).containsOnlyKeys(ConnectionState.values());
        List<List<Object>> listed = transitions().map(a -> List.of(a.get()[0], a.get()[1])).toList();
        assertThat(new HashSet<>(listed)).as("no pair listed twice").hasSameSizeAs(listed);
        assertThat(EVENTS).containsAll(listed.stream().map(pair -> (ConnectionEvent) pair.get(1)).toList());
        assertThat(listed.size() + ignored().count()).isEqualTo((long) ConnectionState.values().length * EVENTS.size());
    }

    // ---- sequences: what depends on more than one step ----

    private static Fixture run(Fixture start, ConnectionEvent... events) {
        Fixture f = start;
        for (ConnectionEvent e : events) {
            f = f.then(e);
        }
        return f;
    }

    private static Step last(Fixture before, ConnectionEvent event) {
        return MACHINE.apply(before.state(), event, before.now() + MS);
    }

    @Test
    void transientFailuresRetryForEverFirstQuicklyThenAtTheCap() {
        Fixture f = FIXTURES.get(CONNECTING);
        List<Duration> delays = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int attempt = 1; attempt <= 6; attempt++) {
            long gen = f.state().liveGeneration();
            Step failed = last(f, new SocketFailed(gen, Cause.CONNECT_FAILED, "refused"));
            Announce a = (Announce) failed.actions().stream().filter(Announce.class::isInstance).findFirst().orElseThrow();
            assertThat(a.state()).isEqualTo(RECONNECTING);
            assertThat(a.attempt()).isEqualTo(attempt);
            delays.add(a.nextDelay());
            details.add(a.detail());
            f = new Fixture(failed.state(), f.now() + MS).then(new TimerFired(Timer.RETRY, failed.state().generation()));
            assertThat(f.state().phase()).isEqualTo(CONNECTING);
        }
        assertThat(delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(800), Duration.ofMillis(800));
        assertThat(details.subList(0, 3)).containsOnly("refused");
        assertThat(details.subList(3, 6)).containsOnly("refused; still retrying every 0.8 s after 3 quick retries");
        assertThat(f.state().reconnects()).isEqualTo(6);
    }

    @Test
    void everyLostSocketCountsOnceByKindAndTheEndOfTheQuickRetriesOnce() {
        Fixture f = FIXTURES.get(CONNECTING);
        List<ConnectionAction> counted = new ArrayList<>();
        for (int attempt = 1; attempt <= 6; attempt++) {
            long gen = f.state().liveGeneration();
            Step failed = last(f, new SocketFailed(gen, Cause.CONNECT_FAILED, "refused"));
            failed.actions().stream().filter(CountError.class::isInstance).forEach(counted::add);
            // A second report of the same failure (error, then close) is not a second error.
            assertThat(MACHINE.apply(failed.state(), new SocketFailed(gen, Cause.DROPPED, "closed"), f.now() + 2 * MS)
                    .actions()).isEmpty();
            f = new Fixture(failed.state(), f.now() + MS).then(new TimerFired(Timer.RETRY, failed.state().generation()));
        }
        // Six refusals; the fourth attempt is the first past the three quick retries.
        List<ConnectionAction> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            expected.add(new CountError(ConnectionErrorKind.CONNECT_FAILED));
            if (i == 3) {
                expected.add(new CountError(ConnectionErrorKind.RETRIES_EXHAUSTED));
            }
        }
        assertThat(counted).containsExactlyElementsOf(expected);
        // The operator's own disconnect and reconnect are no errors.
        assertThat(last(FIXTURES.get(STREAMING), DISCONNECT).actions()).noneMatch(CountError.class::isInstance);
        assertThat(last(FIXTURES.get(STREAMING), RECONNECT).actions()).noneMatch(CountError.class::isInstance);
    }

    @Test
    void theLimitWordsSayHowManyOfOursWereOpen() {
        assertThat(ConnectionStateMachine.limitWords(3))
                .isEqualTo("the account's connection limit was reached: 3 of ours are open");
        assertThat(ConnectionStateMachine.limitWords(1)).isEqualTo("the account's connection limit was reached: only"
                + " this one of ours was open, so other clients on the account hold the rest");
        assertThat(ConnectionStateMachine.limitWords(0)).isEqualTo("the account's connection limit was reached");
    }

    @Test
    void aFrameOverTheLimitComesBackAtOnceTheFirstTime() {
        Step step = last(FIXTURES.get(STREAMING), new SocketFailed(LIVE, Cause.FRAME_TOO_LARGE, "too big"));
        assertThat(step.actions()).contains(announce(STREAMING, RECONNECTING, Cause.FRAME_TOO_LARGE, "too big", 1,
                Duration.ZERO), new StartTimer(Timer.RETRY, LIVE, Duration.ZERO));
    }

    @Test
    void aStatusThatAnnouncesTheCloseIsTheCauseShown() {
        Fixture slow = run(FIXTURES.get(STREAMING), SLOW);
        assertThat(last(slow, FAILED_LIVE).actions())
                .contains(announce(STREAMING, RECONNECTING, Cause.SLOW_CONSUMER, "slow", 1, FIRST_DELAY));
    }

    @Test
    void repeatedConnectionLimitKicksAreTerminalAndStreamingLongEnoughForgetsThem() {
        Fixture kicked = run(FIXTURES.get(SUBSCRIBING), KICKED);
        Step first = last(kicked, FAILED_LIVE);
        // Who opened how many is not known here (0): what is known is said, no more.
        assertThat(first.actions()).contains(new CountError(ConnectionErrorKind.MAX_CONNECTIONS),
                announce(SUBSCRIBING, RECONNECTING, Cause.CONNECTION_LIMIT,
                        "limit; the account's connection limit was reached", 1, FIRST_DELAY));
        assertThat(first.state().consecutiveKicks()).isEqualTo(1);
        // Back, authenticated and kicked again before it was stable: the second kick in a row is the last.
        Fixture again = run(new Fixture(first.state(), kicked.now() + MS), new TimerFired(Timer.RETRY, LIVE),
                new SocketOpened(NEXT), new AuthSucceeded(NEXT, 2), new Kicked(NEXT, "limit", 3));
        Step second = last(again, new SocketFailed(NEXT, Cause.SERVER_CLOSED, "close code 1008"));
        assertThat(second.state().phase()).isEqualTo(FAILED);
        assertThat(second.state().wanted()).isFalse();
        assertThat(second.actions()).contains(new CountError(ConnectionErrorKind.MAX_CONNECTIONS),
                announce(SUBSCRIBING, FAILED, Cause.CONNECTION_LIMIT,
                        "kicked 2 times in a row; the account's connection limit was reached: 3 of ours are open", 1,
                        null));
        // Had it streamed for the stable time in between, the count would have started again.
        Fixture stable = run(new Fixture(first.state(), kicked.now() + MS), new TimerFired(Timer.RETRY, LIVE),
                new SocketOpened(NEXT), new AuthSucceeded(NEXT, 2), new SubscriptionsAnswered(NEXT),
                new TimerFired(Timer.STABLE, NEXT));
        assertThat(stable.state().consecutiveKicks()).isZero();
        assertThat(stable.state().attempt()).isZero();
        Step kickedOnce = last(run(stable, new Kicked(NEXT, "limit")), new SocketFailed(NEXT, Cause.DROPPED, "x"));
        assertThat(kickedOnce.state().phase()).isEqualTo(RECONNECTING);
    }

    @Test
    void failedIsAnnouncedOnceAndNothingButTheOperatorLeavesIt() {
        Fixture failed = FIXTURES.get(FAILED);
        for (ConnectionEvent event : EVENTS) {
            Step step = MACHINE.apply(failed.state(), event == QUIET_TICK ? new Tick(0, 0, true) : event,
                    failed.now() + MS);
            if (event != CONNECT && event != DISCONNECT && event != RECONNECT) {
                assertThat(step.actions()).as(event.toString()).noneMatch(Announce.class::isInstance);
            }
        }
    }

    @Test
    void authSuccessWithNothingToSubscribeStreamsAtOnce() {
        Step step = last(FIXTURES.get(AUTHENTICATING), new AuthSucceeded(LIVE, 0));
        assertThat(step.actions()).containsExactly(new CancelTimer(Timer.HANDSHAKE),
                new StartTimer(Timer.STABLE, LIVE, STABLE),
                announce(AUTHENTICATING, STREAMING, Cause.AUTHENTICATED, "", 0, null));
    }

    @Test
    void keepalivePingsWhenDueAndReplacesASocketThatHearsNothing() {
        Fixture streaming = FIXTURES.get(STREAMING);
        long pingDue = streaming.now() + Duration.ofSeconds(2).toNanos();
        assertThat(MACHINE.apply(streaming.state(), new Tick(pingDue, pingDue, true), pingDue).actions())
                .containsExactly(new SendPing());
        long silent = streaming.state().lastInboundNanos() + Duration.ofSeconds(6).toNanos() + MS;
        Step timedOut = MACHINE.apply(streaming.state(), new Tick(0, silent, true), silent);
        assertThat(timedOut.state().phase()).isEqualTo(RECONNECTING);
        assertThat(timedOut.actions()).containsExactlyElementsOf(
                retries(STREAMING, Cause.KEEPALIVE_TIMEOUT, "nothing received for 6.0 s"));
    }

    @Test
    void aStreamingSocketWithoutDataGoesStaleOnlyWhenTopicsAreWanted() {
        Fixture streaming = FIXTURES.get(STREAMING);
        long quietAt = streaming.now() + Duration.ofMillis(5_001).toNanos();
        Step stale = MACHINE.apply(streaming.state(), new Tick(quietAt, 0, true), quietAt);
        assertThat(stale.actions()).containsExactly(new SendPing(),
                announce(STREAMING, STALE, Cause.NO_DATA, "no data for 5.0 s", 0, null), new AwaitData());
        Step nothingWanted = MACHINE.apply(streaming.state(), new Tick(quietAt, 0, false), quietAt);
        assertThat(nothingWanted.actions()).containsExactly(new SendPing());
        long dataAt = quietAt - Duration.ofSeconds(1).toNanos();
        assertThat(MACHINE.apply(streaming.state(), new Tick(quietAt, dataAt, true), quietAt).state().phase())
                .isEqualTo(STREAMING);
    }

    /** The machine with stale reconnects after 3 stale times (5 s each) and a silence rule the test sets. */
    private static ConnectionStateMachine staleReconnecting(java.util.function.Supplier<SilenceRule.Silence> rule) {
        return new ConnectionStateMachine(CONFIG.withSilenceRule(rule::get).withStaleReconnect(3),
                new SplittableRandom(1));
    }

    /** A tick at {@code at} on a socket that answers pings but delivers no data. */
    private static Step silentTick(ConnectionStateMachine machine, State state, long at) {
        return machine.apply(state, new Tick(at, 0, true), at);
    }

    @Test
    void aConnectionStaleForTheFactorTimesTheStaleTimeReconnectsBySelfAndSaysSo() {
        ConnectionStateMachine machine = staleReconnecting(() -> SilenceRule.Silence.staleAfter(Duration.ofSeconds(5)));
        Fixture streaming = FIXTURES.get(STREAMING);
        long staleAt = streaming.now() + Duration.ofMillis(5_001).toNanos();
        Step stale = silentTick(machine, streaming.state(), staleAt);
        assertThat(stale.state().phase()).isEqualTo(STALE);
        // Planned at once: two more stale times, three in all since the last data.
        assertThat(stale.state().staleReconnectPlanned()).isTrue();
        long due = staleAt + Duration.ofSeconds(10).toNanos();
        assertThat(stale.state().staleReconnectDueNanos()).isEqualTo(due);
        Step waiting = silentTick(machine, stale.state(), due - MS);
        assertThat(waiting.state().phase()).isEqualTo(STALE);
        assertThat(waiting.actions()).noneMatch(a -> a instanceof Announce || a instanceof CloseSocket);
        Step reconnecting = silentTick(machine, waiting.state(), due);
        assertThat(reconnecting.state().phase()).isEqualTo(RECONNECTING);
        assertThat(reconnecting.state().staleReconnectPlanned()).isFalse();
        assertThat(reconnecting.actions()).contains(new CloseSocket(LIVE, Farewell.RECONNECTING),
                new CountError(ConnectionErrorKind.STALE_RECONNECT));
        Announce said = (Announce) reconnecting.actions().stream().filter(Announce.class::isInstance).findFirst()
                .orElseThrow();
        assertThat(said.cause()).isEqualTo(Cause.NO_DATA);
        assertThat(said.detail()).isEqualTo("no data for 15.0 s (3 × the 5.0 s stale time): reconnecting");
        // Off: STALE for as long as it takes.
        ConnectionStateMachine off = new ConnectionStateMachine(CONFIG, new SplittableRandom(1));
        Step staleOff = silentTick(off, streaming.state(), staleAt);
        assertThat(staleOff.state().staleReconnectPlanned()).isFalse();
        assertThat(silentTick(off, staleOff.state(), staleAt + Duration.ofHours(1).toNanos()).state().phase())
                .isEqualTo(STALE);
    }

    @Test
    void aClosedMarketNeverReconnectsForSilenceAndCancelsAPlannedReconnect() {
        java.util.concurrent.atomic.AtomicReference<SilenceRule.Silence> rule = new java.util.concurrent.atomic
                .AtomicReference<>(SilenceRule.Silence.staleAfter(Duration.ofSeconds(5)));
        ConnectionStateMachine machine = staleReconnecting(rule::get);
        Fixture streaming = FIXTURES.get(STREAMING);
        long staleAt = streaming.now() + Duration.ofMillis(5_001).toNanos();
        Step stale = silentTick(machine, streaming.state(), staleAt);
        assertThat(stale.state().staleReconnectPlanned()).isTrue();
        rule.set(SilenceRule.Silence.expected("quiet expected"));
        Step closed = silentTick(machine, stale.state(), staleAt + MS);
        assertThat(closed.state().phase()).isEqualTo(STREAMING);
        assertThat(closed.state().cause()).isEqualTo(Cause.QUIET_EXPECTED);
        assertThat(closed.state().staleReconnectDueNanos()).isZero();
        // A whole night of silence, a tick a minute: nothing reconnects, nothing is counted.
        State s = closed.state();
        for (long minute = 1; minute <= 16 * 60; minute++) {
            Step night = silentTick(machine, s, staleAt + Duration.ofMinutes(minute).toNanos());
            assertThat(night.actions()).noneMatch(a -> a instanceof CloseSocket || a instanceof CountError
                    || a instanceof Announce);
            s = night.state();
        }
        assertThat(s.phase()).isEqualTo(STREAMING);
    }

    @Test
    void theMachineIsATransitionFunctionTheSameInputGivesTheSameOutput() {
        Map<String, Step> first = new LinkedHashMap<>();
        Map<String, Step> second = new LinkedHashMap<>();
        transitions().forEach(a -> {
            String key = a.get()[0] + "+" + a.get()[1];
            first.put(key, apply((ConnectionState) a.get()[0], (ConnectionEvent) a.get()[1]));
            second.put(key, apply((ConnectionState) a.get()[0], (ConnectionEvent) a.get()[1]));
        });
        assertThat(first).isEqualTo(second);
    }
}
