package com.tickstock.console.feed;

import static com.tickstock.console.feed.RecordingHandler.decode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder learns each event type's field order to skip name lookups. Whatever it learned, a
 * frame must decode exactly as a fresh decoder decodes it.
 */
class FrameDecoderFieldOrderTest {

    private static final List<String> FRAMES = List.of(
            FrameDecoderProtocolExamplesTest.TRADE,
            "{\"ev\":\"T\",\"sym\":\"MSFT\",\"x\":4,\"i\":\"9\",\"z\":3,\"p\":1.5,\"s\":100,\"t\":1,\"q\":2}",
            "{\"sym\":\"MSFT\",\"ev\":\"T\",\"p\":2.5,\"s\":7,\"t\":1}",
            "{\"ev\":\"T\",\"t\":1,\"s\":7,\"p\":2.5,\"sym\":\"ZZ\",\"c\":[1,2,3]}",
            "{\"ev\":\"T\",\"sym\":\"A\",\"extra\":1,\"x\":4,\"other\":[1],\"p\":1,\"s\":1,\"t\":1}",
            "{\"\\u0065v\":\"T\",\"s\\u0079m\":\"ESC\",\"p\":1,\"s\":1,\"t\":1}",
            "{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1}",
            FrameDecoderProtocolExamplesTest.QUOTE,
            "{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1,\"ap\":2,\"t\":3}",
            FrameDecoderProtocolExamplesTest.SECOND_BAR,
            FrameDecoderProtocolExamplesTest.LULD,
            FrameDecoderProtocolExamplesTest.NOI,
            FrameDecoderProtocolExamplesTest.FMV,
            FrameDecoderProtocolExamplesTest.CONNECTED,
            "{\"message\":\"m\",\"ev\":\"status\",\"status\":\"s\"}",
            "{\"ev\":\"XYZ\",\"sym\":\"A\",\"p\":1}",
            "{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":1,\"t\":1,\"ev\":\"T\"}",
            "[" + FrameDecoderProtocolExamplesTest.TRADE + "," + FrameDecoderProtocolExamplesTest.QUOTE + "]");

    @Test
    void decodingDoesNotDependOnWhatTheDecoderSawBefore() {
        List<List<Object>> expected = new ArrayList<>();
        for (String frame : FRAMES) {
            expected.add(decode(new FrameDecoder(), frame).log);
        }
        FrameDecoder shared = new FrameDecoder();
        Random random = new Random(99);
        for (int i = 0; i < 5_000; i++) {
            int pick = random.nextInt(FRAMES.size());
            assertThat(decode(shared, FRAMES.get(pick)).log).as("frame %d after %d others", pick, i)
                    .isEqualTo(expected.get(pick));
        }
    }

    @Test
    void escapedFieldNamesAreRecognised() {
        assertThat(RecordingHandler.single("{\"\\u0065v\":\"T\",\"s\\u0079m\":\"ESC\",\"p\":1,\"s\":1,\"t\":1}").symbol())
                .isEqualTo("ESC");
    }
}
