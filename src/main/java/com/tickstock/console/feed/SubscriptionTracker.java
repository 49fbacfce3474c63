package com.tickstock.console.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The desired subscription set of one connection — the source of truth that is re-sent after every
 * reconnect — and each topic's standing with the server.
 *
 * <p>Threads: only the connection's control thread writes; any thread may read (the map is
 * concurrent, and each entry is an immutable {@link TopicStatus}).
 */
final class SubscriptionTracker {

    private static final String SUBSCRIBED_PREFIX = "subscribed to: ";
    private static final String UNSUBSCRIBED_PREFIX = "unsubscribed to: ";

    private final ConcurrentHashMap<Topic, TopicStatus> desired = new ConcurrentHashMap<>();
    /**
     * Topics sent and not yet answered, in send order (control thread only). The server answers
     * the items of a subscribe in order, and its refusal ("not authorized") does not name the
     * topic: the oldest unanswered topic is the one refused.
     */
    private final java.util.LinkedHashSet<Topic> unanswered = new java.util.LinkedHashSet<>();

    /** Adds topics; returns those that were not desired before (the ones to send). */
    List<Topic> add(Collection<Topic> topics) {
        List<Topic> added = new ArrayList<>();
        for (Topic topic : topics) {
            if (desired.putIfAbsent(topic, new TopicStatus(topic, TopicState.PENDING, "")) == null) {
                added.add(topic);
            }
        }
        return added;
    }

    /** Removes topics; returns those that were desired (the ones to unsubscribe). */
    List<Topic> remove(Collection<Topic> topics) {
        List<Topic> removed = new ArrayList<>();
        for (Topic topic : topics) {
            if (desired.remove(topic) != null) {
                removed.add(topic);
            }
            unanswered.remove(topic);
        }
        return removed;
    }

    /** Records topics just sent in a subscribe, in the order sent. */
    void sent(Collection<Topic> topics) {
        for (Topic topic : topics) {
            if (desired.containsKey(topic)) {
                unanswered.add(topic);
            }
        }
    }

    /** After a (re)connect nothing is confirmed any more: everything is about to be sent again. */
    void markAllPending() {
        desired.replaceAll((topic, status) -> new TopicStatus(topic, TopicState.PENDING, ""));
        unanswered.clear();
    }

    /**
     * Applies a {@code success} status message ("subscribed to: T.AAPL"). Returns whether it was a
     * subscription acknowledgement this tracker understood.
     */
    boolean applyAck(String message) {
        if (message.startsWith(SUBSCRIBED_PREFIX)) {
            Topic topic = parseQuietly(message.substring(SUBSCRIBED_PREFIX.length()));
            if (topic != null) {
                unanswered.remove(topic);
                desired.computeIfPresent(topic, (t, s) -> new TopicStatus(t, TopicState.CONFIRMED, ""));
            }
            return topic != null;
        }
        // Unsubscribe acks need no bookkeeping: the topic left the desired set when it was sent.
        return message.startsWith(UNSUBSCRIBED_PREFIX);
    }

    /**
     * Applies an {@code error} status message: every desired topic the message names is marked
     * rejected; a message naming none refuses the oldest unanswered topic. Returns how many
     * topics were marked.
     */
    int applyError(String message) {
        int named = 0;
        for (Map.Entry<Topic, TopicStatus> entry : desired.entrySet()) {
            if (containsTopic(message, entry.getKey().wire())) {
                reject(entry.getKey(), message);
                named++;
            }
        }
        if (named == 0 && !unanswered.isEmpty()) {
            reject(unanswered.iterator().next(), message);
            named = 1;
        }
        return named;
    }

    private void reject(Topic topic, String message) {
        unanswered.remove(topic);
        desired.computeIfPresent(topic, (t, s) -> new TopicStatus(t, TopicState.REJECTED, message));
    }

    private static boolean containsTopic(String message, String wire) {
        int at = message.indexOf(wire);
        while (at >= 0) {
            int end = at + wire.length();
            boolean startOk = at == 0 || !Character.isLetterOrDigit(message.charAt(at - 1));
            boolean endOk = end == message.length() || (!Character.isLetterOrDigit(message.charAt(end))
                    && message.charAt(end) != '.');
            if (startOk && endOk) {
                return true;
            }
            at = message.indexOf(wire, at + 1);
        }
        return false;
    }

    private static Topic parseQuietly(String item) {
        try {
            return Topic.parse(item);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Set<Topic> topics() {
        return Set.copyOf(desired.keySet());
    }

    boolean isEmpty() {
        return desired.isEmpty();
    }

    int count(TopicState state) {
        int n = 0;
        for (TopicStatus status : desired.values()) {
            if (status.state() == state) {
                n++;
            }
        }
        return n;
    }

    Map<Topic, TopicStatus> statuses() {
        return Map.copyOf(desired);
    }
}
