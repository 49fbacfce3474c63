package com.tickstock.console.republish;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code WAIT numreplicas timeout} after a pipelined write, for the groups of commands written before it on the
 * same connection ({@link ConfirmGroup}): its reply is how many replicas acknowledged all of them. Built directly,
 * like {@link PublishCommand}, and written in the same channel write as the batch it follows. Outcomes go to the
 * listener exactly once, on whichever thread Lettuce completes the command.
 */
final class WaitCommand extends SettlingCommand<Void> {

    /** Receives each WAIT's outcome once; runs on Lettuce's I/O thread and must not block. */
    interface Listener {
        /**
         * Redis answered: {@code replicas} acknowledged every write the groups made; for an error reply -1, with the
         * reply's text in {@code error} (else {@code null}).
         */
        void onWaitAnswered(WaitCommand wait, long replicas, String error);

        /** No answer: the connection broke or the command was cancelled on close. */
        void onWaitFailed(WaitCommand wait);
    }

    private final Listener listener;
    private final List<ConfirmGroup> groups;
    private final byte[] frame;

    WaitCommand(Listener listener, List<ConfirmGroup> groups, int replicas, long timeoutMillis) {
        super(CommandType.WAIT, new ReplicasOutput());
        this.listener = listener;
        this.groups = List.copyOf(groups);
        String n = Integer.toString(replicas);
        String t = Long.toString(timeoutMillis);
        this.frame = ("*3\r\n$4\r\nWAIT\r\n$" + n.length() + "\r\n" + n + "\r\n$" + t.length() + "\r\n" + t + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    List<ConfirmGroup> groups() {
        return groups;
    }

    @Override
    public void encode(ByteBuf buf) {
        buf.writeBytes(frame);
    }

    @Override
    void answered(String error) {
        listener.onWaitAnswered(this, error == null ? ((ReplicasOutput) getOutput()).replicas : -1, error);
    }

    @Override
    void failed(Throwable cause) {
        listener.onWaitFailed(this);
    }

    /** WAIT's integer reply. Written and read on the I/O thread. */
    private static final class ReplicasOutput extends CommandOutput<byte[], byte[], Void> {

        private long replicas = -1;

        ReplicasOutput() {
            super(ByteArrayCodec.INSTANCE, null);
        }

        @Override
        public void set(long integer) {
            replicas = integer;
        }
    }
}
