package com.tickstock.console.status;

import com.tickstock.console.manager.HealthSnapshot;
import java.util.List;

/**
 * What the status endpoint reports on. Called on the endpoint's request threads, concurrently:
 * implementations only read immutable snapshots or thread-safe counters.
 */
public interface StatusSource {

    /** The newest published health snapshot (cheap; at most a few hundred ms old). */
    HealthSnapshot health();

    /** A snapshot built now, for readiness, which must see a disconnect as soon as it happens. */
    default HealthSnapshot healthNow() {
        return health();
    }

    /**
     * Parts of the console that stopped and will not recover on their own (a thread that died of an
     * uncaught error, a republisher that gave up), each as {@code "part: cause"}. Liveness and
     * readiness fail while this is not empty; connections in FAILED are read from the snapshot.
     */
    default List<String> unrecoverable() {
        return List.of();
    }

    /**
     * The health JSON to serve as {@value StatusServer#WEBSOCKET_STATUS}'s {@code data}, written as is, or
     * {@code null} (the default) to write {@link #health()}: for a console reporting another process's health
     * (an attached view), whose JSON must be that process's, number for number.
     */
    default String healthJson() {
        return null;
    }

    /**
     * Why readiness fails besides the connections' states, e.g. {@code "feeder: lost ..."} for an attached view
     * whose feeder stopped heartbeating; empty (the default) when nothing else is missing. Liveness ignores it:
     * waiting for another process is not a reason to be restarted.
     */
    default List<String> notReady() {
        return List.of();
    }

    /** Appends further metric families (e.g. the Redis republisher's) in Prometheus text format. */
    default void appendMetrics(StringBuilder out) {
    }
}
