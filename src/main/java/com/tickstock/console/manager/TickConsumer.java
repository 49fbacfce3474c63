package com.tickstock.console.manager;

import com.tickstock.console.feed.EventBatch;

/** Receives the market data of every connection, one frame's worth at a time. */
@FunctionalInterface
public interface TickConsumer {

    /**
     * Called with each frame's events. How and where depends on the {@link Delivery} chosen at
     * registration; an exception thrown here is caught and counted against this consumer only.
     */
    void onTicks(EventBatch batch);

    /**
     * Called once, before any tick, with the last values already known when the consumer is registered (an
     * attached console's tables filled from the feeder's {@code last} hash); nothing for a local manager. Values
     * given here replace what the consumer holds for those tickers.
     */
    default void onLastValues(java.util.Collection<TickerLast> values) {
    }

    /**
     * Everything received so far came from a feed that is gone (an attached console's feeder restarted, or
     * another one took over): forget it; last values of the new feed follow.
     */
    default void onReset() {
    }

    /** How a consumer is called. */
    enum Delivery {
        /**
         * On the thread that delivers the connection's frames — its socket thread (a connection's
         * frames never wait for a hand-off), or its dispatch thread while a listener of the connection
         * may block — up to one call per connection at a time, so the consumer must be thread-safe and
         * must not block: the socket reads nothing while it runs (e.g. the republisher's non-blocking
         * buffer, the UI's latest-value table, the plant's last values under a per-ticker lock).
         */
        DIRECT,
        /**
         * On a thread of the consumer's own, through a bounded queue: a slow or blocking consumer
         * (user callbacks) falls behind alone, and what it could not take is counted as dropped.
         */
        QUEUED
    }
}
