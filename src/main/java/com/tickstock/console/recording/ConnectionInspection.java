package com.tickstock.console.recording;

import com.tickstock.console.feed.DecodeError;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.FrameCounter;
import com.tickstock.console.feed.FrameDecoder;
import com.tickstock.console.feed.FrameHandler;
import com.tickstock.console.feed.StatusMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one connection's records add up to, for {@code --inspect}: time span, frames, events by type (decoded
 * with the console's own decoder, so decode errors are the console's), topics, sockets, gaps in receive time.
 * One thread.
 */
final class ConnectionInspection implements FrameHandler, FrameCounter.Sink {

    /** A pause in receive time worth reporting: the feed said nothing for this long (second bars come every second). */
    static final long GAP_NANOS = 2_000_000_000L;
    private static final int GAPS_KEPT = 5;

    /** A pause between two frames. */
    record Gap(long fromEpochNanos, long nanos) {
    }

    final String connectionId;
    final FrameDecoder decoder = new FrameDecoder();
    /** Counts the frames it is sure of without decoding them; the decoder gets every other frame. */
    private final FrameCounter counter = new FrameCounter();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long frames;
    long frameBytes;
    long sent;
    long droppedByRecorder;
    long decodeErrors;
    String firstDecodeError = "";
    long unknownEvents;
    /** Events per type; a counter array per type, so counting an event allocates nothing. */
    private final Map<EventType, long[]> eventCounts = new EnumMap<>(EventType.class);
    final Map<String, Long> statuses = new TreeMap<>();
    /** Symbols with data, per event type: the decoder's symbols go in as they are, no topic string per event. */
    private final Map<EventType, Set<String>> symbolsSeen = new EnumMap<>(EventType.class);
    private int topicsSeen;
    final Set<String> subscribed = new LinkedHashSet<>();
    final Set<Long> sockets = new LinkedHashSet<>();
    final List<Gap> gaps = new ArrayList<>();
    long gapCount;
    private long lastFrame = Long.MIN_VALUE;
    /** The socket of the previous record: the set is only looked up when it changes. */
    private long lastSocket = Long.MIN_VALUE;

    ConnectionInspection(String connectionId) {
        this.connectionId = connectionId;
    }

    /** The record a reader has just read ({@link RecordingReader#advance()}): its payload as UTF-8 bytes. */
    void add(RecordingReader reader) {
        add(reader.kind(), reader.epochNanos(), reader.socket(), reader.payload(), reader.payloadLength());
    }

    private void add(RecordKind kind, long nanos, long socket, byte[] payload, int length) {
        first = Math.min(first, nanos);
        last = Math.max(last, nanos);
        if (socket != lastSocket) {
            sockets.add(socket);
            lastSocket = socket;
        }
        switch (kind) {
            case RECEIVED -> frame(nanos, payload, length);
            case SENT -> sent(new String(payload, 0, length, StandardCharsets.UTF_8));
            case DROPPED -> droppedByRecorder += parseCount(new String(payload, 0, length, StandardCharsets.UTF_8));
        }
    }

    private void frame(long nanos, byte[] payload, int length) {
        frames++;
        if (lastFrame != Long.MIN_VALUE && nanos - lastFrame >= GAP_NANOS) {
            gapCount++;
            gaps.add(new Gap(lastFrame, nanos - lastFrame));
            gaps.sort(Comparator.comparingLong(Gap::nanos).reversed());
            if (gaps.size() > GAPS_KEPT) {
                gaps.remove(GAPS_KEPT);
            }
        }
        lastFrame = nanos;
        if (counter.count(payload, 0, length, this)) {
            frameBytes += length;   // all ASCII, or the counter would not be sure: one char per byte
        } else {
            String text = new String(payload, 0, length, StandardCharsets.UTF_8);
            frameBytes += text.length();
            decoder.decode(text, this);
        }
    }

    private void sent(String message) {
        sent++;
        SentMessage parsed = SentMessage.parse(message);
        if (parsed == null) {
            return;
        }
        if ("subscribe".equals(parsed.action())) {
            subscribed.addAll(parsed.topics());
        } else if ("unsubscribe".equals(parsed.action())) {
            parsed.topics().forEach(subscribed::remove);
        }
    }

    private static long parseCount(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void onEvent(FeedEvent event) {
        if (event instanceof StatusMessage status) {
            eventCounts.computeIfAbsent(event.type(), t -> new long[1])[0]++;
            statuses.merge(status.status(), 1L, Long::sum);
        } else {
            event(event.type(), event.symbol());
        }
    }

    /** A market-data event, from the decoder or the counter. */
    @Override
    public void event(EventType type, String symbol) {
        eventCounts.computeIfAbsent(type, t -> new long[1])[0]++;
        if (topicsSeen < 100_000 && symbolsSeen.computeIfAbsent(type, t -> new HashSet<>()).add(symbol)) {
            topicsSeen++;
        }
    }

    /** Events per type, in the type's order. */
    Map<EventType, Long> events() {
        Map<EventType, Long> out = new EnumMap<>(EventType.class);
        eventCounts.forEach((type, count) -> out.put(type, count[0]));
        return out;
    }

    /** Topics (type and symbol) that carried data, counted up to 100,000. */
    int topicsSeen() {
        return topicsSeen;
    }

    @Override
    public void onUnknownEvent(String ev) {
        unknownEvents++;
    }

    @Override
    public void onDecodeError(DecodeError error) {
        if (decodeErrors++ == 0) {
            firstDecodeError = error.toString();
        }
    }

    long marketDataEvents() {
        return eventCounts.entrySet().stream().filter(e -> e.getKey().isMarketData()).mapToLong(e -> e.getValue()[0])
                .sum();
    }
}
