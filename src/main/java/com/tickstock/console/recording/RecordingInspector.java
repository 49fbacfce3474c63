package com.tickstock.console.recording;

import com.tickstock.console.feed.EventType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code --inspect FILE|DIR}: reads a recording and prints, per connection, its time span, frames, events by type,
 * statuses, topics, sockets, pauses in receive time, decode errors (by the console's own decoder) and frames the
 * recorder dropped. A file cut short is read to its last whole record with a warning; a damaged file is an error
 * naming the file and offset, and the others are still read.
 */
public final class RecordingInspector {

    private final Map<String, ConnectionInspection> connections = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int files;

    private RecordingInspector() {
    }

    /** Reads every file of the recording. */
    public static RecordingInspector inspect(Path fileOrDirectory) throws IOException {
        RecordingInspector inspector = new RecordingInspector();
        for (Path file : RecordingSet.files(fileOrDirectory)) {
            inspector.read(file);
        }
        return inspector;
    }

    private void read(Path file) {
        files++;
        try (RecordingReader reader = RecordingReader.open(file)) {
            ConnectionInspection c = connections.computeIfAbsent(reader.connectionId(), ConnectionInspection::new);
            for (RecordEntry r = reader.next(); r != null; r = reader.next()) {
                c.add(r);
            }
            if (!reader.warning().isEmpty()) {
                warnings.add(reader.warning());
            }
        } catch (IOException e) {
            errors.add(e instanceof RecordingException ? e.getMessage() : file + ": " + e);
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
            out.println("  events: " + c.marketDataEvents() + " market data; by type: " + byType(c.events)
                    + (c.unknownEvents > 0 ? ", unknown " + c.unknownEvents : ""));
            if (!c.statuses.isEmpty()) {
                out.println("  statuses: " + c.statuses);
            }
            out.println("  decode errors: " + c.decodeErrors
                    + (c.decodeErrors > 0 ? " (first: " + c.firstDecodeError + ")" : ""));
            out.println("  topics subscribed at the end: " + c.subscribed.size() + excerpt(c.subscribed)
                    + "; with data: " + c.topicsSeen.size());
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
