package com.tickstock.console.plant;

import java.util.Map;

/**
 * One entry of the group's command stream ({@link PlantKeys#commands()}), read as text. Entries come from outside
 * the process (anyone who can reach the Redis server can XADD one), so each field a feeder uses is bounded before
 * anything is run, stored or echoed: without the bounds a megabyte verb or argument list came back whole in the
 * reply (the replies stream keeps 10,000) and in the group's log. A field over its bound is refused, naming the field
 * and its length; fields a feeder does not use are ignored whatever they hold.
 *
 * @param id      the sender's id for the reply, or the stream entry id when the entry has none
 * @param command the verb; empty when missing
 * @param args    the arguments; empty when missing
 * @param user    who sent it, {@code ?} when not said
 * @param host    where from, {@code ?} when not said
 * @param problem why the entry is refused unrun (a field over its bound), or null when it may run
 */
record CommandEntry(String id, String command, String args, String user, String host, String problem) {

    /** A UUID is 36 characters; ample room for any sender's own scheme. */
    static final int MAX_ID_CHARS = 128;
    /** The longest verb is {@code reset-assignment}. */
    static final int MAX_COMMAND_CHARS = 64;
    /** A subscribe of several thousand tickers fits. */
    static final int MAX_ARGS_CHARS = 64 * 1024;
    static final int MAX_NAME_CHARS = 256;

    /**
     * Reads the fields of the entry {@code entryId}; null when it has none: deleted (XDEL) while pending, as XADD
     * always writes at least one field.
     */
    static CommandEntry read(String entryId, Map<String, String> body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        String id = body.getOrDefault("id", "");
        String command = body.getOrDefault("command", "");
        String args = body.getOrDefault("args", "");
        String user = body.getOrDefault("user", "?");
        String host = body.getOrDefault("host", "?");
        String problem = tooLong("id", id, MAX_ID_CHARS);
        if (problem != null || id.isBlank()) {
            // Nobody can wait for an answer without a usable id; the entry id still names it in the log.
            problem = problem == null ? null : problem + "; answered as entry " + entryId;
            id = entryId;
        }
        problem = firstNonNull(problem, tooLong("command", command, MAX_COMMAND_CHARS),
                tooLong("args", args, MAX_ARGS_CHARS), tooLong("user", user, MAX_NAME_CHARS),
                tooLong("host", host, MAX_NAME_CHARS));
        if (problem != null) {
            // Nothing of an oversized entry is echoed but its id, who sent it (clipped) and what is wrong.
            return new CommandEntry(id, "", "", clip(user), clip(host), problem);
        }
        return new CommandEntry(id, command, args, user, host, null);
    }

    private static String tooLong(String field, String value, int max) {
        return value.length() <= max ? null : "the entry's '" + field + "' field is " + value.length()
                + " characters long; at most " + max + " are accepted; not run";
    }

    private static String firstNonNull(String... candidates) {
        for (String c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static String clip(String name) {
        return name.length() <= MAX_NAME_CHARS ? name : name.substring(0, MAX_NAME_CHARS) + "...";
    }
}
