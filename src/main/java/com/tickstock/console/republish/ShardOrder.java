package com.tickstock.console.republish;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Keeps each shard's messages in order on a Redis Cluster while the way to the shard's master changes. A shard is
 * written on one path at a time (a master's connection, or Lettuce's routing for a redirected message): a message
 * that would take another path while older messages of its shard are still unsettled (unanswered, redirected and
 * waiting to be sent again, or landed but not yet confirmed by WAIT) is held back here, in order, until those older
 * ones settle; messages sent again (redirected, failed, unconfirmed) are older than everything held and always go
 * first. No slot logic: the path is whatever Lettuce's view names, this only decides when the next message may take it.
 *
 * <p>With replica confirmation a redirected shard also waits until Lettuce's view names another master than the one
 * that redirected it ({@link #redirectedBy}): a message is written only straight to a master's connection, where a
 * WAIT after it vouches for it.
 *
 * <p>Threads: {@link #held} and {@link #lastPath} are the publisher thread's. {@link #unsettled} is raised by the
 * publisher before a message's first write and lowered by whichever thread settles it (a Lettuce I/O thread);
 * {@link #redirectedBy} is set by the I/O thread that sees the redirect and cleared by the publisher; the held
 * flag is written by the publisher and read by the I/O threads (to wake the publisher when a held shard settles).
 * {@link #queuedAgain} is raised by whichever thread queues a message to be sent again and lowered by the publisher.
 */
final class ShardOrder {

    /** The path of messages that go through Lettuce's routing (a master's path is its connection's channel). */
    static final Object VIA_LETTUCE = new Object();

    private final AtomicIntegerArray unsettled;
    /** Each shard's written attempts not answered yet: raised by the publisher, lowered by the I/O thread. */
    private final AtomicIntegerArray answering;
    /** The send (a running number) that last wrote each shard. Publisher thread only. */
    private final long[] lastSend;
    /**
     * Each shard's messages waiting in the publisher's queue to be sent again (redirected, failed, refused for now,
     * unconfirmed): raised by whichever thread queues one, before it does, lowered by the publisher as it takes one
     * out. While it is above zero no message of the shard is written, not even on its current path: every queued one
     * is older than every held or new one, and must join the held ones (in order) first.
     */
    private final AtomicIntegerArray queuedAgain;
    private final AtomicReferenceArray<String> redirectedBy;
    private final List<PriorityQueue<PublishCommand>> held;
    private final Object[] lastPath;
    /** Messages held in all shards. Publisher thread only. */
    private int heldCount;
    /** Whether {@link #heldCount} is above zero: written by the publisher, read by the I/O threads. */
    private volatile boolean anyHeld;

    ShardOrder(int shards) {
        this.unsettled = new AtomicIntegerArray(shards);
        this.answering = new AtomicIntegerArray(shards);
        this.queuedAgain = new AtomicIntegerArray(shards);
        this.lastSend = new long[shards];
        this.redirectedBy = new AtomicReferenceArray<>(shards);
        this.held = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            held.add(null);
        }
        this.lastPath = new Object[shards];
    }

    /** Whether {@code shard} holds messages back: every newer message of it joins them. Publisher thread. */
    boolean holds(int shard) {
        PriorityQueue<PublishCommand> queue = held.get(shard);
        return queue != null && !queue.isEmpty();
    }

    /** Whether any shard holds messages back. Any thread. */
    boolean holdsAny() {
        return anyHeld;
    }

    /** Holds {@code command} back, in its place among its shard's held messages (by running number). Publisher. */
    void hold(PublishCommand command) {
        PriorityQueue<PublishCommand> queue = held.get(command.shard());
        if (queue == null) {
            queue = new PriorityQueue<>(Comparator.comparingLong(PublishCommand::order));
            held.set(command.shard(), queue);
        }
        queue.add(command);
        heldCount++;
        anyHeld = true;
    }

    /** The oldest held message of {@code shard}, or null. Publisher thread. */
    PublishCommand nextHeld(int shard) {
        PriorityQueue<PublishCommand> queue = held.get(shard);
        return queue == null ? null : queue.peek();
    }

    /** Takes {@link #nextHeld} out, once it has been placed in a write. Publisher thread. */
    void releaseNext(int shard) {
        held.get(shard).poll();
        heldCount--;
        anyHeld = heldCount > 0;
    }

    /**
     * Whether {@code command} may be written on {@code path} in the send numbered {@code send}. Lettuce's routing keeps
     * the order of what one send gives it, but not across sends: a message it routed by a stale view and that comes
     * back redirected arrives after one routed later by a fresh view. So through Lettuce a shard goes only when none of
     * its messages is unanswered, or together with the ones this same send gave it. Straight to a master, a message
     * sent again (older than everything held) may go when none of its shard's is unanswered elsewhere; a new one when
     * none of its shard's is unsettled elsewhere (one waiting to be sent again, or to be confirmed, must land first).
     * Nothing of a shard is written, on any path, while one of its messages waits in the queue to be sent again.
     */
    boolean mayWrite(PublishCommand command, Object path, long send) {
        int shard = command.shard();
        if (queuedAgain.get(shard) > 0) {
            return false; // an older message of the shard waits to be sent again: it goes first
        }
        boolean samePath = lastPath[shard] == path && (path != VIA_LETTUCE || lastSend[shard] == send);
        if (samePath) {
            return true;
        }
        return command.written() ? answering.get(shard) == 0 : unsettled.get(shard) == 0;
    }

    /**
     * {@code command} is being written on {@code path} (to {@code masterNodeId}, null via Lettuce) in the send
     * numbered {@code send}. Publisher thread, before the write.
     */
    void writing(PublishCommand command, Object path, String masterNodeId, long send) {
        int shard = command.shard();
        if (!command.written()) {
            unsettled.incrementAndGet(shard);
        }
        answering.incrementAndGet(shard);
        command.written(masterNodeId);
        lastPath[shard] = path;
        lastSend[shard] = send;
    }

    /**
     * The attempt {@code command} had an answer or failed, after the publisher was told (a redirected or failed one is
     * queued to be sent again by then). I/O thread, or the publisher when a write is refused.
     */
    void answered(PublishCommand command) {
        if (command.counted()) {
            answering.decrementAndGet(command.shard());
        }
    }

    /** A message that was written settled (published, refused for good, dropped at shutdown). Any thread. */
    void settled(PublishCommand command) {
        if (command.written()) {
            unsettled.decrementAndGet(command.shard());
        }
    }

    /** A message of {@code shard} is being queued to be sent again. Any thread, before it is queued. */
    void queuedAgain(int shard) {
        queuedAgain.incrementAndGet(shard);
    }

    /** A message of {@code shard} was taken out of that queue, to be placed or held now. Publisher thread. */
    void takenAgain(int shard) {
        queuedAgain.decrementAndGet(shard);
    }

    /** With replica confirmation: the master with node ID {@code nodeId} redirected a message of {@code shard}. */
    void redirected(int shard, String nodeId) {
        if (nodeId != null) {
            redirectedBy.set(shard, nodeId);
        }
    }

    /**
     * With replica confirmation: whether {@code shard} still waits for Lettuce's view to name another master than
     * the one that redirected it; {@code ownerNodeId} is the master the view names now (null: none). Publisher.
     */
    boolean awaitsOtherOwner(int shard, String ownerNodeId) {
        String by = redirectedBy.get(shard);
        if (by == null) {
            return false;
        }
        if (ownerNodeId == null || ownerNodeId.equals(by)) {
            return true;
        }
        redirectedBy.compareAndSet(shard, by, null);
        return false;
    }

    /** Every held message, oldest first per shard, and none held after. Publisher thread (at close). */
    List<PublishCommand> takeAll() {
        List<PublishCommand> all = new ArrayList<>();
        for (PriorityQueue<PublishCommand> queue : held) {
            if (queue != null) {
                while (!queue.isEmpty()) {
                    all.add(queue.poll());
                }
            }
        }
        heldCount = 0;
        anyHeld = false;
        return all;
    }
}
