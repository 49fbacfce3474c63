package com.tickstock.console.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Faults injected on every connection by schedule, counted in the data events sent on that connection, for people
 * testing their own consumers ({@code --drop-every}, {@code --close-after}, {@code --stall-after},
 * {@code --malformed-every}, {@code --status-error-every}, {@code --unknown-every}); 0 turns one off. Immutable.
 *
 * @param dropEvery        drop the connection without a close frame once it has sent this many events (a client
 *                         that reconnects is dropped again after as many more)
 * @param closeAfter       close the connection cleanly (1000) once it has sent this many events
 * @param stallAfter       stop sending (the socket stays open) once it has sent this many events
 * @param malformedEvery   a frame that is not JSON after every this many events
 * @param statusErrorEvery a {@code status: error} frame after every this many events
 * @param unknownEvery     an event of an unknown type after every this many events
 */
public record FaultPlan(long dropEvery, long closeAfter, long stallAfter, long malformedEvery, long statusErrorEvery,
                        long unknownEvery) {

    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, 0, 0, 0);

    public FaultPlan {
        for (Map.Entry<String, Long> e : asOptions(dropEvery, closeAfter, stallAfter, malformedEvery, statusErrorEvery,
                unknownEvery).entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException(e.getKey() + " must be a number of events >= 0 (0 = off), was "
                        + e.getValue());
            }
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Option name → value, in the order of the command line's help. */
    public Map<String, Long> options() {
        return asOptions(dropEvery, closeAfter, stallAfter, malformedEvery, statusErrorEvery, unknownEvery);
    }

    private static Map<String, Long> asOptions(long drop, long close, long stall, long malformed, long statusError,
                                               long unknown) {
        Map<String, Long> options = new LinkedHashMap<>();
        options.put("--drop-every", drop);
        options.put("--close-after", close);
        options.put("--stall-after", stall);
        options.put("--malformed-every", malformed);
        options.put("--status-error-every", statusError);
        options.put("--unknown-every", unknown);
        return options;
    }
}
