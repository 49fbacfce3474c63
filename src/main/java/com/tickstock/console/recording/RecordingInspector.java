package com.tickstock.console.recording;

import com.tickstock.console.feed.EventType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code --inspect FILE|DIR}: reads a recording and prints, per connection, its time span, frames, events by type,
 * statuses, topics, sockets, pauses in receive time, decode errors (by the console's own decoder) and frames the
 * recorder dropped. A file cut short is read to its last whole record with a warning; a damaged file is an error
 * naming the file and offset, and the others are still read.
 *
 * <p>Each connection's series of files is read on a thread of its own (an hour of three busy connections is ten
 * million events), its files in order, a record at a time without a string per record; the results are merged on
 * the calling thread once all are read. Frames are counted by {@link com.tickstock.console.feed.FrameCounter} where
 * it is sure of them and decoded by the console's decoder otherwise, so every count is the decoder's.
 */
public final class RecordingInspector {

    /** A file as the recorder names it: {@code <connection>-<UTC time>-<sequence>.rec.zst|gz}. */
    private static final Pattern SERIES_FILE = Pattern.compile("(.+)-\\d{8}T\\d{6}Z-\\d+\\.rec\\.(zst|gz)");

    /** Series read at once on a machine with fewer cores: the console has at most three connections. */
    private static final int MAX_THREADS = 4;

    private final Map<String, ConnectionInspection> connections = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int files;

    private RecordingInspector() {
    }

    /** Reads every file of the recording. */
    public static RecordingInspector inspect(Path fileOrDirectory) throws IOException {
        Map<String, List<Path>> series = new LinkedHashMap<>();
        for (Path file : RecordingSet.files(fileOrDirectory)) {
            Matcher m = SERIES_FILE.matcher(file.getFileName().toString());
            series.computeIfAbsent(m.matches() ? m.group(1) : file.toString(), k -> new ArrayList<>()).add(file);
        }
        RecordingInspector inspector = new RecordingInspector();
        // A thread per series, more than the cores if need be: three equal series on two cores as two threads take
        // two rounds (the third series alone at the end), as three threads the scheduler shares the cores fairly.
        int threads = Math.max(1, Math.min(series.size(),
                Math.max(MAX_THREADS, Runtime.getRuntime().availableProcessors())));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tickstock-inspect");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SeriesResult>> results = new ArrayList<>();
            for (List<Path> files : series.values()) {
                results.add(pool.submit(() -> SeriesResult.read(files)));
            }
            for (Future<SeriesResult> result : results) {
                inspector.merge(result.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + fileOrDirectory, e);
        } catch (ExecutionException e) {
            throw new IOException("reading " + fileOrDirectory + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return inspector;
    }

    private void merge(SeriesResult result) {
        files += result.files;
        warnings.addAll(result.warnings);
        errors.addAll(result.errors);
        result.connections.forEach((id, c) -> {
            // Two series naming the same connection (files renamed by hand): both are shown, apart.
            String key = id;
            for (int n = 2; connections.containsKey(key); n++) {
                key = id + " (" + n + ")";
            }
            connections.put(key, c);
        });
    }

    /** One series' files read in order on one thread; handed to the merging thread by its future. */
    private static final class SeriesResult {
        final Map<String, ConnectionInspection> connections = new TreeMap<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        int files;

        static SeriesResult read(List<Path> files) {
            SeriesResult result = new SeriesResult();
            for (Path file : files) {
                result.read(file);
            }
            return result;
        }

        private void read(Path file) {
            files++;
            try (RecordingReader reader = RecordingReader.open(file)) {
                ConnectionInspection c = connections.computeIfAbsent(reader.connectionId(), ConnectionInspection::new);
                while (reader.advance()) {
                    c.add(reader);
                }
                if (!reader.warning().isEmpty()) {
                    warnings.add(reader.warning());
                }
            } catch (IOException e) {
                errors.add(e instanceof RecordingException ? e.getMessage() : file + ": " + e);
            }
        }
    }

    /** Damaged files (each message names the file and the offset). */
    public List<String> errors() {
        return errors;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Market-data events per connection, as the console's decoder counts them. */
    public Map<String, Long> marketDataEvents() {
        return connections.values().stream().collect(Collectors.toMap(c -> c.connectionId,
                ConnectionInspection::marketDataEvents, (a, b) -> a, TreeMap::new));
    }

    /** Decode errors per connection, as the console's decoder counts them. */
    public Map<String, Long> decodeErrors() {
        return connections.values().stream().collect(Collectors.toMap(c -> c.connectionId, c -> c.decodeErrors,
                (a, b) -> a, TreeMap::new));
    }

    /** Frames received per connection. */
    public Map<String, Long> frames() {
        return connections.values().stream().collect(Collectors.toMap(c -> c.connectionId, c -> c.frames,
                (a, b) -> a, TreeMap::new));
    }

    public void print(PrintStream out) {
        out.println("recording: " + files + " file(s), " + connections.size() + " connection(s)");
        for (ConnectionInspection c : connections.values()) {
            out.println();
            out.println(c.connectionId + ":");
            if (c.first == Long.MAX_VALUE) {
                out.println("  no records");
                continue;
            }
            out.println("  span: " + time(c.first) + " .. " + time(c.last) + " (" + seconds(c.last - c.first) + ")");
            out.println("  frames received: " + c.frames + " (" + c.frameBytes + " chars), messages sent: " + c.sent
                    + ", sockets: " + c.sockets.size() + " " + c.sockets);
            out.println("  events: " + c.marketDataEvents() + " market data; by type: " + byType(c.events())
                    + (c.unknownEvents > 0 ? ", unknown " + c.unknownEvents : ""));
            if (!c.statuses.isEmpty()) {
                out.println("  statuses: " + c.statuses);
            }
            out.println("  decode errors: " + c.decodeErrors
                    + (c.decodeErrors > 0 ? " (first: " + c.firstDecodeError + ")" : ""));
            out.println("  topics subscribed at the end: " + c.subscribed.size() + excerpt(c.subscribed)
                    + "; with data: " + c.topicsSeen());
            out.println("  gaps in receive time >= " + seconds(ConnectionInspection.GAP_NANOS) + ": " + c.gapCount
                    + (c.gaps.isEmpty() ? "" : ", longest: " + c.gaps.stream()
                    .map(g -> seconds(g.nanos()) + " after " + time(g.fromEpochNanos()))
                    .collect(Collectors.joining(", "))));
            if (c.droppedByRecorder > 0) {
                out.println("  NOT RECORDED: " + c.droppedByRecorder + " frames/messages dropped by the recorder"
                        + " (disk too slow or failing)");
            }
        }
        for (String w : warnings) {
            out.println();
            out.println("warning: " + w);
        }
        for (String e : errors) {
            out.println();
            out.println("error: " + e);
        }
    }

    private static String byType(Map<EventType, Long> events) {
        return events.entrySet().stream().map(e -> e.getKey().wireName() + "=" + e.getValue())
                .collect(Collectors.joining(" ", "{", "}"));
    }

    private static String excerpt(java.util.Collection<String> topics) {
        if (topics.isEmpty()) {
            return "";
        }
        String shown = topics.stream().limit(8).collect(Collectors.joining(","));
        return " (" + shown + (topics.size() > 8 ? ",…" : "") + ")";
    }

    private static String time(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", Duration.ofNanos(nanos).toNanos() / 1e9);
    }
}
