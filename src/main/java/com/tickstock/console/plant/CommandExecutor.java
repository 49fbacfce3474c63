package com.tickstock.console.plant;

import com.tickstock.console.feed.TopicState;
import com.tickstock.console.feed.TopicStatus;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.SubscribeResult;
import com.tickstock.console.manager.TickerRouting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one operator command from the {@code commands} stream on the manager and says, in words, what it did or
 * why it refused. Never throws for a bad command: an unknown verb, an unknown connection or malformed arguments
 * are a refusal with the reason.
 *
 * <p>Threads: the command thread only; the manager is thread-safe.
 */
final class CommandExecutor {

    /** What a command did. */
    record Result(boolean ok, String text) {
        static Result refused(String why) {
            return new Result(false, why);
        }
    }

    /** How long a subscribe waits for the feed to confirm the new topics before saying it still waits. */
    static final java.time.Duration CONFIRM_WAIT = java.time.Duration.ofSeconds(3);
    private static final java.time.Duration CONFIRM_POLL = java.time.Duration.ofMillis(20);

    static final String RESET_ASSIGNMENT = "reset-assignment";

    private final ConnectionManager manager;
    /** The ticker → connection assignment of the configured universes, as the manager was built with it. */
    private final Map<String, String> configured;

    CommandExecutor(ConnectionManager manager, Map<String, String> configured) {
        this.manager = manager;
        this.configured = Map.copyOf(configured);
    }

    /** The manager's routing now: a new object after every change, so the command loop can see whether one ran. */
    TickerRouting routing() {
        return manager.routing();
    }

    /** The operators' assignment now, without tickers merely seen on an all-ticker connection. */
    Map<String, String> chosenAssignments() {
        return manager.chosenAssignments(manager.routing());
    }

