package com.tickstock.console.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything done on the socket thread for one received frame: decode, count, measure lag and
 * sequence, then hand the market data to the consumers and the status events to the control
 * thread. Nothing here blocks.
 *
 * <p>Threads: one instance per connection, used only by the thread Tyrus delivers that
 * connection's messages on (one message at a time), so the decoder and scratch state need no locks.
 */
final class SocketReader implements FrameHandler {

    private static final int TYPE_COUNT = EventType.values().length;

    /**
     * Longest symbol accepted. Listed tickers are at most a few characters with a class suffix (BRK.B); a longer
     * "symbol" is garbage or an attack, and every one kept (in the sequence table, the ticker board) costs memory.
     */
    static final int MAX_SYMBOL_LENGTH = 16;
    private static final int SYMBOL_EXCERPT = 24;

    private final String connectionId;
    private final FrameDecoder decoder;
    private final ReceiveCounters counters;
    private final SequenceTracker sequences;
    private final LagWindow lag;
    private final EventHandoff handoff;
    private final Consumer<StatusMessage> statusSink;
    private final Runnable firstDataSignal;
    private final ExcerptMaker excerpts;

    // Scratch state for the frame being decoded (socket thread only).
    private final int[] frameCounts = new int[TYPE_COUNT];
    private List<FeedEvent> frameEvents = new ArrayList<>();
    private long frameMillis;
    private int frameLength;
    /** Bytes of the binary message being received, across its fragments. */
    private long binaryBytes;

    /** Set by the control thread when it wants to hear about the next data event (SUBSCRIBING, STALE). */
    private volatile boolean awaitingData;
    /** Written on every frame; read by the control thread for stale detection. */
    private volatile long lastDataNanos;

    SocketReader(String connectionId, FrameDecoder decoder, ReceiveCounters counters, SequenceTracker sequences,
                 LagWindow lag, EventHandoff handoff, Consumer<StatusMessage> statusSink, Runnable firstDataSignal,
                 ExcerptMaker excerpts) {
        this.connectionId = connectionId;
        this.decoder = decoder;
        this.counters = counters;
        this.sequences = sequences;
        this.lag = lag;
        this.handoff = handoff;
        this.statusSink = statusSink;
        this.firstDataSignal = firstDataSignal;
        this.excerpts = excerpts;
    }

    void onFrame(String frame) {
        long frameNanos = System.nanoTime();
        frameMillis = System.currentTimeMillis();
        frameLength = frame.length();
        counters.frame(frameLength, frameMillis);
        decoder.decode(frame, this);
        counters.addEvents(frameCounts);
        java.util.Arrays.fill(frameCounts, 0);
        if (!frameEvents.isEmpty()) {
            lastDataNanos = frameNanos;
            handoff.offer(new EventBatch(connectionId, frameEvents, frameMillis, frameNanos));
            frameEvents = new ArrayList<>();
            if (awaitingData) {
                awaitingData = false;
                firstDataSignal.run();
            }
        }
    }

    /**
     * One fragment of a binary message. The feed speaks JSON text only, so a binary message is one decode error,
     * counted when its last fragment arrives, and is never held in memory.
     */
    void onBinaryFragment(int bytes, boolean last) {
        binaryBytes += bytes;
        if (last) {
            counters.decodeError(DecodeError.wholeFrame("binary frame of " + binaryBytes
                    + " bytes ignored: the feed sends JSON text"));
            binaryBytes = 0;
        }
    }

    @Override
    public void onEvent(FeedEvent event) {
        String symbol = event.symbol();
        if (symbol.length() > MAX_SYMBOL_LENGTH) {
            counters.decodeError(new DecodeError("symbol of " + symbol.length() + " chars in " + event.type().wireName()
                    + " event, over the " + MAX_SYMBOL_LENGTH + "-char limit; event skipped",
                    excerpts.head(symbol, SYMBOL_EXCERPT) + "…", frameLength));
            return;
        }
        frameCounts[event.type().ordinal()]++;
        if (event instanceof StatusMessage status) {
            statusSink.accept(status);
            return;
        }
        frameEvents.add(event);
        long sipMillis = sipMillis(event);
        if (sipMillis > 0) {
            lag.record(frameMillis - sipMillis);
        }
        sequences.check(event);
    }

    private static long sipMillis(FeedEvent event) {
        if (event instanceof Trade t) {
            return t.sipTimestamp();
        } else if (event instanceof Quote q) {
            return q.sipTimestamp();
        } else if (event instanceof Bar b) {
            return b.endTimestamp();
        }
        return 0; // NOI stamps nanoseconds, others are rare: leave them out of the lag figure
    }

    @Override
    public void onUnknownEvent(String ev) {
        counters.unknownEvent();
    }

    @Override
    public void onDecodeError(DecodeError error) {
        counters.decodeError(error);
    }

    void awaitData() {
        awaitingData = true;
    }

    long lastDataNanos() {
        return lastDataNanos;
    }
}
