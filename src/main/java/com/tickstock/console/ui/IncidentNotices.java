package com.tickstock.console.ui;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns connection troubles into one notification per incident instead of one per state change: a one-second
 * drop of three connections is "3 connections dropped and recovered in 1 s", not six pop-ups.
 *
 * <p>An incident starts with the first connection in trouble and collects every trouble and recovery that follows
 * within {@link #QUIET_MILLIS} of the one before. When it has been quiet that long (or has gone on for
 * {@link #LONGEST_WAIT_MILLIS} without a pause) it is announced once: as recovered when every connection in it is
 * streaming again, otherwise as down or failed. An incident announced while connections were still down gets one
 * more notice when the last of them recovers ("recovered after 40 s"), or when another connection joins it. The
 * event log keeps every single change.
 *
 * <p>Threads: FX thread only (fed and polled by the console's pulse); times are passed in, so it is a pure model.
 */
final class IncidentNotices {

    /** Changes closer together than this are one burst. */
    static final long QUIET_MILLIS = 1_000;
    /** A burst that never pauses is announced after this long anyway. */
    static final long LONGEST_WAIT_MILLIS = 5_000;

    /** Connection id to its display name ("connection_1 (primary)"), in the order they got into trouble. */
    private final Map<String, String> involved = new LinkedHashMap<>();
    private final Set<String> down = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private String firstCause = "";
    private long firstAt = -1;
    private long lastAt;
    private long lastRecoveredAt;
    private boolean announced;

    /** {@code id} went into trouble (reconnecting, stale) or failed for good, at {@code at} (epoch ms). */
    void trouble(String id, String displayName, boolean failedForGood, String cause, long at) {
        if (involved.isEmpty()) {
            firstAt = at;
            firstCause = cause;
        }
        boolean joined = involved.put(id, displayName) == null;
        boolean newlyFailed = failedForGood && failed.add(id);
        down.add(id);
        lastAt = Math.max(lastAt, at);
        if (joined || newlyFailed) {
            // Something the operator has not been told yet: announce again once it settles.
            announced = false;
        }
    }

    /** {@code id} streams again. */
    void recovered(String id, long at) {
        if (down.remove(id)) {
            failed.remove(id);
            lastAt = Math.max(lastAt, at);
            lastRecoveredAt = Math.max(lastRecoveredAt, at);
        }
    }

    /** The operator disconnected {@code id}: whatever it went through is no longer news. */
    void withdrawn(String id) {
        if (involved.remove(id) != null) {
            down.remove(id);
            failed.remove(id);
            if (involved.isEmpty()) {
                reset();
            }
        }
    }

    /** The notice due at {@code now}, if the incident has settled enough to tell. */
    Optional<Notice> due(long now) {
        if (involved.isEmpty()) {
            return Optional.empty();
        }
        // Once told, only a real pause counts: a connection that flaps back down at once is the same incident.
        boolean settled = now - lastAt >= QUIET_MILLIS || (!announced && now - firstAt >= LONGEST_WAIT_MILLIS);
        if (down.isEmpty()) {
            if (!settled) {
                return Optional.empty();
            }
            String words = announced ? " recovered after " : " dropped and recovered in ";
            Notice notice = new Notice(false, subject(involved.keySet()) + words + seconds(lastRecoveredAt - firstAt),
                    details(involved.keySet()));
            reset();
            return Optional.of(notice);
        }
        if (announced || !settled) {
            return Optional.empty();
        }
        announced = true;
        List<String> stillDown = involved.keySet().stream().filter(down::contains).toList();
        boolean allFailed = failed.containsAll(stillDown);
        String title = subject(stillDown) + (allFailed ? " failed" : " down");
        int back = involved.size() - stillDown.size();
        if (back > 0) {
            title += ", " + back + " recovered";
        }
        return Optional.of(new Notice(true, title, details(stillDown)));
    }

    /** Whether an incident is open (for tests). */
    boolean open() {
        return !involved.isEmpty();
    }

    private String subject(Iterable<String> ids) {
        List<String> list = new ArrayList<>();
        ids.forEach(list::add);
        return list.size() == 1 ? involved.get(list.get(0)) : list.size() + " connections";
    }

    /** Which connections (when several) and what the first of them went through. */
    private String details(Iterable<String> ids) {
        List<String> names = new ArrayList<>();
        ids.forEach(id -> names.add(involved.get(id)));
        String who = names.size() > 1 ? String.join(", ", names) + ": " : "";
        return who + firstCause;
    }

    /** "1 s" for anything up to a second (a drop and its recovery are never "0 s"), then the usual words. */
    private static String seconds(long millis) {
        return Formats.duration(Math.max(1_000, (millis + 999) / 1_000 * 1_000));
    }

    private void reset() {
        involved.clear();
        down.clear();
        failed.clear();
        firstCause = "";
        firstAt = -1;
        lastAt = 0;
        lastRecoveredAt = 0;
        announced = false;
    }
}
