package com.tickstock.console.feed;

/**
 * Receives what one connection produces. An exception thrown here is caught, counted and logged; it never reaches
 * the connection.
 */
public interface ConnectionListener {

    /**
     * Market data, one frame's worth, in arrival order, one call at a time per connection. On the connection's socket
     * thread while none of its listeners {@link #mayBlock may block}, else on its dispatch thread.
     */
    default void onEvents(EventBatch batch) {
    }

    /** A state change, on the connection's control thread: must return quickly. */
    default void onStateChange(StateChange change) {
    }

    /**
     * Whether {@link #onEvents} may wait (on a lock held for long, I/O, another thread). Asked once, when the
     * listener is added. While any listener of a connection may block, its frames go through a bounded queue to a
     * dispatch thread, so a listener that falls behind costs counted drops and never stalls the socket; when none
     * may, each frame is delivered on the socket thread that read it, saving a thread hand-off per frame. A listener
     * that says {@code false} must return in microseconds (a non-blocking offer, a short uncontended lock): the
     * socket reads nothing while it runs. The safe default is {@code true}.
     */
    default boolean mayBlock() {
        return true;
    }
}
