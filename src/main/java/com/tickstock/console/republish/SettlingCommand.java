package com.tickstock.console.republish;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A command the republisher builds itself: it implements {@link RedisCommand}, the type Lettuce's public
 * {@code StatefulConnection.dispatch} takes, rather than extending Lettuce's own {@code Command}, so nothing here
 * depends on how a Lettuce release implements its commands. The PING goes through {@code dispatch}; the batches of
 * ticks go as one channel write ({@link #writeToChannel}, which says why), and so do WAITs, which must follow the
 * writes they vouch for on the same TCP connection.
 *
 * <p>Its bytes are rendered once by the publisher thread ({@link #encode} copies them into Lettuce's buffer); the
 * reply is read by a {@link CommandOutput} of its own. Its outcome reaches the subclass exactly once, through
 * {@link #answered}, {@link #failed}: on whichever thread Lettuce completes it, normally the connection's I/O thread
 * (Lettuce may complete one command more than once, e.g. cancel after a failure, so the first outcome wins).
 *
 * <p>Threads: the state is written by whichever thread completes the command (one wins the {@code outcome} flag) and
 * read by any; the output is written by the I/O thread before {@code complete}.
 */
abstract class SettlingCommand<T> implements RedisCommand<byte[], byte[], T> {

    private static final int PENDING = 0;
    private static final int COMPLETED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(SettlingCommand.class, "outcome", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ProtocolKeyword type;
    private CommandOutput<byte[], byte[], T> output;
    /** Redis Cluster: the key Lettuce routes the command by; null elsewhere. Set before the first dispatch. */
    private volatile CommandArgs<byte[], byte[]> args;
    @SuppressWarnings("unused") // via OUTCOME
    private volatile int outcome;

    SettlingCommand(ProtocolKeyword type, CommandOutput<byte[], byte[], T> output) {
        this.type = type;
        this.output = output;
    }

    /** Redis answered; {@code error} is its error reply, or null. */
    abstract void answered(String error);

    /** No answer: the write failed, the connection broke with replays off, or the command was cancelled on close. */
    abstract void failed(Throwable cause);

    @Override
    public final CommandOutput<byte[], byte[], T> getOutput() {
        return output;
    }

    @Override
    public final void setOutput(CommandOutput<byte[], byte[], T> output) {
        this.output = output;
    }

    @Override
    public final void complete() {
        if (OUTCOME.compareAndSet(this, PENDING, COMPLETED)) {
            answered(output == null ? null : output.getError());
        }
    }

    @Override
    public final boolean completeExceptionally(Throwable throwable) {
        if (OUTCOME.compareAndSet(this, PENDING, COMPLETED)) {
            failed(throwable);
            return true;
        }
        return false;
    }

    @Override
    public final void cancel() {
        if (OUTCOME.compareAndSet(this, PENDING, CANCELLED)) {
            failed(new CancellationException("command cancelled"));
        }
    }

    @Override
    public final boolean isCancelled() {
        return outcome == CANCELLED;
    }

    @Override
    public final boolean isDone() {
        return outcome != PENDING;
    }

    @Override
    public final CommandArgs<byte[], byte[]> getArgs() {
        return args;
    }

    /** Redis Cluster: the arguments Lettuce's routing reads the key from; the frame is still what is written. */
    final void routeBy(CommandArgs<byte[], byte[]> keyOnly) {
        this.args = keyOnly;
    }

    @Override
    public final ProtocolKeyword getType() {
        return type;
    }

    @Override
    public abstract void encode(ByteBuf buf);

    /**
     * Writes a batch as one message on the channel of Lettuce's connection: Lettuce's command handler takes a list as
     * one write, puts every command on its stack (so each is answered, and replayed after a reconnect when
     * unanswered) and its encoder renders them into one buffer. {@code dispatch} would instead make one channel
     * write, one buffer, one promise and one listener per command (Lettuce's endpoint writes a collection command by
     * command): measured, 10-20 % more console CPU per tick at 120,000 ticks/s and a quarter to a third less
     * end-to-end throughput (docs/performance.md, "Lettuce's public dispatch, measured"). The batch is written only to
     * the active channel of an open connection ({@link RedisLink#writableChannel()}); a write that fails settles every
     * command as failed. Publisher thread.
     */
    static void writeToChannel(Channel channel, List<? extends SettlingCommand<?>> commands) {
        try {
            channel.writeAndFlush(commands).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    // Lettuce's handler has already taken them off its stack; each command settles once.
                    for (SettlingCommand<?> command : commands) {
                        command.completeExceptionally(written.cause());
                    }
                }
            });
        } catch (RuntimeException e) {
            for (SettlingCommand<?> command : commands) {
                command.completeExceptionally(e);
            }
        }
    }

    /**
     * Hands {@code commands} to Lettuce in one dispatch: written to the connection's channel in this order, or held
     * (and replayed) while it reconnects. A dispatch that throws settles every command as failed. Publisher thread.
     */
    static void dispatch(StatefulConnection<byte[], byte[]> connection, List<? extends SettlingCommand<?>> commands) {
        try {
            connection.dispatch(commands);
        } catch (RuntimeException e) {
            for (SettlingCommand<?> command : commands) {
                command.completeExceptionally(e);
            }
        }
    }

    @Override
    public String toString() {
        String state = isCancelled() ? "cancelled" : isDone() ? "done" : "pending";
        return getClass().getSimpleName() + "[" + type + ", " + state + "]";
    }
}
