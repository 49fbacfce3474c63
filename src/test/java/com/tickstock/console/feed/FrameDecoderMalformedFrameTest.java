package com.tickstock.console.feed;

import static com.tickstock.console.feed.RecordingHandler.decode;
import static com.tickstock.console.feed.RecordingHandler.singleError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A broken frame yields one error and none of its events, and never breaks the decoder. */
class FrameDecoderMalformedFrameTest {

    private static final String TRADE = FrameDecoderProtocolExamplesTest.TRADE;
    private static final String QUOTE = FrameDecoderProtocolExamplesTest.QUOTE;

    @ParameterizedTest
    @ValueSource(strings = {
        "hello", "{{", "]", "[}", "{]", "<html><body>", "[{'ev':'T'}]", "[NaN]", "[{\"ev\":\"T\",}]",
        "{\"ev\":", "[{\"ev\"", "\u0000\u0001", "[\"unterminated", "{\"ev\" \"T\"}", "[tru]", "[01]",
    })
    void garbageYieldsExactlyOneErrorAndNoEvents(String frame) {
        DecodeError error = singleError(frame);
        assertThat(error.frameLength()).isEqualTo(frame.length());
        assertThat(error.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
        assertThat(error.reason()).isIn("invalid JSON", "truncated frame (unexpected end of input)");
    }

    @Test
    void anEmptyOrBlankOrNullFrameIsReportedAsEmpty() {
        assertThat(singleError("").reason()).isEqualTo("empty frame");
        assertThat(singleError(" \n\t ").reason()).isEqualTo("empty frame");
        RecordingHandler handler = new RecordingHandler();
        new FrameDecoder().decode(null, handler);
        assertThat(handler.errors).singleElement().extracting(DecodeError::reason).isEqualTo("empty frame");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "null", "true", "\"T\"", "-1.5e3"})
    void aScalarFrameIsNeitherArrayNorObject(String frame) {
        assertThat(singleError(frame).reason()).isEqualTo("frame is not a JSON array or object");
    }

    @Test
    void aTruncatedFrameReportsTheCut() {
        DecodeError error = singleError("[" + TRADE.substring(0, 40));
        assertThat(error.reason()).isEqualTo("truncated frame (unexpected end of input)");
        assertThat(error.excerpt()).endsWith(TRADE.substring(0, 40).substring(5));
    }

    @Test
    void contentAfterTheRootValueDropsTheWholeFrame() {
        RecordingHandler twoArrays = decode("[" + TRADE + "] [" + QUOTE + "]");
        assertThat(twoArrays.log).singleElement().isInstanceOfSatisfying(DecodeError.class,
                error -> assertThat(error.reason()).isEqualTo("trailing content after the frame"));

        RecordingHandler junk = decode("[" + TRADE + "]xyz");
        assertThat(junk.events).isEmpty();
        assertThat(junk.errors).hasSize(1);
    }

    @Test
    void cuttingAValidFrameAnywhereYieldsExactlyOneErrorAndNoneOfItsEvents() {
        List<String> parts = List.of(FrameDecoderProtocolExamplesTest.CONNECTED, TRADE, QUOTE,
                "{\"ev\":\"XYZ\",\"a\":[1,{\"b\":null}]}", FrameDecoderProtocolExamplesTest.SECOND_BAR,
                "{\"ev\":\"status\",\"status\":\"success\",\"message\":\"日本 😀 \\\"q\\\" \\u00e9\"}",
                FrameDecoderProtocolExamplesTest.LULD, FrameDecoderProtocolExamplesTest.FMV);
        String full = "[" + String.join(", ", parts) + "]";
        List<Object> complete = decode(full).log;
        assertThat(complete).hasSize(parts.size()).noneMatch(DecodeError.class::isInstance);

        FrameDecoder decoder = new FrameDecoder();
        for (int cut = 0; cut < full.length(); cut++) {
            String prefix = full.substring(0, cut);
            RecordingHandler handler = decode(decoder, prefix);
            assertThat(handler.log).as("cut at %d: %s", cut, prefix).singleElement()
                    .isInstanceOfSatisfying(DecodeError.class,
                            error -> assertThat(error.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT));
        }
        assertThat(decode(decoder, full).log).isEqualTo(complete);
    }

    @Test
    void aTruncatedRepeatOfAValidFrameDeliversNothingTwice() {
        String valid = "[" + TRADE + "," + QUOTE + "," + FrameDecoderProtocolExamplesTest.SECOND_BAR + "]";
        String repeatCutInTheLastEvent = valid.substring(0, valid.length() - 10);
        FrameDecoder decoder = new FrameDecoder();
        RecordingHandler handler = new RecordingHandler();
        decoder.decode(valid, handler);
        decoder.decode(repeatCutInTheLastEvent, handler);
        assertThat(handler.events).extracting(FeedEvent::type)
                .containsExactly(EventType.TRADE, EventType.QUOTE, EventType.SECOND_BAR);
        assertThat(handler.errors).singleElement().extracting(DecodeError::reason)
                .isEqualTo("truncated frame (unexpected end of input)");
    }

    @Test
    void eventErrorsAndUnknownEventsOfABrokenFrameAreNotReportedEither() {
        String frame = "[{\"ev\":\"XYZ\"},{\"ev\":\"T\",\"p\":1}," + TRADE + ",{{";
        assertThat(decode(frame).log).singleElement().isInstanceOf(DecodeError.class);
    }

