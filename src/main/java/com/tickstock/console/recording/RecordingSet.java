package com.tickstock.console.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The files of a recording given on the command line: one file, or every {@code *.rec.zst} and {@code *.rec.gz} of a directory in name order. */
final class RecordingSet {

    private RecordingSet() {
    }

    /**
     * @throws IOException naming the path when it does not exist, or a directory holds no recording
     */
    static List<Path> files(Path fileOrDirectory) throws IOException {
        if (Files.isDirectory(fileOrDirectory)) {
            List<Path> files;
            try (var listing = Files.list(fileOrDirectory)) {
                files = listing.filter(p -> FileCompression.isRecordingFile(p.getFileName().toString())
                        && Files.isRegularFile(p)).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IOException(fileOrDirectory + " holds no recording (no *" + FileCompression.ZSTD_SUFFIX + " or *"
                        + FileCompression.GZIP_SUFFIX + " file)");
            }
            return files;
        }
        if (!Files.exists(fileOrDirectory)) {
            throw new NoSuchFileException(fileOrDirectory.toString(), null, "no such file or directory");
        }
        return List.of(fileOrDirectory);
    }
}
