package com.tickstock.console.simulator;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.nio.NIOConnection;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;

/**
 * Faults below the WebSocket layer for one connection: drop the TCP connection without a close
 * frame (FIN, or RST), and stop reading it so that even pings go unanswered.
 *
 * <p>Stopping reads parks the Grizzly read in progress ({@link FilterChainContext#suspend()});
 * Grizzly then reads nothing more from that socket until the park is resumed, and the client's
 * frames pile up in the kernel buffers, exactly as with a hung server.
 *
 * <p>Threads: the pause flag and parked context are guarded by {@code this}; Grizzly worker
 * threads park, the connection's sender thread pauses, resumes and drops.
 */
final class TransportControl {

    private static final System.Logger LOG = System.getLogger(TransportControl.class.getName());

    private final Connection<?> connection;
    private boolean readsPaused;
    private FilterChainContext parked;
    /** When the client last sent anything; written by Grizzly worker threads, read by the sender thread. */
    private volatile long lastReadNanos = System.nanoTime();

    TransportControl(Connection<?> connection) {
        this.connection = connection;
    }

    /** Called for every read from the client (data, pings, pongs): it is alive. */
    void noteRead() {
        lastReadNanos = System.nanoTime();
    }

    /** {@link System#nanoTime()} of the client's last read (of this object's creation before any). */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** For a session whose TCP connection could not be found; transport faults then fail loudly. */
    static TransportControl detached() {
        return new TransportControl(null);
    }

    boolean attached() {
        return connection != null;
    }

    synchronized boolean parkIfReadsPaused(FilterChainContext ctx) {
        if (!readsPaused) {
            return false;
        }
        ctx.suspend();
        parked = ctx;
        return true;
    }

    synchronized void pauseReads() {
        requireAttached();
        readsPaused = true;
    }

    void resumeReads() {
        FilterChainContext toResume;
        synchronized (this) {
            readsPaused = false;
            toResume = parked;
            parked = null;
        }
        if (toResume != null) {
            // Hands the parked read on to Tyrus (on this thread), then Grizzly reads again.
            toResume.resumeNext();
        }
    }

    /** Closes the socket without a WebSocket close frame; the client sees a FIN after all data sent. */
    void dropWithFin() {
        requireAttached();
        connection.closeSilently();
    }

    /** Closes the socket with an RST (SO_LINGER 0): the client may lose data not yet read. */
    void dropWithReset() {
        requireAttached();
        if (connection instanceof NIOConnection nio) {
            SelectableChannel channel = nio.getChannel();
            if (channel instanceof NetworkChannel net) {
                try {
                    SocketOption<Integer> linger = StandardSocketOptions.SO_LINGER;
                    net.setOption(linger, 0);
                } catch (IOException | UnsupportedOperationException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not set SO_LINGER 0, dropping with FIN", e);
                }
            }
        }
        connection.terminateSilently();
    }

    void requireAttached() {
        if (connection == null) {
            throw new UnsupportedOperationException("the TCP connection of this session is unknown");
        }
    }
}
