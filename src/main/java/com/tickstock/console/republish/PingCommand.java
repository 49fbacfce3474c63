package com.tickstock.console.republish;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;

/**
 * A PING written on the publisher's connection when no tick is outstanding, so that a Redis that froze while
 * the feed was quiet is noticed too: without a command in flight there is no reply to miss. The callback runs
 * once, on the I/O thread, with whether Redis answered.
 */
final class PingCommand extends Command<byte[], byte[], String> {

    interface Outcome {
        void pingDone(boolean answered);
    }

    private final Outcome outcome;
    private volatile boolean done;

    PingCommand(Outcome outcome) {
        super(CommandType.PING, new StatusOutput<>(ByteArrayCodec.INSTANCE));
        this.outcome = outcome;
    }

    @Override
    public void complete() {
        super.complete();
        finish(true);
    }

    @Override
    public boolean completeExceptionally(Throwable throwable) {
        boolean changed = super.completeExceptionally(throwable);
        finish(false);
        return changed;
    }

    @Override
    public void cancel() {
        super.cancel();
        finish(false);
    }

    private synchronized void finish(boolean answered) {
        if (!done) {
            done = true;
            outcome.pingDone(answered);
        }
    }
}
