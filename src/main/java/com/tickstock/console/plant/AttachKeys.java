package com.tickstock.console.plant;

/**
 * The Redis names an attached console reads and writes for one feeder group, as docs/plant-protocol.md
 * defines them: every one starts with {@code tickstock:<group>:}.
 *
 * @param group the feeder group, e.g. {@code default}
 */
public record AttachKeys(String group) {

    public static final String DEFAULT_GROUP = "default";

    public AttachKeys {
        if (group == null || group.isBlank() || group.chars().anyMatch(c -> c <= ' ' || c == ':')) {
            throw new IllegalArgumentException("a feeder group is a non-empty word without spaces or ':', not '"
                    + group + "'");
        }
    }

    private String name(String suffix) {
        return "tickstock:" + group + ":" + suffix;
    }

    /** The heartbeat key (TTL 5 s): gone means no feeder. */
    public String heartbeat() {
        return name("feeder");
    }

    /** Ticker to connection, field {@code _version} the routing version. */
    public String assignment() {
        return name("assignment");
    }

    /** Ticker to last-values JSON. */
    public String last() {
        return name("last");
    }

    /** The feeder's event log (a capped stream). */
    public String log() {
        return name("log");
    }

    /** The set of the standbys' ids (see {@link PlantKeys#standbys()}). */
    public String standbys() {
        return name("standbys");
    }

    /** A standby's key ({@code standby:<id>}, TTL 5 s): what it waits for; gone when the standby is. */
    public String standby(String feederId) {
        return name("standby:" + feederId);
    }

    public String commands() {
        return name("commands");
    }

    public String replies() {
        return name("replies");
    }
}
