package com.tickstock.console.plant;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.SubscribeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a manager carry exactly a ticker → connection assignment (the group's desired one, or the configured one):
 * tickers it no longer carried are unsubscribed, the ones it added are subscribed, and every ticker is moved to the connection it was on. A new leader runs it once it has asked its connections to
 * connect; {@code reset-assignment} runs it on the command thread.
 */
final class AssignmentRestore {

    private AssignmentRestore() {
    }

    /**
     * One line for the event log: what was changed, and what could not be (with the reason); {@code what} names the
     * assignment applied ("the group's desired assignment").
     */
    static String apply(ConnectionManager manager, Map<String, String> desired, String what) {
        // Tickers that traded on an all-ticker connection are the feed's, not an assignment to restore.
        Map<String, String> current = manager.chosenAssignments(manager.routing());
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
        return "applied " + what + " of " + desired.size() + " tickers (" + added.size()
                + " added, " + dropped.size() + " removed, " + moved + " moved"
                + (problems.isEmpty() ? ")" : "; not applied: " + String.join("; ", problems) + ")");
    }
}
