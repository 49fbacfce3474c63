package com.tickstock.console.plant;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One operator command as a console sends it (the contract's {@code command} and {@code args}), checked for
 * shape before anything is sent; whether it can be done is the feeder's to say.
 *
 * @param command {@code connect}, {@code disconnect}, {@code reconnect}, {@code subscribe}, {@code unsubscribe}
 *                {@code move} or {@code reset-assignment}
 * @param args    space separated: connection id, tickers, or {@code TICKER CONNECTION} for move; may be empty
 */
public record AttachCommand(String command, String args) {

    public static final List<String> COMMANDS =
            List.of("connect", "disconnect", "reconnect", "subscribe", "unsubscribe", "move", "reset-assignment");

    /** Back to the configured universes: the group's desired assignment is deleted and the leader applies them. */
    public static final AttachCommand RESET_ASSIGNMENT = new AttachCommand("reset-assignment", "");

    /**
     * Parses {@code "subscribe NEWT"}, {@code "move NEWT connection_2"}, {@code "reconnect"}...
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public static AttachCommand parse(String line) {
        List<String> words = line == null ? List.of()
                : Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("--command is empty; expected one of " + String.join(", ", COMMANDS));
        }
        String command = words.get(0).toLowerCase(Locale.ROOT);
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException("--command '" + words.get(0) + "' is not one of "
                    + String.join(", ", COMMANDS));
        }
        List<String> args = words.subList(1, words.size());
        if ((command.equals("subscribe") || command.equals("unsubscribe")) && args.isEmpty()) {
            throw new IllegalArgumentException("--command " + command + " needs one or more tickers, e.g. '"
                    + command + " NEWT'");
        }
        if (command.equals("move") && args.size() != 2) {
            throw new IllegalArgumentException("--command move needs a ticker and a connection, e.g."
                    + " 'move NEWT connection_2'");
        }
        if (command.equals("reset-assignment") && !args.isEmpty()) {
            throw new IllegalArgumentException("--command reset-assignment takes no arguments, not '"
                    + String.join(" ", args) + "'");
        }
        return new AttachCommand(command, String.join(" ", args));
    }

    @Override
    public String toString() {
        return args.isEmpty() ? command : command + " " + args;
    }
}
