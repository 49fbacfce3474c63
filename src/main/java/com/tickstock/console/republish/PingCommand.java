package com.tickstock.console.republish;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A PING written on the publisher's connection when no tick is outstanding, so that a Redis that froze while
 * the feed was quiet is noticed too: without a command in flight there is no reply to miss. The callback runs
 * once, on the I/O thread, with whether Redis answered.
 */
final class PingCommand extends SettlingCommand<String> {

    interface Outcome {
        void pingDone(boolean answered);
    }

    private static final byte[] FRAME = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Outcome outcome;

    PingCommand(Outcome outcome) {
        super(CommandType.PING, new StatusOutput<>(ByteArrayCodec.INSTANCE));
        this.outcome = outcome;
    }

    @Override
    public void encode(ByteBuf buf) {
        buf.writeBytes(FRAME);
    }

    @Override
    void answered(String error) {
        outcome.pingDone(true);
    }

    @Override
    void failed(Throwable cause) {
        outcome.pingDone(false);
    }
}
