package com.tickstock.console.feed;

import static com.tickstock.console.feed.RecordingHandler.decode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad event costs only itself: one error naming field and type, then the next event. */
class FrameDecoderMalformedEventTest {

    private static final String BEFORE = "{\"ev\":\"status\",\"status\":\"success\",\"message\":\"before\"}";
    private static final String AFTER = "{\"ev\":\"status\",\"status\":\"success\",\"message\":\"after\"}";

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
            Arguments.of("{\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1}", "missing field 'ev' in event"),
            Arguments.of("{}", "missing field 'ev' in event"),
            Arguments.of("{\"ev\":5,\"sym\":\"A\"}", "field 'ev' is not a string"),
            Arguments.of("{\"ev\":[\"T\"],\"sym\":\"A\"}", "field 'ev' is not a string"),
            Arguments.of("{\"ev\":null,\"sym\":\"A\"}", "missing field 'ev' in event"),
            Arguments.of("{\"ev\":\"T\",\"ev\":\"Q\",\"sym\":\"A\"}", "duplicate field 'ev' in event"),
            Arguments.of("{\"ev\":\"T\",\"p\":1,\"s\":1,\"t\":1}", "missing field 'sym' in T event"),
            Arguments.of("{\"ev\":\"Q\",\"bp\":1,\"ap\":1,\"t\":1}", "missing field 'sym' in Q event"),
            Arguments.of("{\"ev\":\"A\",\"v\":1,\"o\":1,\"c\":1,\"h\":1,\"l\":1,\"s\":1,\"e\":2}", "missing field 'sym' in A event"),
            Arguments.of("{\"ev\":\"AM\",\"v\":1,\"o\":1,\"c\":1,\"h\":1,\"l\":1,\"s\":1,\"e\":2}", "missing field 'sym' in AM event"),
            Arguments.of("{\"ev\":\"FMV\",\"fmv\":1.5,\"t\":1}", "missing field 'sym' in FMV event"),
            Arguments.of("{\"ev\":\"LULD\",\"sym\":\"A\",\"t\":1}", "missing field 'T' in LULD event"),
            Arguments.of("{\"ev\":\"NOI\",\"t\":1}", "missing field 'T' in NOI event"),
            Arguments.of("{\"ev\":\"T\",\"sym\":null,\"p\":1,\"s\":1,\"t\":1}", "missing field 'sym' in T event"),
            Arguments.of("{\"ev\":\"T\",\"sym\":42,\"p\":1,\"s\":1,\"t\":1}", "field 'sym' in T event is not a string but a number"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"\",\"p\":1,\"s\":1,\"t\":1}", "empty field 'sym' in T event"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"s\":1,\"t\":1}", "missing field 'p' in T event"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"t\":1}", "missing field 's' in T event"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1}", "missing field 't' in T event"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":\"114.1\",\"s\":1,\"t\":1}", "field 'p' in T event is not a number but a string"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":{\"v\":1},\"s\":1,\"t\":1}", "field 'p' in T event is not a number but an object"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":true,\"s\":1,\"t\":1}", "field 'p' in T event is not a number but a boolean"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1e400,\"s\":1,\"t\":1}", "field 'p' in T event is out of range"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1e30,\"t\":1}", "field 's' in T event is out of range"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":123456789012345678901234}", "field 't' in T event is out of range"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"x\":99999999999}", "field 'x' in T event is out of range"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"i\":[1]}", "field 'i' in T event is not a string but an array"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"c\":[0,\"12\"]}", "field 'c' in T event is not an int array but an array"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"c\":[0,1.5]}", "field 'c' in T event is not an int array but an array"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"c\":[3000000000]}", "field 'c' in T event is not an int array but an array"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"c\":[[1]]}", "field 'c' in T event is not an int array but an array"),
            Arguments.of("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"c\":5}", "field 'c' in T event is not an int array but a number"),
            Arguments.of("{\"ev\":\"Q\",\"sym\":\"A\",\"ap\":1,\"t\":1}", "missing field 'bp' in Q event"),
            Arguments.of("{\"ev\":\"Q\",\"sym\":\"A\",\"bp\":1,\"ap\":1,\"t\":1,\"c\":[1]}", "field 'c' in Q event is not a number but an array"),
            Arguments.of("{\"ev\":\"Q\",\"sym\":\"A\",\"bp\":1,\"ap\":1,\"t\":1,\"i\":\"x\"}", "field 'i' in Q event is not an int array but a string"),
            Arguments.of("{\"ev\":\"Q\",\"sym\":\"A\",\"bp\":1,\"ap\":\"1\",\"t\":1}", "field 'ap' in Q event is not a number but a string"),
            Arguments.of("{\"ev\":\"A\",\"sym\":\"A\",\"v\":1,\"o\":1,\"c\":1,\"h\":1,\"l\":1,\"s\":1}", "missing field 'e' in A event"),
            Arguments.of("{\"ev\":\"A\",\"sym\":\"A\",\"v\":1,\"o\":1,\"c\":[1],\"h\":1,\"l\":1,\"s\":1,\"e\":2}", "field 'c' in A event is not a number but an array"),
            Arguments.of("{\"ev\":\"A\",\"sym\":\"A\",\"v\":1,\"o\":1,\"c\":1,\"h\":1,\"l\":1,\"s\":1,\"e\":2,\"otc\":\"yes\"}", "field 'otc' in A event is not a boolean but a string"),
            Arguments.of("{\"ev\":\"status\",\"status\":{\"a\":1}}", "field 'status' in status event is not a string but an object"),
            Arguments.of("{\"ev\":\"LULD\",\"T\":\"A\",\"t\":\"now\"}", "field 't' in LULD event is not a number but a string"),
            Arguments.of("42", "event is not a JSON object"),
            Arguments.of("\"T\"", "event is not a JSON object"),
            Arguments.of("null", "event is not a JSON object"),
            Arguments.of("[{\"ev\":\"T\"}]", "event is not a JSON object"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("malformedEvents")
    void aMalformedEventIsReportedOnceAndItsNeighboursStillDecode(String event, String reason) {
        String frame = "[" + BEFORE + "," + event + "," + AFTER + "]";
        RecordingHandler handler = decode(frame);
        assertThat(handler.log).hasSize(3);
        assertThat(handler.log.get(0)).isEqualTo(new StatusMessage("success", "before"));
        assertThat(handler.errors).singleElement().satisfies(error -> {
            assertThat(error.reason()).isEqualTo(reason);
            assertThat(error.frameLength()).isEqualTo(frame.length());
            assertThat(error.excerpt()).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
        });
        assertThat(handler.log.get(1)).isInstanceOf(DecodeError.class);
        assertThat(handler.log.get(2)).isEqualTo(new StatusMessage("success", "after"));
    }

    @Test
    void theExcerptOfAWrongFieldShowsThatFieldEvenDeepInALongFrame() {
        StringBuilder frame = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            frame.append(FrameDecoderProtocolExamplesTest.TRADE).append(',');
        }
        frame.append("{\"ev\":\"T\",\"sym\":\"BAD\",\"x\":4,\"i\":\"1\",\"z\":3,\"p\":\"oops\",\"s\":1,\"t\":1}");
        for (int i = 0; i < 200; i++) {
            frame.append(',').append(FrameDecoderProtocolExamplesTest.TRADE);
        }
        RecordingHandler handler = decode(frame.append(']').toString());
        assertThat(handler.events).hasSize(400);
        assertThat(handler.errors).singleElement().satisfies(error -> {
            assertThat(error.reason()).isEqualTo("field 'p' in T event is not a number but a string");
            assertThat(error.excerpt()).contains("\"p\":\"oops\"").hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
        });
    }

    @Test
    void theExcerptOfAMissingFieldShowsTheEventItIsMissingFrom() {
        String frame = "[" + (FrameDecoderProtocolExamplesTest.TRADE + ",").repeat(50)
                + "{\"ev\":\"Q\",\"sym\":\"NOBID\",\"ap\":1,\"t\":1}]";
        DecodeError error = decode(frame).errors.get(0);
        assertThat(error.reason()).isEqualTo("missing field 'bp' in Q event");
        assertThat(error.excerpt()).contains("{\"ev\":\"Q\",\"sym\":\"NOBID\"");
    }

    @Test
    void severalBadEventsInOneFrameAreEachReportedInOrder() {
        RecordingHandler handler = decode("[{\"ev\":\"T\"},1," + BEFORE + ",{\"ev\":\"Q\",\"sym\":\"A\"},{\"ev\":\"NEW\"}]");
        assertThat(handler.log).hasSize(5);
        assertThat(handler.errors).extracting(DecodeError::reason).containsExactly(
                "missing field 'sym' in T event", "event is not a JSON object", "missing field 'bp' in Q event");
        assertThat(handler.log.get(2)).isEqualTo(new StatusMessage("success", "before"));
        assertThat(handler.log.get(4)).isEqualTo(new RecordingHandler.Unknown("NEW"));
    }
}
