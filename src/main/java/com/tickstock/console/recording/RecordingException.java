package com.tickstock.console.recording;

import java.io.IOException;
import java.nio.file.Path;

/** A recording file that cannot be read on: corrupt, or not a recording. Its message names the file and the offset. */
public final class RecordingException extends IOException {

    private static final long serialVersionUID = 1L;

    RecordingException(Path file, long offset, String what) {
        super(file + ": " + what + " at byte " + offset + " of the decompressed stream");
    }

    RecordingException(Path file, long offset, long compressedOffset, String what, Throwable cause) {
        super(file + ": " + what + " at byte " + offset + " of the decompressed stream (about byte "
                + compressedOffset + " of the file)", cause);
    }
}
