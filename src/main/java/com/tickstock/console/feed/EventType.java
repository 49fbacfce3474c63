package com.tickstock.console.feed;

/** Event types of the stocks feed, keyed by the protocol's {@code ev} value. */
public enum EventType {
    TRADE("T"),
    QUOTE("Q"),
    SECOND_BAR("A"),
    MINUTE_BAR("AM"),
    STATUS("status"),
    LULD("LULD"),
    IMBALANCE("NOI"),
    FAIR_MARKET_VALUE("FMV");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code ev} value on the wire, also the subscription prefix for data events. */
    public String wireName() {
        return wireName;
    }

    /** Whether the event carries market data (a "tick") rather than session status. */
    public boolean isMarketData() {
        return this != STATUS;
    }

    /** The type for an {@code ev} value, or {@code null} when the feed sent one this console does not know. */
    public static EventType fromWire(String ev) {
        if (ev == null) {
            return null;
        }
        switch (ev) {
            case "T": return TRADE;
            case "Q": return QUOTE;
            case "A": return SECOND_BAR;
            case "AM": return MINUTE_BAR;
            case "status": return STATUS;
            case "LULD": return LULD;
            case "NOI": return IMBALANCE;
            case "FMV": return FAIR_MARKET_VALUE;
            default: return null;
        }
    }
}
