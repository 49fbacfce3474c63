package com.tickstock.console.recording;

import com.tickstock.console.config.RecordSettings;
import com.tickstock.console.config.RecordSettings.Compression;
import com.tickstock.console.feed.FeedConnection;
import com.tickstock.console.manager.ConnectionManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts and stops recording every connection of a manager, and reports it in the manager's health snapshots
 * ({@code recording}: the recorder's figures, from the first recording on). Start and stop may be called from any thread
 * (the command line, the window's action thread) and are serialised on this object; the recorder in use is a
 * volatile read for the health thread.
 */
public final class ManagedRecording implements AutoCloseable {

    private final ConnectionManager manager;
    private final long rollBytes;
    private final Compression compression;
    private final int cpuBudgetPercent;
    private final List<String> secrets;
    private final FeedRecorder.FileOpener opener;
    private final int queueFrames;
    private final long queueChars;
    private volatile FeedRecorder recorder;
    /** The figures of the last recording, shown once it has stopped. */
    private volatile RecorderStatus last;
    /** Whether the health section is registered (under this object's monitor). */
    private boolean sectionAdded;

    public ManagedRecording(ConnectionManager manager, long rollBytes, Compression compression, List<String> secrets) {
        this(manager, rollBytes, compression, RecordSettings.DEFAULT_CPU_BUDGET_PERCENT, secrets);
    }

    /** @param cpuBudgetPercent {@code RECORD_CPU_BUDGET} (see {@link CompressionBudget}) */
    public ManagedRecording(ConnectionManager manager, long rollBytes, Compression compression, int cpuBudgetPercent,
                            List<String> secrets) {
        this(manager, rollBytes, compression, cpuBudgetPercent, secrets, FeedRecorder.DEFAULT_OPENER,
                FeedRecorder.DEFAULT_QUEUE_FRAMES, FeedRecorder.DEFAULT_QUEUE_CHARS);
    }

    /** With the recorder's disk and queue bounds given (tests stand a full disk here). */
    ManagedRecording(ConnectionManager manager, long rollBytes, Compression compression, int cpuBudgetPercent,
                     List<String> secrets, FeedRecorder.FileOpener opener, int queueFrames, long queueChars) {
        this.manager = manager;
        this.rollBytes = rollBytes;
        this.compression = compression;
        this.cpuBudgetPercent = cpuBudgetPercent;
        this.secrets = List.copyOf(secrets);
        this.opener = opener;
        this.queueFrames = queueFrames;
        this.queueChars = queueChars;
    }

    /** Begins recording into {@code directory}; a recording already running is stopped first. */
    public synchronized void start(Path directory) throws IOException {
        stop();
        if (!sectionAdded) {
            // Only once a recording has run: a console that never records keeps the health JSON it always had.
            manager.addHealthSection("recording", this::healthSection);
            sectionAdded = true;
        }
        FeedRecorder started = FeedRecorder.start(directory, rollBytes, compression, cpuBudgetPercent, secrets, opener,
                queueFrames, queueChars);
        recorder = started;
        for (String id : manager.connectionIds()) {
            manager.connection(id).setRawFrameTap(started.tap());
        }
    }

    /** Ends the recording, if one runs: the taps come off first, then what is queued is written and the files closed. */
    public synchronized void stop() {
        FeedRecorder running = recorder;
        if (running == null) {
            return;
        }
        for (String id : manager.connectionIds()) {
            FeedConnection connection = manager.connection(id);
            connection.setRawFrameTap(null);
        }
        running.close();
        last = running.status();
        recorder = null;
    }

    public boolean isRecording() {
        return recorder != null;
    }

    /** The running recording's figures, else the last one's, else empty. */
    public Optional<RecorderStatus> status() {
        FeedRecorder running = recorder;
        return running != null ? Optional.of(running.status()) : Optional.ofNullable(last);
    }

    private Map<String, Object> healthSection() {
        return status().map(RecorderStatus::toHealthMap).orElseGet(() -> Map.of("state", "off"));
    }

    @Override
    public void close() {
        stop();
    }
}
