package com.tickstock.console.republish;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One PUBLISH or XADD carrying one message (one tick, or one batch of ticks): a {@code RedisCommand} of our own
 * ({@link SettlingCommand}) rather than one of Lettuce's async API, which wraps every command in a CompletableFuture
 * and Lettuce's argument objects — at several hundred thousand commands a second, garbage and I/O-thread time the
 * publisher does not need. The publisher thread renders the whole RESP frame once ({@link Frames}); encoding on the
 * I/O thread is a single copy. Outcomes go to a {@link Listener} exactly once, on whichever thread Lettuce completes
 * the command (normally the connection's I/O thread).
 */
final class PublishCommand extends SettlingCommand<Void> {

    /** Receives each command's outcome once. Implementations must not block: they run on Lettuce's I/O thread. */
    interface Listener {
        /** Redis acknowledged the message. */
        void onAck(PublishCommand command);

        /** Redis answered with an error reply, e.g. {@code NOAUTH ...} or {@code WRONGTYPE ...}. */
        void onErrorReply(PublishCommand command, String error);

        /** The command never got an answer: rejected, disconnected, cancelled on close. */
        void onFailure(PublishCommand command, Throwable cause);
    }

    /**
     * Renders complete commands: {@code *3 $7 PUBLISH $n channel $m message} or
     * {@code *8 $4 XADD $n key $6 MAXLEN $1 ~ $k maxlen $1 * $4 data $m message}, all but the message's length
     * and bytes fixed per republisher.
     */
    static final class Frames {
        /** {@code $N\r\n} and CRLF around the longest entry ID, {@code 18446744073709551615-18446744073709551615}. */
        private static final int MAX_ID_BULK = 4 + 41 + 2;

        private final CommandType type;
        private final byte[] prefix;
        /** With explicit entry IDs: the command up to MAXLEN's value, and from {@code data} to the message's '$'. */
        private final byte[] idHead;
        private final byte[] idTail;

        Frames(byte[] target, long streamMaxLen) {
            this(target, streamMaxLen, false);
        }

        /**
         * @param explicitIds XADD with an ID the caller gives ({@link #frame(JsonBytes, String)}) instead of '*', so
         *                    that Redis refuses an entry written again after it already landed
         */
        Frames(byte[] target, long streamMaxLen, boolean explicitIds) {
            this(target, streamMaxLen, explicitIds, false);
        }

        /** @param shardedPubSub {@code SPUBLISH} instead of {@code PUBLISH} (a Redis Cluster's sharded Pub/Sub) */
        Frames(byte[] target, long streamMaxLen, boolean explicitIds, boolean shardedPubSub) {
            this.type = streamMaxLen > 0 ? CommandType.XADD : shardedPubSub ? CommandType.SPUBLISH : CommandType.PUBLISH;
            if (explicitIds && streamMaxLen > 0) {
                JsonBytes h = new JsonBytes(64 + target.length);
                h.raw(ascii("*8\r\n")).raw(bulk(ascii("XADD"))).raw(bulk(target)).raw(bulk(ascii("MAXLEN")))
                        .raw(bulk(ascii("~"))).raw(bulk(ascii(Long.toString(streamMaxLen))));
                this.idHead = h.toByteArray();
                JsonBytes t = new JsonBytes(16);
                t.raw(bulk(ascii("data"))).raw((byte) '$');
                this.idTail = t.toByteArray();
            } else {
                this.idHead = null;
                this.idTail = null;
            }
            JsonBytes head = new JsonBytes(64 + target.length);
            if (streamMaxLen > 0) {
                // Approximate trimming lets Redis drop whole radix-tree nodes instead of single entries.
                head.raw(ascii("*8\r\n")).raw(bulk(ascii("XADD"))).raw(bulk(target)).raw(bulk(ascii("MAXLEN")))
                        .raw(bulk(ascii("~"))).raw(bulk(ascii(Long.toString(streamMaxLen)))).raw(bulk(ascii("*")))
                        .raw(bulk(ascii("data")));
            } else {
                head.raw(ascii("*3\r\n")).raw(bulk(ascii(type.name()))).raw(bulk(target));
            }
            head.raw((byte) '$');
            this.prefix = head.toByteArray();
        }

        /** Room to leave in front of a message so that {@link #frameInPlace} can put the header there. */
        int headroom() {
            return idHead == null ? prefix.length + 10 + 2 : idHead.length + MAX_ID_BULK + idTail.length + 10 + 2;
        }

        /** Whether commands carry explicit entry IDs. */
        boolean explicitIds() {
            return idHead != null;
        }

        /** The prefix for an entry with ID {@code id}: everything before the message's length. */
        private byte[] prefixFor(String id) {
            if (id == null) {
                return prefix;
            }
            byte[] idBulk = bulk(ascii(id));
            byte[] out = new byte[idHead.length + idBulk.length + idTail.length];
            System.arraycopy(idHead, 0, out, 0, idHead.length);
            System.arraycopy(idBulk, 0, out, idHead.length, idBulk.length);
            System.arraycopy(idTail, 0, out, idHead.length + idBulk.length, idTail.length);
            return out;
        }

        /**
         * Completes the message written into {@code json} after {@link #headroom()} bytes into a command in the
         * same array, without copying the message: for batches of hundreds of kilobytes. Takes the array over.
         *
         * @return the array; the command spans {@code [start[0], start[0] + length[0])}
         */
        byte[] frameInPlace(JsonBytes json, int[] startAndLength) {
            return frameInPlace(json, startAndLength, null);
        }

        /** {@link #frameInPlace(JsonBytes, int[])} for the entry with ID {@code id} (explicit IDs only). */
        byte[] frameInPlace(JsonBytes json, int[] startAndLength, String id) {
            byte[] prefix = prefixFor(id);
            int headroom = headroom();
            int length = json.length() - headroom;
            byte[] lengthDigits = Integer.toString(length).getBytes(StandardCharsets.US_ASCII);
            json.putBefore(headroom, CRLF, 0, 2);
            json.putBefore(headroom - 2, lengthDigits, 0, lengthDigits.length);
            int start = headroom - 2 - lengthDigits.length - prefix.length;
            json.putBefore(start + prefix.length, prefix, 0, prefix.length);
            json.raw(CRLF);
            startAndLength[0] = start;
            startAndLength[1] = json.length() - start;
            return json.takeArray();
        }

        /** The whole command for the message held in {@code json}. */
        byte[] frame(JsonBytes json) {
            return frame(json, null);
        }

        /** The whole command for the message held in {@code json}, as the entry with ID {@code id} (explicit IDs). */
        byte[] frame(JsonBytes json, String id) {
            byte[] prefix = prefixFor(id);
            int length = json.length();
            int digits = JsonBytes.digits(length);
            byte[] frame = new byte[prefix.length + digits + 2 + length + 2];
            System.arraycopy(prefix, 0, frame, 0, prefix.length);
            int at = prefix.length + digits;
            for (int i = at - 1, v = length; i >= prefix.length; i--, v /= 10) {
                frame[i] = (byte) ('0' + v % 10);
            }
            frame[at++] = '\r';
            frame[at++] = '\n';
            json.copyTo(frame, at);
            at += length;
            frame[at++] = '\r';
            frame[at] = '\n';
            return frame;
        }

        CommandType type() {
            return type;
        }

        private static byte[] bulk(byte[] value) {
            byte[] length = ascii("$" + value.length + "\r\n");
            byte[] out = new byte[length.length + value.length + 2];
            System.arraycopy(length, 0, out, 0, length.length);
            System.arraycopy(value, 0, out, length.length, value.length);
            out[out.length - 2] = '\r';
            out[out.length - 1] = '\n';
            return out;
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private final Listener listener;
    private final byte[] frame;
    private final int frameStart;
    private final int frameLength;
    private final int ticks;
    private final long offeredNanos;
    private final long[] batchOfferedNanos;
    private final int attempt;
    /** Orders re-sends by entry ID (explicit IDs): the publisher's running number of the command's first tick. */
    private final long order;
    /** REDIS_SHARDS: the shard written to; see {@link #shard(int)}. */
    private int shard;
    /** Replica confirmation: the group the command was last written with; set by the publisher before the write. */
    private volatile ConfirmGroup group;
    /** Replica confirmation: Redis took the entry (or refused a re-send as already there). Set on the I/O thread. */
    private volatile boolean landed;
    /**
     * Redis answered this message with an error reply once (BUSY, OOM…): it was never written, whatever later
     * attempts are told. Set on the I/O thread, carried into every {@link #retry()}.
     */
    private volatile boolean refusedOnce;
    /**
     * Redis Cluster: a node answered an attempt with MOVED or ASK, so this message goes through Lettuce's routing
     * (which follows redirects) rather than straight to the master the publisher's view names. Set on the I/O thread
     * before the command is queued for its re-send, carried into every {@link #retry()}.
     */
    private volatile boolean viaClusterRouting;
    /**
     * Redis Cluster: some attempt of this message has been written (so it counts in its shard's unsettled messages
     * until it settles, see {@link ShardOrder}). Set by the publisher thread before the write, carried into every
     * {@link #retry()}.
     */
    private boolean written;
    /**
     * Redis Cluster: the node ID of the master this attempt was written to directly, null through Lettuce's routing;
     * read on the I/O thread when that master redirects it. Set by the publisher thread before the write.
     */
    private String writtenTo;
    /** Redis Cluster: this attempt counts in its shard's unanswered ones ({@link ShardOrder}). Set before the write. */
    private boolean counted;

    /**
     * @param frame             the complete RESP command, from {@link Frames#frame}
     * @param offeredNanos      when the single tick was offered (per-tick messages)
     * @param batchOfferedNanos when each tick was offered (batch messages), else {@code null}
     */
    PublishCommand(Listener listener, CommandType type, byte[] frame, int ticks, long offeredNanos,
                   long[] batchOfferedNanos, int attempt) {
        this(listener, type, frame, 0, frame.length, ticks, offeredNanos, batchOfferedNanos, attempt);
    }

    /** A command occupying {@code frame[frameStart, frameStart + frameLength)}, from {@link Frames#frameInPlace}. */
    PublishCommand(Listener listener, CommandType type, byte[] frame, int frameStart, int frameLength, int ticks,
                   long offeredNanos, long[] batchOfferedNanos, int attempt) {
        this(listener, type, frame, frameStart, frameLength, ticks, offeredNanos, batchOfferedNanos, attempt, 0);
    }

    /** With {@code order}, the running number that sorts re-sends by entry ID (explicit IDs). */
    PublishCommand(Listener listener, CommandType type, byte[] frame, int frameStart, int frameLength, int ticks,
                   long offeredNanos, long[] batchOfferedNanos, int attempt, long order) {
        super(type, new AckOutput());
        this.order = order;
        this.listener = listener;
        this.frame = frame;
        this.frameStart = frameStart;
        this.frameLength = frameLength;
        this.ticks = ticks;
        this.offeredNanos = offeredNanos;
        this.batchOfferedNanos = batchOfferedNanos;
        this.attempt = attempt;
    }

    /** The same message as a fresh command, to send again after a failure. */
    PublishCommand retry() {
        PublishCommand again = new PublishCommand(listener, (CommandType) getType(), frame, frameStart, frameLength,
                ticks, offeredNanos, batchOfferedNanos, attempt + 1, order);
        again.shard = shard;
        again.routeBy(getArgs());
        // An attempt that landed was written after all: a later refusal of its re-send means it is there.
        again.refusedOnce = refusedOnce && !landed;
        again.viaClusterRouting = viaClusterRouting;
        again.written = written;
        return again;
    }

    /** The {@code REDIS_SHARDS} shard the command writes to (0 with one shard); for the per-shard counts. */
    int shard() {
        return shard;
    }

    /** Set by the publisher thread before the command is first written (the write hands it to the I/O thread). */
    void shard(int shard) {
        this.shard = shard;
    }

    long order() {
        return order;
    }

    ConfirmGroup group() {
        return group;
    }

    void group(ConfirmGroup group) {
        this.group = group;
    }

    /** Marks the message as answered with an error reply: no attempt of it has been written so far. */
    void refused() {
        refusedOnce = true;
    }

    /** Whether an earlier attempt was answered with an error reply (so an entry of it was never written). */
    boolean refusedBefore() {
        return refusedOnce;
    }

    boolean viaClusterRouting() {
        return viaClusterRouting;
    }

    void viaClusterRouting(boolean viaClusterRouting) {
        this.viaClusterRouting = viaClusterRouting;
    }

    boolean written() {
        return written;
    }

    /** Publisher thread, before the write (which hands the command to the I/O thread). */
    void written(String masterNodeId) {
        this.written = true;
        this.writtenTo = masterNodeId;
        this.counted = true;
    }

    /** Whether this attempt was placed in a write (and so counts as unanswered until its outcome). */
    boolean counted() {
        return counted;
    }

    /** The master's node ID this attempt was written to directly; null when it went through Lettuce's routing. */
    String writtenTo() {
        return writtenTo;
    }

    boolean landed() {
        return landed;
    }

    void landed(boolean landed) {
        this.landed = landed;
    }

    @Override
    public void encode(ByteBuf buf) {
        buf.writeBytes(frame, frameStart, frameLength);
    }

    int ticks() {
        return ticks;
    }

    /** PUBLISH's reply: how many subscribers received the message; -1 for XADD or before the reply. */
    long receivers() {
        return ((AckOutput) getOutput()).receivers;
    }

    int attempt() {
        return attempt;
    }

    /** Records each tick's offer-to-acknowledgement time. */
    void recordLatencies(PublishStats stats, long ackNanos) {
        if (batchOfferedNanos == null) {
            stats.recordLatency(ackNanos - offeredNanos);
        } else {
            for (int i = 0; i < ticks; i++) {
                stats.recordLatency(ackNanos - batchOfferedNanos[i]);
            }
        }
    }

    @Override
    void answered(String error) {
        if (error == null) {
            listener.onAck(this);
        } else {
            listener.onErrorReply(this, error);
        }
    }

    @Override
    void failed(Throwable cause) {
        listener.onFailure(this, cause);
    }

    /** Keeps PUBLISH's receiver count; XADD's entry id is not needed. Written and read on the I/O thread. */
    private static final class AckOutput extends CommandOutput<byte[], byte[], Void> {

        private long receivers = -1;

        AckOutput() {
            super(ByteArrayCodec.INSTANCE, null);
        }

        @Override
        public void set(ByteBuffer bytes) {
            // ignored: the entry id of XADD
        }

        @Override
        public void set(long integer) {
            receivers = integer;
        }
    }
}
