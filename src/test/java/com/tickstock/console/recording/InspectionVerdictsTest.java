package com.tickstock.console.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.DecodeError;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.FrameDecoder;
import com.tickstock.console.feed.FrameHandler;
import com.tickstock.console.feed.RawFrameTap;
import com.tickstock.console.feed.StatusMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --inspect}'s counts are the console decoder's, whichever frames it counted without decoding: a recording
 * made by the real recorder, over several files per connection, of valid trades, quotes and bars mixed with status
 * frames, unknown and malformed events, broken JSON, tickers outside ASCII or with escapes, and seeded random
 * mutations, is inspected, and every figure of the report is compared with what decoding each recorded frame with
 * {@link FrameDecoder}, as the inspector did before it had a counter, gives.
 */
class InspectionVerdictsTest {

    private static final String SECRET = "inspection-test-secret";
    private static final List<String> FRAMES = List.of(
            "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":4,\"i\":\"1\",\"z\":3,\"p\":101.5,\"s\":100,\"c\":[37],\"t\":1764840660000,\"q\":1}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bx\":4,\"bp\":101.4,\"bs\":1,\"ax\":7,\"ap\":101.6,\"as\":2,\"c\":0,\"i\":[604],"
                    + "\"t\":1764840660000,\"q\":2,\"z\":3},{\"ev\":\"A\",\"sym\":\"SPCE\",\"v\":200,\"o\":25.39,\"c\":25.39,"
                    + "\"h\":25.39,\"l\":25.39,\"s\":1610144868000,\"e\":1610144869000}]",
            "[{\"ev\":\"AM\",\"sym\":\"SPCE\",\"v\":200,\"o\":25.39,\"c\":25.39,\"h\":25.39,\"l\":25.39,\"s\":1,\"e\":2,\"otc\":true}]",
            "[{\"ev\":\"status\",\"status\":\"connected\",\"message\":\"Connected Successfully\"}]",
            "[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"authenticated\"}]",
            "[{\"ev\":\"XYZ\",\"sym\":\"AAPL\"},{\"ev\":\"T\",\"sym\":\"IBM\",\"p\":1,\"s\":1,\"t\":1}]",
            "[{\"ev\":\"T\",\"sym\":\"IBM\",\"s\":1,\"t\":1},{\"ev\":\"T\",\"sym\":\"IBM\",\"p\":1,\"s\":1,\"t\":1}]",
            "[{\"ev\":\"T\",\"sym\":\"IBM\",\"x\":2147483648,\"p\":1,\"s\":1,\"t\":1}]",
            "[{\"ev\":\"T\",\"sym\":\"\u00c4BC\",\"p\":1,\"s\":1,\"t\":1}]",
            "[{\"ev\":\"T\",\"sym\":\"\\u0041BC\",\"p\":1,\"s\":1,\"t\":1}]",
            "[{\"ev\":\"LULD\",\"T\":\"MSFT\",\"h\":218.96,\"l\":198.11,\"t\":1}]",
            "[{\"ev\":\"T\",\"sym\":\"IBM\",\"p\":1e2,\"s\":1,\"t\":1}]",
            "[{\"ev\":\"T\",\"sym\":\"IBM\",\"p\":1,\"s\":1,\"t\":1},]",
            "[{\"ev\":\"T\"", "{not json", "", "[]", "[1,{\"ev\":\"Q\",\"sym\":\"X\",\"bp\":1,\"ap\":2,\"t\":3}]");

    @TempDir
    Path dir;

