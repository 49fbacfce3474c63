package com.tickstock.console.republish;

/**
 * A connector's latest connection problem, masked, and whether it needs an operator (auth, TLS, DNS) rather than
 * time; kept after recovery as history, except that a connection clears {@link #needsOperator}. Each new kind of
 * failure is logged once, not every retry of it.
 *
 * <p>Threads: written by the publisher thread and Lettuce's event and I/O threads (volatile fields), read by anyone
 * building a status.
 */
final class ConnectionProblem {

    private static final System.Logger LOG = System.getLogger(ConnectionProblem.class.getName());

    private final RedisEndpoint endpoint;
    /** "Redis" or "Redis Cluster": how messages name what the endpoint is. */
    private final String what;
    private volatile String lastError;
    private volatile boolean needsOperator;

    ConnectionProblem(RedisEndpoint endpoint, String what) {
        this.endpoint = endpoint;
        this.what = what;
    }

    String lastError() {
        return lastError;
    }

    boolean needsOperator() {
        return needsOperator;
    }

    /** A connection was made: what needed an operator is fixed. */
    void connected() {
        needsOperator = false;
    }

    /** A problem seen elsewhere (an error reply), masked. */
    void report(String message, boolean operatorNeeded) {
        lastError = endpoint.scrub(what + " at " + endpoint.masked() + ": " + message);
        needsOperator = operatorNeeded;
    }

    /** A failed connection attempt, described for an operator ({@link RedisConnector#describe}). */
    void record(Throwable failure) {
        RedisConnector.Failure f = RedisConnector.describe(failure);
        String message = endpoint.scrub(what + " at " + endpoint.masked() + ": " + f.message());
        boolean changed = !message.equals(lastError);
        lastError = message;
        needsOperator = f.needsOperator();
        if (changed) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