    @Test
    void cuttingASingleObjectFrameAnywhereYieldsExactlyOneError() {
        FrameDecoder decoder = new FrameDecoder();
        for (int cut = 0; cut < TRADE.length(); cut++) {
            RecordingHandler handler = decode(decoder, TRADE.substring(0, cut));
            assertThat(handler.log).as("cut at %d", cut).singleElement().isInstanceOf(DecodeError.class);
        }
    }

    @Test
    void nestingDeeperThanTheLimitIsOneFrameError() {
        String deep = "[".repeat(FrameDecoder.MAX_DEPTH + 1) + "]".repeat(FrameDecoder.MAX_DEPTH + 1);
        assertThat(singleError(deep).reason()).isEqualTo("frame nested deeper than 64 levels");
        // Far beyond the limit and beyond the buffered size: still one error, never a stack overflow.
        DecodeError huge = singleError("[".repeat(200_000));
        assertThat(huge.reason()).isEqualTo("frame nested deeper than 64 levels");
        assertThat(huge.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
    }

    @Test
    void tooDeepNestingInsideAnEventDropsTheWholeFrame() {
        String nested = "[".repeat(80) + "]".repeat(80);
        RecordingHandler handler = decode("[" + TRADE + ",{\"ev\":\"T\",\"junk\":" + nested + "}]");
        assertThat(handler.events).isEmpty();
        assertThat(handler.errors).singleElement().extracting(DecodeError::reason)
                .isEqualTo("frame nested deeper than 64 levels");
    }

    @Test
    void theDecoderWorksNormallyAgainAfterAFrameError() {
        FrameDecoder decoder = new FrameDecoder();
        assertThat(decode(decoder, "[" + TRADE + ",{{").log).singleElement().isInstanceOf(DecodeError.class);
        assertThat(decode(decoder, "[".repeat(1000)).errors).hasSize(1);
        RecordingHandler after = decode(decoder, "[" + TRADE + "," + QUOTE + "]");
        assertThat(after.errors).isEmpty();
        assertThat(after.events).extracting(FeedEvent::type).containsExactly(EventType.TRADE, EventType.QUOTE);
        assertThat(after.events.get(0)).isEqualTo(RecordingHandler.single(TRADE));
    }

    @Test
    void anExceptionFromTheHandlerPropagatesUnchangedAndTheDecoderStaysUsable() {
        FrameDecoder decoder = new FrameDecoder();
        IllegalStateException boom = new IllegalStateException("handler failed");
        RecordingHandler seen = new RecordingHandler();
        FrameHandler failing = new FrameHandler() {
            @Override
            public void onEvent(FeedEvent event) {
                seen.onEvent(event);
                throw boom;
            }

            @Override
            public void onUnknownEvent(String ev) {
                throw boom;
            }

            @Override
            public void onDecodeError(DecodeError error) {
                throw boom;
            }
        };
        assertThatThrownBy(() -> decoder.decode("[" + TRADE + "," + QUOTE + "]", failing)).isSameAs(boom);
        assertThat(seen.events).hasSize(1);   // the frame ended at the failing callback
        assertThatThrownBy(() -> decoder.decode("{{", failing)).isSameAs(boom);
        assertThatThrownBy(() -> decoder.decode("{\"ev\":\"NEW\"}", failing)).isSameAs(boom);

        RecordingHandler after = decode(decoder, "[" + TRADE + "," + QUOTE + "]");
        assertThat(after.events).hasSize(2);
        assertThat(after.errors).isEmpty();
    }

    @Test
    void aNullHandlerIsAProgrammingError() {
        assertThatThrownBy(() -> new FrameDecoder().decode("[]", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void randomlyMutatedFramesNeverThrowAndKeepErrorsBounded() {
        String base = "[" + FrameDecoderProtocolExamplesTest.CONNECTED + "," + TRADE + "," + QUOTE + ","
                + FrameDecoderProtocolExamplesTest.SECOND_BAR + "," + FrameDecoderProtocolExamplesTest.NOI + "]";
        String alphabet = "[]{}\",:\\ 0123456789.eE-+truefalsn\u0000\n\u00e9\ud83d\ude00\ud800";
        Random random = new Random(20240607);
        FrameDecoder decoder = new FrameDecoder();
        int errors = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder mutated = new StringBuilder(base);
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                int at = random.nextInt(mutated.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(4)) {
                    case 0: mutated.deleteCharAt(at); break;
                    case 1: mutated.insert(at, c); break;
                    case 2: mutated.setCharAt(at, c); break;
                    default: mutated.setLength(at); break;
                }
                if (mutated.length() == 0) {
                    break;
                }
            }
            String frame = mutated.toString();
            RecordingHandler handler = decode(decoder, frame);
            for (DecodeError error : handler.errors) {
                assertThat(error.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
                assertThat(error.frameLength()).isEqualTo(frame.length());
                assertThat(error.reason()).isNotBlank();
            }
            errors += handler.errors.size();
        }
        assertThat(errors).isGreaterThan(10_000);   // the mutations did break frames
        assertThat(decode(decoder, "[" + TRADE + "]").events).containsExactly(RecordingHandler.single(TRADE));
    }
}