    @Test
    void everyFigureIsTheDecodersOnAMixedRecording() throws Exception {
        SplittableRandom random = new SplittableRandom(2222);
        try (FeedRecorder recorder = FeedRecorder.start(dir, 4 * 1024, List.of(SECRET))) {
            RawFrameTap tap = recorder.tap();
            long t = 1_764_840_660_000_000_000L;
            tap.messageSent("connection_1", 1, t, "{\"action\":\"subscribe\",\"params\":\"T.AAPL,Q.MSFT\"}");
            for (int i = 0; i < 6_000; i++) {
                String connection = "connection_" + (1 + random.nextInt(2));
                // now and then a pause the report must count, sometimes where a file rolls over
                t += random.nextInt(200) == 0 ? 3_000_000_000L : 1_000_000L;
                tap.frameReceived(connection, 1 + i / 2_000, t, mutated(FRAMES.get(random.nextInt(FRAMES.size())),
                        random));
            }
        }
        assertThat(RecordingFiles.list(dir).size()).as("a connection over more than one file").isGreaterThan(2);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingInspector inspector = RecordingInspector.inspect(dir);
        inspector.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(inspector.errors()).isEmpty();

        Map<String, Reference> expected = new TreeMap<>();
        for (RecordEntry r : RecordingFiles.records(dir)) {
            expected.computeIfAbsent(r.connectionId(), id -> new Reference()).add(r);
        }
        assertThat(expected).hasSize(2);
        for (Map.Entry<String, Reference> e : expected.entrySet()) {
            Reference ref = e.getValue();
            String section = report.substring(report.indexOf(e.getKey() + ":"));
            assertThat(ref.errors).as("the corpus has decode errors").isGreaterThan(100);
            assertThat(ref.unknown).as("and unknown events").isGreaterThan(50);
            assertThat(section)
                    .contains("frames received: " + ref.frames + " (" + ref.chars + " chars)")
                    .contains("events: " + ref.marketData() + " market data; by type: " + ref.byType()
                            + (ref.unknown > 0 ? ", unknown " + ref.unknown : ""))
                    .contains("statuses: " + ref.statuses)
                    .contains("decode errors: " + ref.errors + " (first: " + ref.firstError + ")")
                    .contains("; with data: " + ref.topics.size())
                    .contains("gaps in receive time >= 2.000 s: " + ref.gaps);
        }
        assertThat(inspector.decodeErrors()).isEqualTo(expected.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, x -> x.getValue().errors)));
    }

    /** Half the frames as they are, the rest with a byte or two changed: valid or not, the decoder decides. */
    private static String mutated(String frame, SplittableRandom random) {
        if (frame.isEmpty() || random.nextBoolean()) {
            return frame;
        }
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        String alphabet = "{}[],:\"\\ -.09eETQAsympvt";
        for (int m = 1 + random.nextInt(2); m > 0; m--) {
            bytes[random.nextInt(bytes.length)] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One connection's figures as decoding every frame gives them. */
    private static final class Reference implements FrameHandler {
        final FrameDecoder decoder = new FrameDecoder();
        long frames;
        long chars;
        final Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        final Map<String, Long> statuses = new TreeMap<>();
        final Set<String> topics = new HashSet<>();
        long unknown;
        long errors;
        String firstError = "";
        long gaps;
        long lastFrame = Long.MIN_VALUE;

        void add(RecordEntry r) {
            if (r.kind() != RecordKind.RECEIVED) {
                return;
            }
            frames++;
            chars += r.text().length();
            if (lastFrame != Long.MIN_VALUE && r.nanos() - lastFrame >= ConnectionInspection.GAP_NANOS) {
                gaps++;
            }
            lastFrame = r.nanos();
            decoder.decode(r.text(), this);
        }

        long marketData() {
            return byType.entrySet().stream().filter(e -> e.getKey().isMarketData()).mapToLong(Map.Entry::getValue)
                    .sum();
        }

        String byType() {
            return byType.entrySet().stream().map(e -> e.getKey().wireName() + "=" + e.getValue())
                    .collect(Collectors.joining(" ", "{", "}"));
        }

        @Override
        public void onEvent(FeedEvent event) {
            byType.merge(event.type(), 1L, Long::sum);
            if (event instanceof StatusMessage status) {
                statuses.merge(status.status(), 1L, Long::sum);
            } else {
                topics.add(event.type() + "." + event.symbol());
            }
        }

        @Override
        public void onUnknownEvent(String ev) {
            unknown++;
        }

        @Override
        public void onDecodeError(DecodeError error) {
            if (errors++ == 0) {
                firstError = error.toString();
            }
        }
    }
}