    Result execute(String command, String args) {
        String verb = command == null ? "" : command.strip().toLowerCase(Locale.ROOT);
        List<String> words = args == null || args.isBlank() ? List.of() : Arrays.asList(args.strip().split("\\s+"));
        try {
            return switch (verb) {
                case "connect", "disconnect", "reconnect" -> lifecycle(verb, words);
                case "subscribe" -> subscribe(words);
                case "unsubscribe" -> unsubscribe(words);
                case "move" -> move(words);
                case RESET_ASSIGNMENT -> resetAssignment(words);
                case "" -> Result.refused("no command given");
                default -> Result.refused("unknown command '" + command.strip()
                        + "'; known: connect, disconnect, reconnect, subscribe, unsubscribe, move, reset-assignment");
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The manager's own words: unknown ticker or connection, already there, no room.
            return Result.refused(e.getMessage());
        }
    }

    private Result lifecycle(String verb, List<String> words) {
        if (words.size() > 1) {
            return Result.refused(verb + " takes one connection id or none (all connections), not '"
                    + String.join(" ", words) + "'");
        }
        List<String> ids = words.isEmpty() ? new ArrayList<>(manager.connectionIds()) : words;
        for (String id : ids) {
            if (!manager.connectionIds().contains(id)) {
                return Result.refused("unknown connection '" + id + "'; configured: " + manager.connectionIds());
            }
        }
        for (String id : ids) {
            switch (verb) {
                case "connect" -> manager.connect(id);
                case "disconnect" -> manager.disconnect(id);
                default -> manager.reconnect(id);
            }
        }
        String past = switch (verb) {
            case "connect" -> "connecting";
            case "disconnect" -> "disconnected";
            default -> "reconnecting";
        };
        return new Result(true, past + " " + (words.isEmpty() ? "all connections " + ids : String.join(" ", ids)));
    }

    private Result subscribe(List<String> tickers) {
        if (tickers.isEmpty()) {
            return Result.refused("subscribe needs at least one ticker");
        }
        SubscribeResult result = manager.subscribe(tickers);
        StringBuilder text = new StringBuilder();
        Map<String, String> confirmed = new TreeMap<>();
        Map<String, String> awaiting = new TreeMap<>();
        Map<String, String> refusedByFeed = new TreeMap<>();
        awaitConfirmation(result.assigned(), confirmed, awaiting, refusedByFeed);
        append(text, "subscribed, confirmed by the feed", confirmed);
        append(text, "sent to the feed, awaiting its confirmation", awaiting);
        append(text, "refused by the feed", refusedByFeed);
        append(text, "already carried", result.alreadyAssigned());
        append(text, "refused", result.rejected());
        return new Result(result.allAccepted() && refusedByFeed.isEmpty(), text.toString());
    }

    /**
     * Sorts newly routed tickers by what the feed answered: every topic confirmed, one rejected (with the server's
     * words), or no answer within {@link #CONFIRM_WAIT} (e.g. the connection is not streaming; it subscribes when
     * it does). So "subscribed" is said only once the feed said so. Polls the connections' topic table, which
     * their own threads keep; the command thread is the only one waiting.
     */
    private void awaitConfirmation(Map<String, String> assigned, Map<String, String> confirmed,
                                   Map<String, String> awaiting, Map<String, String> refused) {
        long deadline = System.nanoTime() + CONFIRM_WAIT.toNanos();
        Map<String, String> open = new TreeMap<>(assigned);
        while (true) {
            open.entrySet().removeIf(e -> {
                List<TopicStatus> topics = manager.connection(e.getValue()).subscriptions().values().stream()
                        .filter(t -> t.topic().ticker().equals(e.getKey())).toList();
                java.util.Optional<TopicStatus> rejected = topics.stream()
                        .filter(t -> t.state() == TopicState.REJECTED).findFirst();
                if (rejected.isPresent()) {
                    refused.put(e.getKey(), e.getValue() + ": " + rejected.get().serverMessage());
                    return true;
                }
                if (!topics.isEmpty() && topics.stream().allMatch(t -> t.state() == TopicState.CONFIRMED)) {
                    confirmed.put(e.getKey(), e.getValue());
                    return true;
                }
                return false;
            });
            if (open.isEmpty() || System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                Thread.sleep(CONFIRM_POLL.toMillis()); // the poll period of another thread's table
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        awaiting.putAll(open);
    }

    private Result unsubscribe(List<String> tickers) {
        if (tickers.isEmpty()) {
            return Result.refused("unsubscribe needs at least one ticker");
        }
        Map<String, String> left = manager.unsubscribe(tickers);
        List<String> unknown = tickers.stream().filter(t -> !left.containsKey(t.toUpperCase(Locale.ROOT))
                && !left.containsKey(t)).toList();
        StringBuilder text = new StringBuilder();
        append(text, "unsubscribed", left);
        if (!unknown.isEmpty()) {
            text.append(text.length() == 0 ? "" : "; ").append("not carried: ").append(String.join(" ", unknown));
        }
        return new Result(unknown.isEmpty(), text.toString());
    }

    private Result move(List<String> words) {
        if (words.size() != 2) {
            return Result.refused("move takes TICKER CONNECTION, not '" + String.join(" ", words) + "'");
        }
        String ticker = words.get(0);
        String to = words.get(1);
        String from = manager.tickerAssignment(ticker).orElse("?");
        manager.move(ticker, to);
        return new Result(true, "moved " + ticker + " from " + from + " to " + to);
    }

    private Result resetAssignment(List<String> words) {
        if (!words.isEmpty()) {
            return Result.refused(RESET_ASSIGNMENT + " takes no arguments, not '" + String.join(" ", words) + "'");
        }
        return new Result(true, AssignmentRestore.apply(manager, configured, "the configured assignment"));
    }

    private static void append(StringBuilder text, String what, Map<String, String> byTicker) {
        if (byTicker.isEmpty()) {
            return;
        }
        if (text.length() > 0) {
            text.append("; ");
        }
        text.append(what).append(':');
        new TreeMap<>(byTicker).forEach((ticker, detail) -> text.append(' ').append(ticker).append(" (")
                .append(detail).append(')'));
    }
}
