package com.tickstock.console.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One recorded connection as the replay server serves it: its files in order and the topics it subscribed to at
 * the start (read from the first file's sent messages), by which a replay client is matched to it. Immutable.
 */
record RecordedLane(String connectionId, List<Path> files, Set<String> topics, long firstEpochNanos) {

    /** How far into a lane's first file its opening subscriptions are looked for. */
    private static final int SUBSCRIBE_SCAN_RECORDS = 10_000;

    RecordedLane {
        files = List.copyOf(files);
        topics = Set.copyOf(topics);
    }

    /** The lanes of a recording, in connection order; reads the header of every file and the start of each lane's first. */
    static List<RecordedLane> of(Path fileOrDirectory) throws IOException {
        java.util.Map<String, List<Path>> byConnection = new java.util.TreeMap<>();
        java.util.Map<String, Long> firstTimes = new java.util.HashMap<>();
        for (Path file : RecordingSet.files(fileOrDirectory)) {
            try (RecordingReader reader = RecordingReader.open(file)) {
                byConnection.computeIfAbsent(reader.connectionId(), id -> new ArrayList<>()).add(file);
                firstTimes.merge(reader.connectionId(), reader.startEpochNanos(), Math::min);
            }
        }
        List<RecordedLane> lanes = new ArrayList<>();
        for (var e : byConnection.entrySet()) {
            lanes.add(new RecordedLane(e.getKey(), e.getValue(), openingTopics(e.getValue().get(0)),
                    firstTimes.get(e.getKey())));
        }
        return lanes;
    }

    private static Set<String> openingTopics(Path firstFile) throws IOException {
        Set<String> topics = new LinkedHashSet<>();
        try (RecordingReader reader = RecordingReader.open(firstFile)) {
            for (RecordEntry r = reader.next(); r != null && reader.records() <= SUBSCRIBE_SCAN_RECORDS; r = reader.next()) {
                if (r.kind() != RecordKind.SENT) {
                    continue;
                }
                SentMessage m = SentMessage.parse(r.text());
                if (m != null && "subscribe".equals(m.action())) {
                    topics.addAll(m.topics());
                } else if (m != null && "unsubscribe".equals(m.action())) {
                    m.topics().forEach(topics::remove);
                }
            }
        }
        return topics;
    }

    /** How many of {@code subscribed} this lane carried. */
    int overlap(Set<String> subscribed) {
        int n = 0;
        for (String t : subscribed) {
            if (topics.contains(t)) {
                n++;
            }
        }
        return n;
    }
}
