package com.tickstock.console.manager;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Something registered with the {@link ConnectionManager} (a consumer, a listener, a health
 * section); {@link #close()} removes it. Closing twice does nothing; any thread may close.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Removes the registration. A callback already under way on another thread may still finish. */
    @Override
    void close();

    /** A registration that runs {@code unregister} on the first close only. */
    static Registration once(Runnable unregister) {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                unregister.run();
            }
        };
    }
}
