package com.tickstock.console.feed;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Predicts the next field name of an event from the event type and the previous field. The server
 * writes every event type's fields in a fixed order, so after a few events nearly every name is
 * predicted, and Jackson's {@code nextFieldName(SerializableString)} confirms it by comparing
 * characters instead of hashing the name and looking it up in its symbol table (the largest single
 * cost of decoding a trade). A wrong prediction only costs that comparison; the table then learns
 * the order it saw. Bounded: one entry per (type, previous field). Not thread-safe.
 */
final class FieldOrder {

    /** "Previous field" before the first field of an event. */
    static final int START = EventFields.SLOTS;
    /** "Previous field" after a field no supported event uses. */
    static final int UNKNOWN_FIELD = EventFields.SLOTS + 1;

    private static final int COLUMNS = EventFields.SLOTS + 2;
    private static final int UNKNOWN_TYPE_ROW = EventType.values().length;
    private static final SerializableString[] KNOWN_NAMES = new SerializableString[EventFields.SLOTS];

    static {
        for (int slot = 0; slot < EventFields.SLOTS; slot++) {
            KNOWN_NAMES[slot] = new SerializedString(EventFields.nameOf(slot));
        }
    }

    private final SerializableString[][] names = new SerializableString[UNKNOWN_TYPE_ROW + 1][COLUMNS];
    private final int[][] slots = new int[UNKNOWN_TYPE_ROW + 1][COLUMNS];

    FieldOrder() {
        // Every event starts with "ev" in the feed's own order; begin with that guess.
        names[UNKNOWN_TYPE_ROW][START] = KNOWN_NAMES[EventFields.EV];
        slots[UNKNOWN_TYPE_ROW][START] = EventFields.EV;
    }

    /** The name expected after {@code previous} in an event of {@code type} (null: not yet known), or null. */
    SerializableString expectedName(EventType type, int previous) {
        return names[row(type)][previous];
    }

    /** The slot of {@link #expectedName}, or -1 when that name is of no supported field. */
    int expectedSlot(EventType type, int previous) {
        return slots[row(type)][previous];
    }

    /** Remembers that {@code name} followed {@code previous}, replacing the old guess. */
    void learn(EventType type, int previous, String name, int slot) {
        int row = row(type);
        // Names of unknown fields get a string of their own; at most one per table cell.
        names[row][previous] = slot >= 0 ? KNOWN_NAMES[slot] : new SerializedString(name);
        slots[row][previous] = slot;
    }

    @SuppressWarnings("EnumOrdinal") // the tables have one row per type, sized by values().length
    private static int row(EventType type) {
        return type == null ? UNKNOWN_TYPE_ROW : type.ordinal();
    }
}
