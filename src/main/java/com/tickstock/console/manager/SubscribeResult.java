package com.tickstock.console.manager;

import java.util.Map;

/**
 * What a dynamic subscribe did with each requested ticker.
 *
 * @param assigned        newly assigned ticker → connection id
 * @param alreadyAssigned tickers that were already carried, with their connection (nothing sent)
 * @param rejected        ticker → why it was not assigned (invalid, no live connection, capacity)
 */
public record SubscribeResult(Map<String, String> assigned, Map<String, String> alreadyAssigned,
                              Map<String, String> rejected) {

    public SubscribeResult {
        assigned = Map.copyOf(assigned);
        alreadyAssigned = Map.copyOf(alreadyAssigned);
        rejected = Map.copyOf(rejected);
    }

    /** Whether every ticker asked for is now carried (none was refused). */
    public boolean allAccepted() {
        return rejected.isEmpty();
    }
}
