package com.tickstock.console.feed;

/**
 * Sees every text frame a connection receives, exactly as received, and every message it sends, before anything
 * else is done with them: the seam a recorder of the raw feed hangs on (see {@link FeedConnection#setRawFrameTap}).
 *
 * <p>Both methods run on threads that must never wait: {@link #frameReceived} on the socket thread, once per frame,
 * ahead of decoding; {@link #messageSent} on the connection's control thread. An implementation may only hand the
 * text on (to a bounded queue, say) and return. An exception it throws is not caught: it would fail the socket
 * thread, so it must throw none.
 */
public interface RawFrameTap {

    /**
     * A text frame, whole, as it came off the socket.
     *
     * @param connectionId  the connection, e.g. {@code connection_1}
     * @param socket        the generation of the socket it came on: it changes with every reconnect
     * @param receiveNanos  {@link System#nanoTime()} when the frame was handed over, before decoding
     */
    void frameReceived(String connectionId, long socket, long receiveNanos, String frame);

    /**
     * A message the connection just wrote to its socket; the {@code auth} message arrives with its key already
     * replaced by {@link #REDACTED}, so no tap ever sees the key.
     */
    void messageSent(String connectionId, long socket, long sentNanos, String message);

    /** What stands for the API key in a recorded {@code auth} message. */
    String REDACTED = "REDACTED";
}
