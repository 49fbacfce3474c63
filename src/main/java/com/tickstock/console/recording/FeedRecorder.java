package com.tickstock.console.recording;

import com.tickstock.console.config.RecordSettings;
import com.tickstock.console.config.RecordSettings.Compression;
import com.tickstock.console.feed.RawFrameTap;
import com.tickstock.console.supervision.PartFailures;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Records every frame the connections receive and every message they send to zstd (or gzip) files in one
 * directory, a series of files per connection, rolled by compressed size and at every full hour (UTC).
 *
 * <p>Threads, by design: the {@link #tap() tap} runs on the socket threads (frames) and control threads (sent
 * messages) and never waits: it offers the text to a bounded queue (a bounded number of records and of
 * characters) and, when that is full, drops it and counts the drop. One writer thread of its
 * own ({@code tickstock-recorder}) takes from the queue in batches (it naps when the queue is empty, so while
 * frames flow an offer has no waiting thread to wake) and does every bit of disk work; the files, their series
 * and the per-connection drop marks are its alone. When a write fails (disk full, file system gone) it closes
 * that file, drops (and counts) what arrives for {@link #RETRY_AFTER}, then opens a new file. The counters are
 * atomics written by those threads and read by any (health, metrics, window).
 *
 * <p>The API key never reaches the disk: the feed connection hands the auth message over with the key already
 * replaced, and the writer replaces it in any received frame that would echo it.
 */
public final class FeedRecorder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FeedRecorder.class.getName());
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final long FLUSH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long NANOS_PER_HOUR = TimeUnit.HOURS.toNanos(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Most records the writer takes from the queue at once. */
    private static final int BATCH = 1024;
    /**
     * How long the writer naps when the queue is empty: at 50,000 frames/s a nap gathers about 100 of them. The
     * files are flushed once a second anyway, so the nap costs no durability.
     */
    private static final long IDLE_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** 100 ms of an empty queue: the feed is quiet, and waiting on the queue costs nothing per frame worth saving. */
    private static final int NAPS_BEFORE_WAITING = 50;
    private static final long QUIET_WAIT_MILLIS = 100;

    /** Opens a file for writing; the default creates it. Tests stand a stalled or full disk here. */
    public interface FileOpener {
        OutputStream open(Path path) throws IOException;
    }

    static final FileOpener DEFAULT_OPENER = path -> Files.newOutputStream(path);
    /**
     * Records the queue holds: at 50,000 frames/s (500,000 events/s in 10-event frames) two seconds of a disk that
     * does not answer; with {@link #DEFAULT_QUEUE_CHARS} it bounds the memory a slow disk can take.
     */
    static final int DEFAULT_QUEUE_FRAMES = 100_000;
    static final long DEFAULT_QUEUE_CHARS = 64L * 1024 * 1024;

    private final Path directory;
    private final long rollBytes;
    /** What the files are written with: as configured, or gzip where zstd cannot be loaded (logged at start). */
    private final Compression compression;
    /** {@code RECORD_CPU_BUDGET}: what the writer may spend, in percent of the rest of the console's CPU (0: no limit). */
    private final int cpuBudgetPercent;
    private final List<String> secrets;
    private final FileOpener opener;
    private final long queueChars;
    private final ArrayBlockingQueue<RecordEntry> queue;
    private final AtomicLong queuedChars = new AtomicLong();
    private final Thread writer;
    /** Epoch nanoseconds at {@link #monoAnchor}: turns a {@link System#nanoTime()} into a wall time. */
    private final long wallAnchor;
    private final long monoAnchor;
    private final Instant started = Instant.now();

    // ---- counters: written by the tap's threads and the writer, read by any thread ----
    private final LongAdder framesRecorded = new LongAdder();
    private final LongAdder messagesRecorded = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** Drops per connection, so the writer can mark where in a connection's series frames are missing. */
    private final Map<String, LongAdder> droppedByConnection = new ConcurrentHashMap<>();
    /** Bytes of records written (before compression), and those stored uncompressed to keep to the CPU budget. */
    private final LongAdder recordedBytes = new LongAdder();
    private final LongAdder storedBytes = new LongAdder();
    private final AtomicLong closedFileBytes = new AtomicLong();
    private final AtomicLong openFileBytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean failing;
    /** Set by close: the tap takes nothing more, the writer drains the queue and ends. */
    private volatile boolean stopping;

    // ---- writer thread only ----
    private final Map<String, Series> series = new HashMap<>();
    /** One for all the files: the budget is the writer thread's. */
    private final CompressionBudget budget;
    private long failingUntilNanos;
    private long lastFlushNanos = System.nanoTime();

    private final RawFrameTap tap = new RawFrameTap() {
        @Override
        public void frameReceived(String connectionId, long socket, long receiveNanos, String frame) {
            offer(new RecordEntry(RecordKind.RECEIVED, connectionId, socket, receiveNanos, frame));
        }

        @Override
        public void messageSent(String connectionId, long socket, long sentNanos, String message) {
            offer(new RecordEntry(RecordKind.SENT, connectionId, socket, sentNanos, message));
        }
    };

    private FeedRecorder(Path directory, long rollBytes, Compression compression, int cpuBudgetPercent,
                         Collection<String> secrets, FileOpener opener, int queueFrames, long queueChars) {
        this.directory = directory;
        this.cpuBudgetPercent = cpuBudgetPercent;
        this.budget = CompressionBudget.ofProcess(cpuBudgetPercent);
        this.rollBytes = rollBytes;
        this.compression = compression;
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
        this.opener = opener;
        this.queueChars = queueChars;
        this.queue = new ArrayBlockingQueue<>(queueFrames);
        Instant now = Instant.now();
        this.monoAnchor = System.nanoTime();
        this.wallAnchor = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.writer = PartFailures.process().newThread("recorder", "tickstock-recorder", this::writeLoop);
    }

    /**
     * Starts recording into {@code directory} (made if missing); nothing is recorded until the tap is given to the
     * connections.
     *
     * @param secrets values that must never reach the disk (the API key)
     * @throws IOException when the directory cannot be made or is not writable
     */
    public static FeedRecorder start(Path directory, long rollBytes, Collection<String> secrets) throws IOException {
        return start(directory, rollBytes, Compression.ZSTD, secrets);
    }

    /** As {@link #start(Path, long, Collection)}, with the files' compression given. */
    public static FeedRecorder start(Path directory, long rollBytes, Compression compression,
                                     Collection<String> secrets) throws IOException {
        return start(directory, rollBytes, compression, RecordSettings.DEFAULT_CPU_BUDGET_PERCENT, secrets,
                DEFAULT_OPENER, DEFAULT_QUEUE_FRAMES, DEFAULT_QUEUE_CHARS);
    }

    /** As {@link #start(Path, long, Compression, Collection)}, zstd, with the file opener and queue bounds given. */
    public static FeedRecorder start(Path directory, long rollBytes, Collection<String> secrets, FileOpener opener,
                                     int queueFrames, long queueChars) throws IOException {
        return start(directory, rollBytes, Compression.ZSTD, RecordSettings.DEFAULT_CPU_BUDGET_PERCENT, secrets, opener,
                queueFrames, queueChars);
    }

    /**
     * As {@link #start(Path, long, Compression, Collection)} with the CPU budget ({@code RECORD_CPU_BUDGET}, percent;
     * 0: compress always, whatever it costs), the file opener and the queue bounds given (tests, benchmarks). Where
     * zstd is asked for but its native library cannot be loaded, the files are gzip, and the log and
     * {@link RecorderStatus#compression()} say why.
     */
    public static FeedRecorder start(Path directory, long rollBytes, Compression compression, int cpuBudgetPercent,
                                     Collection<String> secrets, FileOpener opener, int queueFrames, long queueChars)
            throws IOException {
        Files.createDirectories(directory);
        if (!Files.isWritable(directory)) {
            throw new IOException(directory + " is not writable by this user");
        }
        Compression used = compression;
        if (compression == Compression.ZSTD && FileCompression.zstdUnavailable().isPresent()) {
            used = Compression.GZIP;
            LOG.log(Level.WARNING, "RECORD_COMPRESSION=zstd, but zstd cannot be loaded on this machine ("
                    + FileCompression.zstdUnavailable().get() + "); recording with gzip instead");
        }
        FeedRecorder recorder = new FeedRecorder(directory, rollBytes, used, cpuBudgetPercent, secrets, opener,
                queueFrames, queueChars);
        recorder.writer.start();
        LOG.log(Level.INFO, "recording the feed to " + directory + " (" + used.name().toLowerCase(Locale.ROOT) + ")");
        return recorder;
    }

    /** What the connections call with every frame and sent message (see {@link RawFrameTap} for the threads). */
    public RawFrameTap tap() {
        return tap;
    }

    public Path directory() {
        return directory;
    }

    /** Socket or control thread: never waits; a full queue drops the record and counts it. */
    private void offer(RecordEntry entry) {
        if (stopping) {
            return;
        }
        int chars = entry.text().length();
        if (queuedChars.addAndGet(chars) > queueChars || !queue.offer(entry)) {
            queuedChars.addAndGet(-chars);
            drop(entry.connectionId());
        }
    }

    private void drop(String connectionId) {
        dropped.increment();
        droppedByConnection.computeIfAbsent(connectionId, id -> new LongAdder()).increment();
    }

    // =====================================================================================
    // Writer thread
    // =====================================================================================

    /**
     * Takes what is queued in batches and, when nothing is, naps {@link #IDLE_NAP_NANOS} instead of waiting on the
     * queue: a writer waiting on the queue is woken by every offer, and that wake-up (a futex call on the socket
     * thread, a context switch on this one) cost more per frame than the rest of the hand-off. After
     * {@link #NAPS_BEFORE_WAITING} empty naps in a row (a quiet feed) it waits on the queue again, so an idle
     * recording does not wake 500 times a second.
     */
    private void writeLoop() {
        List<RecordEntry> batch = new ArrayList<>(BATCH);
        int emptyNaps = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                queue.drainTo(batch, BATCH);
                if (batch.isEmpty()) {
                    if (stopping) {
                        break;
                    }
                    if (emptyNaps < NAPS_BEFORE_WAITING) {
                        emptyNaps++;
                        LockSupport.parkNanos(this, IDLE_NAP_NANOS);
                    } else {
                        RecordEntry first = queue.poll(QUIET_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                        if (first != null) {
                            batch.add(first);
                        }
                    }
                }
                long now = System.nanoTime();
                if (!batch.isEmpty()) {
                    emptyNaps = 0;
                    writeBatch(batch, now);
                    batch.clear();
                }
                if (now - lastFlushNanos >= FLUSH_EVERY_NANOS) {
                    lastFlushNanos = now;
                    flushAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeAll();
        }
    }

    private void writeBatch(List<RecordEntry> batch, long now) {
        long chars = 0;
        for (RecordEntry entry : batch) {
            chars += entry.text().length();
        }
        queuedChars.addAndGet(-chars);
        for (RecordEntry entry : batch) {
            write(entry, now);
        }
    }

    private void write(RecordEntry entry, long now) {
        if (failing && now - failingUntilNanos < 0) {
            drop(entry.connectionId());
            return;
        }
        Series s = series.computeIfAbsent(entry.connectionId(), Series::new);
        long epochNanos = wallAnchor + (entry.nanos() - monoAnchor);
        try {
            RecordingFile file = s.fileFor(epochNanos);
            long droppedNow = s.droppedSoFar();
            if (droppedNow > s.droppedMarked) {
                byte[] count = Long.toString(droppedNow - s.droppedMarked).getBytes(StandardCharsets.US_ASCII);
                file.write(RecordKind.DROPPED, epochNanos, entry.socket(), count);
                s.droppedMarked = droppedNow;
            }
            file.write(entry.kind(), epochNanos, entry.socket(), redacted(entry.text()).getBytes(StandardCharsets.UTF_8));
            if (entry.kind() == RecordKind.RECEIVED) {
                framesRecorded.increment();
            } else {
                messagesRecorded.increment();
            }
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "recording resumed in " + file.path());
            }
        } catch (IOException | RuntimeException e) {
            drop(entry.connectionId());
            fail(s, e);
        }
    }

    private String redacted(String text) {
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, RawFrameTap.REDACTED);
            }
        }
        return out;
    }

    private void fail(Series s, Exception e) {
        String why = s.connectionId + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        lastError = why;
        if (!failing) {
            LOG.log(Level.WARNING, "recording failed, dropping frames for " + RETRY_AFTER.toSeconds() + " s: " + why);
        }
        failing = true;
        failingUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
        s.abandon();
    }

    private void flushAll() {
        long open = 0;
        for (Series s : series.values()) {
            if (s.file == null) {
                continue;
            }
            try {
                s.file.flush();
                open += s.file.compressedBytes();
            } catch (IOException e) {
                fail(s, e);
            }
        }
        openFileBytes.set(open);
    }

    private void closeAll() {
        for (Series s : series.values()) {
            s.closeFile();
        }
        openFileBytes.set(0);
    }

    /** One connection's series of files. Writer thread only. */
    private final class Series {
        final String connectionId;
        /** The id as it goes into file names: an id unfit for a file name (none the console makes) is replaced. */
        final String fileId;
        RecordingFile file;
        int sequence;
        long droppedMarked;

        Series(String connectionId) {
            this.connectionId = connectionId;
            this.fileId = RecordFormat.SAFE_ID.matcher(connectionId).matches() ? connectionId : "connection";
        }

        long droppedSoFar() {
            LongAdder d = droppedByConnection.get(connectionId);
            return d == null ? 0 : d.sum();
        }

        /** The file to write a record of this time to: a new one past the size limit or the hour. */
        RecordingFile fileFor(long epochNanos) throws IOException {
            long hour = Math.floorDiv(epochNanos, NANOS_PER_HOUR);
            if (file != null && (file.compressedBytes() >= rollBytes || hour != file.openedEpochHour())) {
                closeFile();
            }
            if (file == null) {
                Instant at = Instant.ofEpochSecond(0, epochNanos);
                Path path = directory.resolve(RecordFormat.fileName(fileId, at, ++sequence, compression));
                OutputStream raw = opener.open(path);
                try {
                    file = new RecordingFile(path, raw, compression, fileId, epochNanos, hour, budget, recordedBytes,
                            storedBytes);
                } catch (IOException | RuntimeException e) {
                    raw.close();
                    throw e;
                }
                files.incrementAndGet();
            }
            return file;
        }

        void closeFile() {
            if (file == null) {
                return;
            }
            try {
                file.close();
            } catch (IOException e) {
                lastError = connectionId + ": " + e.getMessage();
                LOG.log(Level.WARNING, "closing " + file.path() + " failed: " + e.getMessage());
            }
            closedFileBytes.addAndGet(file.compressedBytes());
            file = null;
        }

        /** After a failed write: the file is given up (what was flushed stays readable). */
        void abandon() {
            if (file == null) {
                return;
            }
            try {
                file.close();
            } catch (IOException ignored) {
                // the disk that failed the write fails the close too; the file is given up either way
            }
            closedFileBytes.addAndGet(file.compressedBytes());
            file = null;
        }
    }

    // =====================================================================================
    // Any thread
    // =====================================================================================

    public RecorderStatus status() {
        String state = stopping ? "stopped" : failing ? "failing" : "recording";
        return new RecorderStatus(state, directory.toString(), compression.name().toLowerCase(Locale.ROOT), started,
                framesRecorded.sum(), messagesRecorded.sum(),
                dropped.sum(), closedFileBytes.get() + openFileBytes.get(), recordedBytes.sum(), storedBytes.sum(),
                cpuBudgetPercent, files.get(), queue.size(), lastError);
    }

    /**
     * Stops taking records, writes what is queued and closes the files; waits up to 30 s for the disk. The taps
     * should be taken off the connections first, or what they still offer is ignored.
     */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.log(Level.WARNING, "the recorder's writer did not finish within " + CLOSE_TIMEOUT.toSeconds()
                    + " s; files in " + directory + " may end early");
        }
        LOG.log(Level.INFO, "recording stopped: " + status().describe());
    }

}
