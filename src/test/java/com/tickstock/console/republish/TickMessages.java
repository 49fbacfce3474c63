package com.tickstock.console.republish;

import com.tickstock.console.feed.FeedEvent;
import java.nio.charset.StandardCharsets;

/**
 * The console's per-tick Redis message and its PUBLISH command, rendered by the console's own encoder
 * ({@link TickEncoder} into {@link JsonBytes}) and framing ({@link PublishCommand.Frames}), for benchmarks outside
 * this package that must publish exactly what the console publishes, at the console's cost per message (the relay
 * floor of issue #25). Test tree only.
 *
 * <p>Not thread-safe: one instance per thread, as the encoder.
 */
public final class TickMessages {

    private final JsonBytes out = new JsonBytes(256);
    private final String connectionId;
    private final PublishCommand.Frames frames;

    public TickMessages(String connectionId, String channel) {
        this.connectionId = connectionId;
        this.frames = new PublishCommand.Frames(channel.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** The message for one valid tick. */
    public byte[] message(FeedEvent tick) {
        render(tick);
        return out.toByteArray();
    }

    /** The whole {@code PUBLISH channel message} command for one valid tick, in RESP. */
    public byte[] publishCommand(FeedEvent tick) {
        render(tick);
        return frames.frame(out);
    }

    private void render(FeedEvent tick) {
        out.reset();
        TickEncoder.write(out, tick, connectionId);
    }
}
