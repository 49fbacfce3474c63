package com.tickstock.console.feed;

import java.time.Duration;

/** What {@link ConnectionStateMachine} asks {@link FeedConnection} to do; executed in order on the control thread. */
sealed interface ConnectionAction {

    /** The machine's timers; starting one replaces the running one of the same kind. */
    enum Timer {
        /** Bound on opening the socket, then on authenticating. */
        HANDSHAKE,
        /** The wait before the next attempt. */
        RETRY,
        /** Streaming this long resets the attempt and kick counts. */
        STABLE
    }

    /** How a socket is closed, as the server will see it. */
    enum Farewell {
        BY_OPERATOR(1000, "closed by operator"),
        RECONNECTING(1001, "reconnecting"),
        NOT_WANTED(1000, "not wanted any more");

        final int code;
        final String phrase;

        Farewell(int code, String phrase) {
            this.code = code;
            this.phrase = phrase;
        }
    }

    /** Open a new socket (on the connector thread), numbered {@code generation}. */
    record OpenSocket(long generation) implements ConnectionAction { }

    /** Close the socket of this generation if it is (or becomes) open. */
    record CloseSocket(long generation, Farewell farewell) implements ConnectionAction { }

    /** The socket of this generation is open and is now the connection's socket. */
    record AdoptSocket(long generation) implements ConnectionAction { }

    /** Send the key. */
    record SendAuth() implements ConnectionAction { }

    /** Mark every wanted topic pending and send them all. */
    record SubscribeAll() implements ConnectionAction { }

    /** Ask the live socket's reader to report the next market data ({@link ConnectionEvent.DataArrived}). */
    record AwaitData() implements ConnectionAction { }

    record SendPing() implements ConnectionAction { }

    /** Start (or restart) a timer that fires {@link ConnectionEvent.TimerFired} with this generation. */
    record StartTimer(Timer timer, long generation, Duration delay) implements ConnectionAction { }

    record CancelTimer(Timer timer) implements ConnectionAction { }

    record CancelTimers() implements ConnectionAction { }

    /** Count a lost or refused socket of this kind where the operator sees errors. */
    record CountError(ConnectionErrorKind kind) implements ConnectionAction { }

    /** Tell the world: log, snapshot, listeners. {@code nextDelay} only when entering RECONNECTING. */
    record Announce(ConnectionState previous, ConnectionState state, Cause cause, String detail, int attempt,
                    Duration nextDelay) implements ConnectionAction { }
}
