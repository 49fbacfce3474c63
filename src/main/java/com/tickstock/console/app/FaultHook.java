package com.tickstock.console.app;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.TickConsumer;
import java.lang.System.Logger.Level;

/**
 * Test-only fault injection for the one failure no outside stimulus provokes on purpose: a thread of
 * the console dying of an uncaught error (an {@link OutOfMemoryError} in production). With the system
 * property {@value #FAIL_DISPATCH} set to a connection id, that connection's delivery of ticks (its
 * {@code -dispatch} part) fails on its first batch, exactly as it would if a consumer ran out of memory:
 * on its socket thread, where the error is caught and reported (the socket keeps reading and counting),
 * or on its dispatch thread, which dies of it. Process tests set it with {@code -D}; nothing documented does.
 */
final class FaultHook {

    static final String FAIL_DISPATCH = "tickstock.test.fail-dispatch";

    private FaultHook() {
    }

    static void installIfRequested(ConnectionManager manager) {
        String connectionId = System.getProperty(FAIL_DISPATCH, "");
        if (connectionId.isEmpty()) {
            return;
        }
        System.getLogger(FaultHook.class.getName()).log(Level.WARNING, "test fault injection: the dispatch thread of "
                + connectionId + " will die (" + FAIL_DISPATCH + ")");
        // DIRECT: it runs on the thread delivering the connection's frames; an Error thrown here ends that delivery.
        manager.addConsumer("fault-injection", batch -> {
            if (batch.connectionId().equals(connectionId)) {
                throw new OutOfMemoryError("injected by " + FAIL_DISPATCH);
            }
        }, TickConsumer.Delivery.DIRECT);
    }
}
