package com.tickstock.console.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.config.RecordSettings.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocks the CPU budget could not afford are stored, not compressed: the file must read back exactly, records crossing
 * from a compressed block to a stored one included, and the stored share must be what was stored.
 */
class StoredBlocksTest {

    @TempDir
    Path dir;

    private static String frame(Random random, int i) {
        StringBuilder b = new StringBuilder("[");
        for (int e = 0; e < 10; e++) {
            b.append(e == 0 ? "" : ",").append("{\"ev\":\"T\",\"sym\":\"S").append(random.nextInt(500))
                    .append("\",\"i\":\"").append(i * 10 + e).append("\",\"p\":").append(100 + random.nextInt(10_000) / 100.0)
                    .append(",\"s\":").append(1 + random.nextInt(500)).append(",\"t\":").append(1_733_450_000_000L + i)
                    .append('}');
        }
        return b.append(']').toString();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFileThatSwitchesBetweenCompressingAndStoringReadsBackExactly(Compression compression) throws Exception {
        // A budget whose clocks say: afford two blocks, then not three, and so on.
        long[] process = {0};
        long[] writer = {0};
        int[] asked = {0};
        CompressionBudget alternating = new CompressionBudget(10, () -> process[0], () -> {
            asked[0]++;
            boolean overspend = asked[0] % 5 >= 2;
            writer[0] += overspend ? 10 * CompressionBudget.MAX_CREDIT_NANOS : 0;
            process[0] += overspend ? 10 * CompressionBudget.MAX_CREDIT_NANOS : 100 * CompressionBudget.MAX_CREDIT_NANOS;
            return writer[0];
        });
        LongAdder recorded = new LongAdder();
        LongAdder stored = new LongAdder();
        Path path = dir.resolve("connection_1-20261206T000000Z-1" + FileCompression.suffix(compression));
        Random random = new Random(7);
        List<String> frames = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(path, Files.newOutputStream(path), compression, "connection_1",
                1_000, 0, alternating, recorded, stored)) {
            for (int i = 0; i < 20_000; i++) { // about 12 MB: fifty staging buffers
                String f = frame(random, i);
                frames.add(f);
                file.write(RecordKind.RECEIVED, 1_000 + i, 1, f.getBytes(StandardCharsets.UTF_8));
                if (i % 3_000 == 0) {
                    file.flush(); // the recorder's once-a-second flush, between switches
                }
            }
        }
        assertThat(stored.sum()).as("bytes stored").isPositive().isLessThan(recorded.sum());
        try (RecordingReader reader = RecordingReader.open(path)) {
            List<String> back = new ArrayList<>();
            for (RecordEntry e = reader.next(); e != null; e = reader.next()) {
                assertThat(e.kind()).isEqualTo(RecordKind.RECEIVED);
                back.add(e.text());
            }
            assertThat(back).containsExactlyElementsOf(frames);
            assertThat(reader.warning()).isEmpty();
        }
        // The stored blocks are what they say: the file is bigger than a fully compressed one by about their size.
        long size = Files.size(path);
        assertThat(size).isGreaterThan(stored.sum() * 9 / 10).isLessThan(stored.sum() + (recorded.sum() - stored.sum()) / 2);
    }
}
