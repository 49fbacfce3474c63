package com.tickstock.console.plant;

import com.tickstock.console.config.FeederSettings;

/** The Redis names of one feeder group, as docs/plant-protocol.md lists them. */
public record PlantKeys(String prefix) {

    public static final String COMMAND_GROUP = "feeders";

    public static PlantKeys of(FeederSettings feeder) {
        return new PlantKeys(feeder.keyPrefix());
    }

    public String heartbeat() {
        return prefix + "feeder";
    }

    public String healthChannel() {
        return prefix + "health";
    }

    public String log() {
        return prefix + "log";
    }

    public String assignment() {
        return prefix + "assignment";
    }

    /**
     * The group's desired assignment (hash ticker -> connection): operator changes, kept apart from the leader's
     * published {@link #assignment()}; absent while the configuration applies.
     */
    public String desired() {
        return prefix + "desired";
    }

    public String last() {
        return prefix + "last";
    }

    public String commands() {
        return prefix + "commands";
    }

    public String replies() {
        return prefix + "replies";
    }

    /** The leader's lease: {@code <feeder id>/<instance>}, with an expiry; only its holder holds vendor connections. */
    public String lease() {
        return prefix + "lease";
    }

    /** A standby's own heartbeat (it must not touch the leader's): what it waits for, with a short expiry. */
    public String standby(String feederId) {
        return prefix + "standby:" + feederId;
    }

    /**
     * The ids of the group's standbys (a set, expiring with the last standby's look): an attached console reads the
     * few {@link #standby} keys it names instead of scanning a keyspace it may share with millions of other keys.
     */
    public String standbys() {
        return prefix + "standbys";
    }

    /** Set once a command ran, so that a second delivery of it is only acknowledged. */
    public String done(String commandId) {
        return prefix + "done:" + commandId;
    }
}
