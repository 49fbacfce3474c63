package com.tickstock.console.feed;

/** Where one desired subscription stands with the server. */
public enum TopicState {
    /** Sent (or to be sent on the next connect), not yet acknowledged. */
    PENDING,
    /** The server acknowledged it. */
    CONFIRMED,
    /** The server refused it; the message says why. */
    REJECTED
}
