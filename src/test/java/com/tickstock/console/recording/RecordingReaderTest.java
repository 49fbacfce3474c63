package com.tickstock.console.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import com.tickstock.console.config.RecordSettings.Compression;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading recordings back, zstd and gzip alike: whole, cut short by a killed recorder, and damaged. */
class RecordingReaderTest {

    @TempDir
    Path dir;

    private static String frame(int i) {
        return "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"i\":\"" + i + "\",\n\"p\":1.5}]"; // a newline inside: lengths, not lines
    }

    /** The bytes of a recording of {@code n} frames; closed (with its stream's end) or only flushed, as a killed recorder leaves it. */
    private static byte[] recording(Compression compression, int n, boolean closed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RecordingFile file = new RecordingFile(Path.of("x"), bytes, compression, "connection_1", 1_000, 0);
        for (int i = 0; i < n; i++) {
            file.write(RecordKind.RECEIVED, 1_000 + i, 1, frame(i).getBytes(StandardCharsets.UTF_8));
        }
        if (closed) {
            file.close();
        } else {
            file.flush();
        }
        return bytes.toByteArray();
    }

    private static byte[] decompressed(byte[] compressed) throws IOException {
        try (var in = FileCompression.decompressing(new java.io.BufferedInputStream(
                new java.io.ByteArrayInputStream(compressed)))) {
            return in.readAllBytes();
        }
    }

