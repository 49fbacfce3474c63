package com.tickstock.console.feed;

import static com.tickstock.console.feed.RecordingHandler.decode;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Frames far beyond normal size: complete results, bounded excerpts. */
class FrameDecoderLargeFrameTest {

    private static final int FIVE_MB = 5 * 1024 * 1024;

    private static String trades(int count, int badAt) {
        StringBuilder frame = new StringBuilder(count * 110).append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                frame.append(',');
            }
            String price = i == badAt ? "\"bad\"" : Integer.toString(100 + i % 50);
            frame.append("{\"ev\":\"T\",\"sym\":\"S").append(i % 97).append("\",\"x\":4,\"i\":\"").append(i)
                    .append("\",\"p\":").append(price).append(",\"s\":").append(i + 1)
                    .append(",\"c\":[").append(i % 3).append("],\"t\":1536036818784,\"q\":").append(i).append('}');
        }
        return frame.append(']').toString();
    }

    @Test
    void fiftyThousandEventsInOneFrameAllArriveInOrder() {
        RecordingHandler handler = decode(trades(50_000, -1));
        assertThat(handler.errors).isEmpty();
        assertThat(handler.events).hasSize(50_000);
        for (int i = 0; i < 50_000; i += 997) {
            Trade trade = (Trade) handler.events.get(i);
            assertThat(trade.sequence()).isEqualTo(i);
            assertThat(trade.tradeId()).isEqualTo(Integer.toString(i));
            assertThat(trade.symbol()).isEqualTo("S" + (i % 97));
        }
    }

    @Test
    void oneBadEventInAHugeFrameCostsOnlyThatEvent() {
        String frame = trades(50_000, 31_337);
        RecordingHandler handler = decode(frame);
        assertThat(handler.events).hasSize(49_999);
        assertThat(handler.log.get(31_337)).isInstanceOfSatisfying(DecodeError.class, error -> {
            assertThat(error.reason()).isEqualTo("field 'p' in T event is not a number but a string");
            assertThat(error.excerpt()).contains("\"i\":\"31337\"").hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
            assertThat(error.frameLength()).isEqualTo(frame.length());
        });
    }

    @Test
    void aFiveMegabyteMessageIsDeliveredWhole() {
        String message = "m".repeat(FIVE_MB);
        RecordingHandler handler = decode("[{\"ev\":\"status\",\"status\":\"error\",\"message\":\"" + message + "\"}]");
        assertThat(handler.errors).isEmpty();
        assertThat(((StatusMessage) handler.events.get(0)).message()).isEqualTo(message);
    }

    @Test
    void aFiveMegabyteBadFieldYieldsABoundedExcerpt() {
        String frame = "[{\"ev\":\"T\",\"sym\":\"A\",\"p\":\"" + "9".repeat(FIVE_MB) + "\",\"s\":1,\"t\":1}]";
        RecordingHandler handler = decode(frame);
        assertThat(handler.errors).singleElement().satisfies(error -> {
            assertThat(error.reason()).isEqualTo("field 'p' in T event is not a number but a string");
            assertThat(error.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT).contains("\"p\":\"999");
            assertThat(error.frameLength()).isEqualTo(frame.length());
        });
    }

    @Test
    void aFiveMegabyteFrameCutInsideAStringYieldsOneBoundedError() {
        String frame = "[{\"ev\":\"status\",\"status\":\"error\",\"message\":\"" + "x".repeat(FIVE_MB);
        RecordingHandler handler = decode(frame);
        assertThat(handler.log).singleElement().isInstanceOfSatisfying(DecodeError.class, error -> {
            assertThat(error.reason()).isEqualTo("truncated frame (unexpected end of input)");
            assertThat(error.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT).matches("x+");
        });
    }

    @Test
    void aFiveMegabyteGarbageFrameYieldsOneBoundedErrorAndNoEvent() {
        String frame = "[" + FrameDecoderProtocolExamplesTest.TRADE + "," + "#".repeat(FIVE_MB) + "]";
        RecordingHandler handler = decode(frame);
        assertThat(handler.events).isEmpty();
        assertThat(handler.errors).singleElement().satisfies(error -> {
            assertThat(error.reason()).isEqualTo("invalid JSON");
            assertThat(error.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT).contains(",#");
        });
    }

    @Test
    void largeAndSmallFramesAlternateOnOneDecoder() {
        FrameDecoder decoder = new FrameDecoder();
        String small = "[" + FrameDecoderProtocolExamplesTest.TRADE + "]";
        for (int round = 0; round < 3; round++) {
            assertThat(decode(decoder, trades(20_000, -1)).events).hasSize(20_000);
            assertThat(decode(decoder, small).events).containsExactly(RecordingHandler.single(small));
        }
    }
}
