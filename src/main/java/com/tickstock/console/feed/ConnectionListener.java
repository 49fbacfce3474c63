package com.tickstock.console.feed;

/**
 * Receives what one connection produces. Neither method ever runs on the socket thread.
 * An exception thrown here is caught, counted and logged; it never reaches the connection.
 */
public interface ConnectionListener {

    /** Market data, one frame's worth, on the connection's dispatch thread in arrival order. */
    default void onEvents(EventBatch batch) {
    }

    /** A state change, on the connection's control thread: must return quickly. */
    default void onStateChange(StateChange change) {
    }
}
