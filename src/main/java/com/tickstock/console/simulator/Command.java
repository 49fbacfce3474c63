package com.tickstock.console.simulator;

import java.util.concurrent.CompletableFuture;

/**
 * What reaches a connection's sender thread through its inbox. Everything that changes a
 * session goes through here, so the session state has a single owner and a fault lands between
 * two frames, never in the middle of one.
 */
sealed interface Command {

    /** A text frame the client sent. Offered by a Grizzly worker thread. */
    record ClientText(String text) implements Command {
    }

    /** The client closed, or the TCP connection went away. */
    record PeerClosed() implements Command {
    }

    /** This connection went over its key's connection limit. */
    record Kick() implements Command {
    }

    /** The server is closing. */
    record Shutdown() implements Command {
    }

    /** A new pace for this connection's generated events; 0 or less for as fast as possible. */
    record Rate(double eventsPerSecond, CompletableFuture<Void> done) implements Command {
    }

    /** A fault a test asked for; {@code done} completes once it took effect. */
    record Fault(FaultKind kind, String text, int code, CompletableFuture<Void> done) implements Command {
        Fault(FaultKind kind) {
            this(kind, null, 0, new CompletableFuture<>());
        }

        Fault(FaultKind kind, String text) {
            this(kind, text, 0, new CompletableFuture<>());
        }
    }

    enum FaultKind {
        DROP_FIN, DROP_RST, CLOSE_CLEAN, MALFORMED_FRAME, RAW_FRAME, FRAGMENTED_FRAME, BINARY_FRAME, UNKNOWN_EVENT, STATUS_ERROR,
        STALL, SILENCE, RESUME, SLOW_CONSUMER, FORCE_DISCONNECT
    }
}
