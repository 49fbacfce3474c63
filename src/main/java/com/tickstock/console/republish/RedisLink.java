package com.tickstock.console.republish;

import io.lettuce.core.api.StatefulConnection;
import io.netty.channel.Channel;

/**
 * What the publisher thread needs of its way to Redis: one connection to a single Redis or a Sentinel's master
 * ({@link RedisConnector}), or Lettuce's cluster connection ({@link ClusterConnector}). Every method runs on the
 * publisher thread unless it says otherwise.
 */
interface RedisLink {

    /** Starts or completes the first connection attempt when due. */
    void poll(long nowNanos);

    /** Whether commands can be sent now. */
    boolean isUsable();

    /** The netty channel pre-rendered batches go to, or null (always null for a cluster: Lettuce routes there). */
    Channel writableChannel();

    /** The connection to dispatch a PING on while {@link #writableChannel()} is usable, else null (a cluster: null). */
    StatefulConnection<byte[], byte[]> writableConnection();

    /** Makes Lettuce re-make a connection that stopped answering (a cluster's node connections re-make themselves). */
    void dropChannel();

    /** Nanoseconds until the next first-connection attempt, or a large value when none is scheduled. */
    long nanosToNextAttempt(long nowNanos);

    /** The latest connection problem; any thread. */
    ConnectionProblem problem();

    /** The latest connection problem, masked; any thread. */
    default String lastError() {
        return problem().lastError();
    }

    /** Whether the latest problem needs an operator rather than time; any thread. */
    default boolean needsOperator() {
        return problem().needsOperator();
    }

    /** Records a problem seen elsewhere (an error reply), masked; any thread. */
    default void reportError(String message, boolean operatorNeeded) {
        problem().report(message, operatorNeeded);
    }

    /** Closes the connection (Lettuce cancels what is still in flight) and releases the threads. */
    void close();
}
