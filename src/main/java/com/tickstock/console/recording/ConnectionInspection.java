package com.tickstock.console.recording;

import com.tickstock.console.feed.DecodeError;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.FrameDecoder;
import com.tickstock.console.feed.FrameHandler;
import com.tickstock.console.feed.StatusMessage;
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
final class ConnectionInspection implements FrameHandler {

    /** A pause in receive time worth reporting: the feed said nothing for this long (second bars come every second). */
    static final long GAP_NANOS = 2_000_000_000L;
    private static final int GAPS_KEPT = 5;

    /** A pause between two frames. */
    record Gap(long fromEpochNanos, long nanos) {
    }

    final String connectionId;
    final FrameDecoder decoder = new FrameDecoder();
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

    ConnectionInspection(String connectionId) {
        this.connectionId = connectionId;
    }

    void add(RecordEntry r) {
        first = Math.min(first, r.nanos());
        last = Math.max(last, r.nanos());
        sockets.add(r.socket());
        switch (r.kind()) {
            case RECEIVED -> frame(r);
            case SENT -> sent(r.text());
            case DROPPED -> droppedByRecorder += parseCount(r.text());
        }
    }

    private void frame(RecordEntry r) {
        frames++;
        frameBytes += r.text().length();
        if (lastFrame != Long.MIN_VALUE && r.nanos() - lastFrame >= GAP_NANOS) {
            gapCount++;
            gaps.add(new Gap(lastFrame, r.nanos() - lastFrame));
            gaps.sort(Comparator.comparingLong(Gap::nanos).reversed());
            if (gaps.size() > GAPS_KEPT) {
                gaps.remove(GAPS_KEPT);
            }
        }
        lastFrame = r.nanos();
        decoder.decode(r.text(), this);
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
        eventCounts.computeIfAbsent(event.type(), t -> new long[1])[0]++;
        if (event instanceof StatusMessage status) {
            statuses.merge(status.status(), 1L, Long::sum);
        } else if (topicsSeen < 100_000
                && symbolsSeen.computeIfAbsent(event.type(), t -> new HashSet<>()).add(event.symbol())) {
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
