package com.tickstock.console.feed;

/**
 * What every socket of one connection records into: counts, sequence checks, lag, and the hand-off to the
 * consumers. It lives as long as the connection, so the totals, the lag window and the sequence marks carry over a
 * reconnect (a gap across a reconnect is data this connection never saw, and is counted as such).
 *
 * <p>Threads: each socket is read by a thread of its own, one message at a time; after a reconnect the
 * old socket's last frame may still be on its reader while the new socket's first is on the new one's. So each socket's
 * {@link SocketReader} records a decoded frame while holding this object's monitor: one writer at a time, and each
 * sees what the one before wrote. The same hold covers the hand-off, and with it the consumers' work when it delivers
 * inline: frames of an old and a new socket reach the consumers one at a time, in the order recorded. The monitor is
 * contended only in that overlap. The control thread and readers of snapshots only read (volatile counters,
 * {@link LagWindow#roll} on the control thread).
 */
final class ReceiveState {

    final ReceiveCounters counters;
    final SequenceTracker sequences;
    final LagWindow lag;
    final EventHandoff handoff;

    ReceiveState(ReceiveCounters counters, SequenceTracker sequences, LagWindow lag, EventHandoff handoff) {
        this.counters = counters;
        this.sequences = sequences;
        this.lag = lag;
        this.handoff = handoff;
    }
}
