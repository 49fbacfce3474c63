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
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading recordings back: whole, cut short by a killed recorder, and damaged. */
class RecordingReaderTest {

    @TempDir
    Path dir;

    /** The bytes of a recording of {@code n} frames; closed (with its gzip trailer) or only flushed, as a killed recorder leaves it. */
    private static byte[] recording(int n, boolean closed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RecordingFile file = new RecordingFile(Path.of("x"), bytes, "connection_1", 1_000, 0);
        for (int i = 0; i < n; i++) {
            String frame = "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"i\":\"" + i + "\",\n\"p\":1.5}]"; // a newline inside: lengths, not lines
            file.write(RecordKind.RECEIVED, 1_000 + i, 1, frame.getBytes(StandardCharsets.UTF_8));
        }
        if (closed) {
            file.close();
        } else {
            file.flush();
        }
        return bytes.toByteArray();
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

    @Test
    void aWholeFileReadsBackExactly() throws Exception {
        Path file = write("whole.rec.gz", recording(100, true));
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
    @Test
    void framesAroundAndBeyondTheStagingBufferReadBackExactly() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> frames = new ArrayList<>();
        RecordingFile file = new RecordingFile(Path.of("x"), bytes, "connection_1", 0, 0);
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
        Path path = write("staged.rec.gz", bytes.toByteArray());
        try (RecordingReader reader = RecordingReader.open(path)) {
            List<RecordEntry> records = readAll(reader);
            assertThat(records).extracting(RecordEntry::text).containsExactlyElementsOf(frames);
            assertThat(records.get(3).nanos()).isEqualTo(Long.MAX_VALUE);
            assertThat(records.get(2_999).socket()).isEqualTo(2_999);
            assertThat(reader.warning()).isEmpty();
        }
    }

    @Test
    void aFileWithoutItsTrailerIsReadToItsLastFlushWithAWarning() throws Exception {
        Path file = write("killed.rec.gz", recording(50, false));
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).hasSize(50);
            assertThat(reader.warning()).contains(file.toString()).contains("without its gzip trailer")
                    .contains("50 records");
        }
    }

    @Test
    void aFileCutInsideARecordIsReadUpToTheLastWholeRecord() throws Exception {
        // Decompressed, cut in the middle of the 31st record, then compressed whole: the record is partial.
        byte[] plain;
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(recording(40, true)))) {
            plain = in.readAllBytes();
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        int cut = text.indexOf("\"i\":\"30\"");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(Arrays.copyOf(plain, cut));
        }
        Path file = write("cut.rec.gz", gz.toByteArray());
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).hasSize(30);
            assertThat(reader.warning()).contains(file.toString()).contains("cut short inside a record at byte")
                    .contains("30 records");
        }
    }

    @Test
    void aFileCutInsideARecordHeaderIsReadUpToTheLastWholeRecord() throws Exception {
        // Cut after the first few characters of the 31st record's header line ("R <nanos> <socket> <length>").
        byte[] plain;
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(recording(40, true)))) {
            plain = in.readAllBytes();
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        int header = text.indexOf("\nR 1030 ") + 1;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(Arrays.copyOf(plain, header + 4));
        }
        Path file = write("cut-header.rec.gz", gz.toByteArray());
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).hasSize(30);
            assertThat(reader.warning()).contains(file.toString()).contains("cut short inside a record header")
                    .contains("30 records");
        }
    }

    @Test
    void damagedCompressedDataNamesTheFileAndOffset() throws Exception {
        byte[] bytes = recording(2_000, true);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] = (byte) (bytes[i] ^ 0x5a);
        }
        Path file = write("damaged.rec.gz", bytes);
        assertThatThrownBy(() -> {
            try (RecordingReader reader = RecordingReader.open(file)) {
                readAll(reader);
            }
        }).isInstanceOf(RecordingException.class).hasMessageContaining(file.toString())
                .hasMessageMatching("(?s).*at byte \\d+ of the decompressed stream.*");
    }

    @Test
    void aFileThatIsNoRecordingSaysSo() throws Exception {
        Path text = write("plain.rec.gz", "hello".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RecordingReader.open(text)).isInstanceOf(RecordingException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a gzip file");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write("something else\n".getBytes(StandardCharsets.UTF_8));
        }
        Path other = write("other.rec.gz", gz.toByteArray());
        assertThatThrownBy(() -> RecordingReader.open(other)).isInstanceOf(RecordingException.class)
                .hasMessageContaining("not a TickStock recording");
    }
}
