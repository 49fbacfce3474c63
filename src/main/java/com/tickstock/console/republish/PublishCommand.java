package com.tickstock.console.republish;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;

/**
 * One PUBLISH or XADD carrying one message (one tick, or one batch of ticks), built directly rather than
 * through the async API: the async API wraps every command in a CompletableFuture, which at several hundred
 * thousand commands a second is garbage the publisher does not need. Outcomes go to a {@link Listener}
 * exactly once, on whichever thread Lettuce completes the command (normally the connection's I/O thread).
 */
final class PublishCommand extends Command<byte[], byte[], Void> {

    /** Receives each command's outcome once. Implementations must not block: they run on Lettuce's I/O thread. */
    interface Listener {
        /** Redis acknowledged the message. */
        void onAck(PublishCommand command);

        /** Redis answered with an error reply, e.g. {@code NOAUTH ...} or {@code WRONGTYPE ...}. */
        void onErrorReply(PublishCommand command, String error);

        /** The command never got an answer: rejected, disconnected, cancelled on close. */
        void onFailure(PublishCommand command, Throwable cause);
    }

    private static final byte[] MAXLEN = CommandKeyword.MAXLEN.getBytes();
    private static final byte[] APPROXIMATELY = "~".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUTO_ID = "*".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_FIELD = "data".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle NOTIFIED;

    static {
        try {
            NOTIFIED = MethodHandles.lookup().findVarHandle(PublishCommand.class, "notified", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Listener listener;
    private final byte[] target;
    private final long streamMaxLen;
    private final byte[] payload;
    private final int ticks;
    private final long offeredNanos;
    private final long[] batchOfferedNanos;
    private final int attempt;
    @SuppressWarnings("unused") // via NOTIFIED
    private volatile int notified;

    /**
     * @param target            channel, or stream key when {@code streamMaxLen > 0}
     * @param streamMaxLen      0 for PUBLISH, else XADD with {@code MAXLEN ~ streamMaxLen}
     * @param offeredNanos      when the single tick was offered (per-tick messages)
     * @param batchOfferedNanos when each tick was offered (batch messages), else {@code null}
     */
    PublishCommand(Listener listener, byte[] target, long streamMaxLen, byte[] payload, int ticks,
                   long offeredNanos, long[] batchOfferedNanos, int attempt) {
        super(streamMaxLen > 0 ? CommandType.XADD : CommandType.PUBLISH, new AckOutput(),
                args(target, streamMaxLen, payload));
        this.listener = listener;
        this.target = target;
        this.streamMaxLen = streamMaxLen;
        this.payload = payload;
        this.ticks = ticks;
        this.offeredNanos = offeredNanos;
        this.batchOfferedNanos = batchOfferedNanos;
        this.attempt = attempt;
    }

    /** The same message as a fresh command, to send again after a failure. */
    PublishCommand retry() {
        return new PublishCommand(listener, target, streamMaxLen, payload, ticks, offeredNanos, batchOfferedNanos,
                attempt + 1);
    }

    int ticks() {
        return ticks;
    }

    int attempt() {
        return attempt;
    }

    byte[] payload() {
        return payload;
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
    public void complete() {
        super.complete();
        if (firstOutcome()) {
            String error = getOutput().getError();
            if (error == null) {
                listener.onAck(this);
            } else {
                listener.onErrorReply(this, error);
            }
        }
    }

    @Override
    public boolean completeExceptionally(Throwable throwable) {
        super.completeExceptionally(throwable);
        if (firstOutcome()) {
            listener.onFailure(this, throwable);
        }
        return true;
    }

    @Override
    public void cancel() {
        super.cancel();
        if (firstOutcome()) {
            listener.onFailure(this, new CancellationException("command cancelled"));
        }
    }

    private boolean firstOutcome() {
        return NOTIFIED.compareAndSet(this, 0, 1);
    }

    private static CommandArgs<byte[], byte[]> args(byte[] target, long streamMaxLen, byte[] payload) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(target);
        if (streamMaxLen > 0) {
            // Approximate trimming lets Redis drop whole radix-tree nodes instead of single entries.
            args.add(MAXLEN).add(APPROXIMATELY).add(streamMaxLen).add(AUTO_ID).add(DATA_FIELD);
        }
        return args.addValue(payload);
    }

    /** Accepts PUBLISH's receiver count and XADD's entry id without keeping them: only success matters. */
    private static final class AckOutput extends CommandOutput<byte[], byte[], Void> {

        AckOutput() {
            super(ByteArrayCodec.INSTANCE, null);
        }

        @Override
        public void set(ByteBuffer bytes) {
            // ignored: the entry id of XADD
        }

        @Override
        public void set(long integer) {
            // ignored: the receiver count of PUBLISH
        }
    }
}
