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

    /** Appends further metric families (e.g. the Redis republisher's) in Prometheus text format. */
    default void appendMetrics(StringBuilder out) {
    }
}
