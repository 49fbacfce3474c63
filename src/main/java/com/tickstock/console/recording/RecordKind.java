package com.tickstock.console.recording;

/** What one record of a recording holds; its letter starts the record's header line. */
public enum RecordKind {
    /** A text frame received from the feed, exactly as received (the API key, were it echoed, replaced). */
    RECEIVED('R'),
    /** A message the console sent: auth (key replaced by REDACTED), subscribe, unsubscribe. */
    SENT('S'),
    /** Frames the recorder had to drop before this point (its payload: how many), because the disk fell behind. */
    DROPPED('D');

    private final char letter;

    RecordKind(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    /** The kind of this letter, or null when it is none. */
    static RecordKind of(int letter) {
        for (RecordKind kind : values()) {
            if (kind.letter == letter) {
                return kind;
            }
        }
        return null;
    }
}
