package com.tickstock.console.plant;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.SubscribeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a manager carry exactly the ticker → connection assignment the group's previous leader published,
 * operator changes included: tickers it no longer carried are unsubscribed, the ones it added are subscribed,
 * and every ticker is moved to the connection it was on. Runs once a new leader has asked its connections to
 * connect (subscribing needs a live connection to place a ticker).
 */
final class AssignmentRestore {

    private AssignmentRestore() {
    }

    /** One line for the event log: what was changed, and what could not be (with the reason). */
    static String apply(ConnectionManager manager, Map<String, String> desired) {
        Map<String, String> current = manager.routing().assignments();
        List<String> dropped = current.keySet().stream().filter(t -> !desired.containsKey(t)).toList();
        if (!dropped.isEmpty()) {
            manager.unsubscribe(dropped);
        }
        List<String> added = desired.keySet().stream().filter(t -> !current.containsKey(t)).toList();
        List<String> problems = new ArrayList<>();
        if (!added.isEmpty()) {
            SubscribeResult result = manager.subscribe(added);
            result.rejected().forEach((ticker, why) -> problems.add(ticker + ": " + why));
        }
        int moved = 0;
        for (Map.Entry<String, String> e : desired.entrySet()) {
            String now = manager.tickerAssignment(e.getKey()).orElse(null);
            if (now == null || now.equals(e.getValue())) {
                continue;
            }
            try {
                manager.move(e.getKey(), e.getValue());
                moved++;
            } catch (IllegalArgumentException ex) {
                problems.add(e.getKey() + " -> " + e.getValue() + ": " + ex.getMessage());
            }
        }
        return "resubscribed the previous leader's assignment of " + desired.size() + " tickers (" + added.size()
                + " added, " + dropped.size() + " removed, " + moved + " moved"
                + (problems.isEmpty() ? ")" : "; not applied: " + String.join("; ", problems) + ")");
    }
}
