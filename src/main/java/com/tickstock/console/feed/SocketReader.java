package com.tickstock.console.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything done on the socket thread for one received frame of one socket: decode, count, measure lag and
 * sequence, then hand the market data to the consumers and the status events to the control thread. Nothing here
 * blocks but the hold of the connection's {@link ReceiveState} monitor, which covers the consumers' work too when
 * the {@link EventHandoff} delivers inline (consumers that never block).
 *
 * <p>One instance per socket, made on the control thread when the socket is opened, with the generation of that
 * socket: every status and data signal it raises is tagged with that generation, so a late frame of an old socket
 * can never be taken for the new one's. Its decoder and scratch state are used only by the thread Tyrus delivers
 * this socket's messages on (one message at a time), so they need no locks; what the connection's sockets share
 * is recorded under the {@link ReceiveState} monitor.
 */
final class SocketReader implements FrameHandler {

    private static final int TYPE_COUNT = EventType.values().length;

    /**
     * Longest symbol accepted. Listed tickers are at most a few characters with a class suffix (BRK.B); a longer
     * "symbol" is garbage or an attack, and every one kept (in the sequence table, the ticker board) costs memory.
     */
    static final int MAX_SYMBOL_LENGTH = 16;
    private static final int SYMBOL_EXCERPT = 24;

    /** Raises a status of one socket on the control thread, tagged with that socket's generation. */
    interface StatusSink {
        void statusReceived(long generation, StatusMessage status);
    }

    /** Tells the control thread that data arrived on the socket of this generation. */
    interface DataSignal {
        void dataArrived(long generation);
    }

    private final String connectionId;
    private final long generation;
    private final FrameDecoder decoder;
    private final ReceiveState shared;
    private final StatusSink statusSink;
    private final DataSignal firstDataSignal;
    private final ExcerptMaker excerpts;

    // Scratch state for the frame being decoded (this socket's thread only).
    private final int[] frameCounts = new int[TYPE_COUNT];
    private List<FeedEvent> frameEvents = new ArrayList<>();
    private int frameUnknown;
    private long frameMillis;
    private int frameLength;
    /** Bytes of the binary message being received, across its fragments. */
    private long binaryBytes;

    /** Set by the control thread when it wants to hear about the next data event (SUBSCRIBING, STALE). */
    private volatile boolean awaitingData;
    /** Written on every frame with market data; read by the control thread for stale detection. */
    private volatile long lastDataNanos;
    /** Written on every frame, fragment and pong of this socket; read by the control thread for the keepalive. */
    private volatile long lastInboundNanos;

    SocketReader(String connectionId, long generation, FrameDecoder decoder, ReceiveState shared,
                 StatusSink statusSink, DataSignal firstDataSignal, ExcerptMaker excerpts) {
        this.connectionId = connectionId;
        this.generation = generation;
        this.decoder = decoder;
        this.shared = shared;
        this.statusSink = statusSink;
        this.firstDataSignal = firstDataSignal;
        this.excerpts = excerpts;
    }

    long generation() {
        return generation;
    }

    void onFrame(String frame) {
        long frameNanos = System.nanoTime();
        lastInboundNanos = frameNanos;
        frameMillis = System.currentTimeMillis();
        frameLength = frame.length();
        decoder.decode(frame, this);
        List<FeedEvent> events = frameEvents;
        synchronized (shared) {
            ReceiveCounters counters = shared.counters;
            counters.frame(frameLength, frameMillis);
            counters.addEvents(frameCounts);
            for (; frameUnknown > 0; frameUnknown--) {
                counters.unknownEvent();
            }
            for (int i = 0; i < events.size(); i++) {
                FeedEvent event = events.get(i);
                long sipMillis = sipMillis(event);
                if (sipMillis > 0) {
                    shared.lag.record(frameMillis - sipMillis);
                }
                shared.sequences.check(event);
            }
            if (!events.isEmpty()) {
                shared.handoff.offer(new EventBatch(connectionId, events, frameMillis, frameNanos));
            }
        }
        java.util.Arrays.fill(frameCounts, 0);
        if (!events.isEmpty()) {
            lastDataNanos = frameNanos;
            frameEvents = new ArrayList<>();
            if (awaitingData) {
                awaitingData = false;
                firstDataSignal.dataArrived(generation);
            }
        }
    }

    /**
     * One fragment of a binary message. The feed speaks JSON text only, so a binary message is one decode error,
     * counted when its last fragment arrives, and is never held in memory.
     */
    void onBinaryFragment(int bytes, boolean last) {
        lastInboundNanos = System.nanoTime();
        binaryBytes += bytes;
        if (last) {
            shared.counters.decodeError(DecodeError.wholeFrame("binary frame of " + binaryBytes
                    + " bytes ignored: the feed sends JSON text"));
            binaryBytes = 0;
        }
    }

    void onPong() {
        lastInboundNanos = System.nanoTime();
    }

    @Override
    @SuppressWarnings("EnumOrdinal") // the per-frame counts are indexed by type, sized by values().length (as ReceiveCounters)
    public void onEvent(FeedEvent event) {
        String symbol = event.symbol();
        if (symbol.length() > MAX_SYMBOL_LENGTH) {
            shared.counters.decodeError(new DecodeError("symbol of " + symbol.length() + " chars in "
                    + event.type().wireName() + " event, over the " + MAX_SYMBOL_LENGTH + "-char limit; event skipped",
                    excerpts.head(symbol, SYMBOL_EXCERPT) + "…", frameLength));
            return;
        }
        frameCounts[event.type().ordinal()]++;
        if (event instanceof StatusMessage status) {
            statusSink.statusReceived(generation, status);
            return;
        }
        frameEvents.add(event);
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
        frameUnknown++;
    }

    @Override
    public void onDecodeError(DecodeError error) {
        shared.counters.decodeError(error);
    }

    void awaitData() {
        awaitingData = true;
    }

    long lastDataNanos() {
        return lastDataNanos;
    }

    /** When this socket last received anything (frame, fragment, pong), or 0 if never. */
    long lastInboundNanos() {
        return lastInboundNanos;
    }
}