    private static byte[] compressed(Compression compression, byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = FileCompression.compressing(compression, out)) {
            c.write(plain);
        }
        return out.toByteArray();
    }

    private static String name(String base, Compression compression) {
        return base + FileCompression.suffix(compression);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static List<RecordEntry> readAll(RecordingReader reader) throws IOException {
        List<RecordEntry> out = new ArrayList<>();
        for (RecordEntry e = reader.next(); e != null; e = reader.next()) {
            out.add(e);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aWholeFileReadsBackExactly(Compression compression) throws Exception {
        Path file = write(name("whole", compression), recording(compression, 100, true));
        try (RecordingReader reader = RecordingReader.open(file)) {
            List<RecordEntry> records = readAll(reader);
            assertThat(reader.connectionId()).isEqualTo("connection_1");
            assertThat(records).hasSize(100);
            assertThat(records.get(7).text()).isEqualTo("[{\"ev\":\"T\",\"sym\":\"AAPL\",\"i\":\"7\",\n\"p\":1.5}]");
            assertThat(records.get(7).nanos()).isEqualTo(1_007);
            assertThat(reader.warning()).isEmpty();
        }
    }

    /**
     * The writer stages records in a buffer handed to gzip when full: frames that end exactly at, straddle and
     * exceed that buffer, and extreme header numbers, must read back byte for byte and in order.
     */
    @ParameterizedTest
    @EnumSource(Compression.class)
    void framesAroundAndBeyondTheStagingBufferReadBackExactly(Compression compression) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> frames = new ArrayList<>();
        RecordingFile file = new RecordingFile(Path.of("x"), bytes, compression, "connection_1", 0, 0);
        for (int i = 0; i < 3_000; i++) { // about three staging buffers of ordinary frames, lengths varying
            frames.add("[{\"ev\":\"T\",\"i\":\"" + i + "\",\"pad\":\"" + "x".repeat(i % 300) + "\"}]");
        }
        frames.add("y".repeat(RecordingFile.STAGING_BYTES * 2 + 17)); // bigger than the whole buffer
        frames.add("é€ and a newline\n inside"); // multi-byte UTF-8: the length is in bytes
        frames.add("");
        long[] nanos = {0, 9, 10, Long.MAX_VALUE};
        for (int i = 0; i < frames.size(); i++) {
            file.write(RecordKind.RECEIVED, nanos[i % nanos.length], i, frames.get(i).getBytes(StandardCharsets.UTF_8));
        }
        file.close();
        Path path = write(name("staged", compression), bytes.toByteArray());
        try (RecordingReader reader = RecordingReader.open(path)) {
            List<RecordEntry> records = readAll(reader);
            assertThat(records).extracting(RecordEntry::text).containsExactlyElementsOf(frames);
            assertThat(records.get(3).nanos()).isEqualTo(Long.MAX_VALUE);
            assertThat(records.get(2_999).socket()).isEqualTo(2_999);
            assertThat(reader.warning()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFileWithoutItsEndIsReadToItsLastFlushWithAWarning(Compression compression) throws Exception {
        Path file = write(name("killed", compression), recording(compression, 50, false));
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).hasSize(50);
            assertThat(reader.warning()).contains(file.toString()).contains("ends before the end of its compressed")
                    .contains("50 records");
        }
    }

    /**
     * A recorder killed while the compressor was writing a block: the file ends inside compressed data written
     * after the last flush. Everything up to that flush reads back, then a warning, never a damaged-file error.
     */
    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFileCutInsideCompressedDataIsReadToItsLastFlush(Compression compression) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RecordingFile file = new RecordingFile(Path.of("x"), bytes, compression, "connection_1", 1_000, 0);
        for (int i = 0; i < 2_000; i++) {
            file.write(RecordKind.RECEIVED, 1_000 + i, 1, frame(i).getBytes(StandardCharsets.UTF_8));
            if (i == 999) {
                file.flush();
            }
        }
        int flushedAt = bytes.size();
        file.flush();
        int end = bytes.size();
        Path path = write(name("cut-block", compression), Arrays.copyOf(bytes.toByteArray(), (flushedAt + end) / 2));
        try (RecordingReader reader = RecordingReader.open(path)) {
            List<RecordEntry> records = readAll(reader);
            assertThat(records.size()).isBetween(1_000, 1_999);
            assertThat(records.get(999).text()).isEqualTo(frame(999));
            assertThat(reader.warning()).contains(path.toString()).contains("read up to the last whole record");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFileCutInsideARecordIsReadUpToTheLastWholeRecord(Compression compression) throws Exception {
        // Decompressed, cut in the middle of the 31st record, then compressed whole: the record is partial.
        byte[] plain = decompressed(recording(compression, 40, true));
        String text = new String(plain, StandardCharsets.UTF_8);
        int cut = text.indexOf("\"i\":\"30\"");
        Path file = write(name("cut", compression), compressed(compression, Arrays.copyOf(plain, cut)));
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).hasSize(30);
            assertThat(reader.warning()).contains(file.toString()).contains("cut short inside a record at byte")
                    .contains("30 records");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFileCutInsideARecordHeaderIsReadUpToTheLastWholeRecord(Compression compression) throws Exception {
        // Cut after the first few characters of the 31st record's header line ("R <nanos> <socket> <length>").
        byte[] plain = decompressed(recording(compression, 40, true));
        String text = new String(plain, StandardCharsets.UTF_8);
        int header = text.indexOf("\nR 1030 ") + 1;
        Path file = write(name("cut-header", compression), compressed(compression, Arrays.copyOf(plain, header + 4)));
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).hasSize(30);
            assertThat(reader.warning()).contains(file.toString()).contains("cut short inside a record header")
                    .contains("30 records");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void damagedCompressedDataNamesTheFileAndOffset(Compression compression) throws Exception {
        byte[] bytes = recording(compression, 2_000, true);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] = (byte) (bytes[i] ^ 0x5a);
        }
        Path file = write(name("damaged", compression), bytes);
        assertThatThrownBy(() -> {
            try (RecordingReader reader = RecordingReader.open(file)) {
                readAll(reader);
            }
        }).isInstanceOf(RecordingException.class).hasMessageContaining(file.toString())
                .hasMessageMatching("(?s).*at byte \\d+ of the decompressed stream.*");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFileThatIsNoRecordingSaysSo(Compression compression) throws Exception {
        Path text = write(name("plain", compression), "hello".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RecordingReader.open(text)).isInstanceOf(RecordingException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a recording file")
                .hasMessageContaining("neither a zstd nor a gzip file");
        Path other = write(name("other", compression),
                compressed(compression, "something else\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> RecordingReader.open(other)).isInstanceOf(RecordingException.class)
                .hasMessageContaining("not a TickStock recording");
    }

    /**
     * Record headers the recorder never writes are read, or rejected, as {@code Long.parseLong} and
     * {@code Integer.parseInt} always did: the reader's digit-by-digit fast path takes only the plain form.
     */
    @Test
    void headersOutsideTheRecordersPlainFormReadOrFailAsBefore() throws Exception {
        String file = RecordFormat.MAGIC + " " + RecordFormat.VERSION + " connection_1 0\n";
        String plain = file + "R 9223372036854775807 12 3\nabc\nR +5 -1 3\ndef\nR 007 0 0\n\n";
        try (RecordingReader reader = RecordingReader.open(write("odd.rec.zst",
                compressed(Compression.ZSTD, plain.getBytes(StandardCharsets.US_ASCII))))) {
            List<RecordEntry> records = readAll(reader);
            assertThat(records).extracting(RecordEntry::nanos).containsExactly(Long.MAX_VALUE, 5L, 7L);
            assertThat(records).extracting(RecordEntry::socket).containsExactly(12L, -1L, 0L);
            assertThat(records).extracting(RecordEntry::text).containsExactly("abc", "def", "");
        }
        for (String header : List.of("R 9223372036854775808 1 3", "R 1 1 2147483648", "R 1 1 99999999999999999999",
                "X 1 1 3", "R  1 1 3", "R 1 1 3 ", "RR 1 1 3", "R 1 1", "R 1 1 3 4", "R 1 1 x")) {
            Path path = write("bad.rec.zst", compressed(Compression.ZSTD,
                    (file + header + "\nabc\n").getBytes(StandardCharsets.US_ASCII)));
            try (RecordingReader reader = RecordingReader.open(path)) {
                assertThatThrownBy(reader::next).as(header).isInstanceOf(RecordingException.class)
                        .hasMessageContaining("not a record header ('" + header + "')");
            }
        }
    }
}
