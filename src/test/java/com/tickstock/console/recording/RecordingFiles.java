package com.tickstock.console.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers over a recording directory: its files, decompressed with the JDK alone, and its records. */
final class RecordingFiles {

    private RecordingFiles() {
    }

    static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> FileCompression.isRecordingFile(p.getFileName().toString())).sorted().toList();
        }
    }

    /** Every file decompressed by its compression alone (as zstdcat or zcat would, not the reader), concatenated. */
    static String decompressedText(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path file : list(dir)) {
            try (InputStream in = FileCompression.decompressing(
                    new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    static List<RecordEntry> records(Path dir) throws IOException {
        List<RecordEntry> out = new ArrayList<>();
        for (Path file : list(dir)) {
            try (RecordingReader reader = RecordingReader.open(file)) {
                for (RecordEntry e = reader.next(); e != null; e = reader.next()) {
                    out.add(e);
                }
                if (!reader.warning().isEmpty()) {
                    throw new AssertionError("unexpected warning: " + reader.warning());
                }
            }
        }
        return out;
    }
}
