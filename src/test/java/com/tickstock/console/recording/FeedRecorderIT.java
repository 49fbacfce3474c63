package com.tickstock.console.recording;

import com.tickstock.console.config.RecordSettings;
import com.tickstock.console.config.RecordSettings.Compression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.EventType;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ManagerTestSupport;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder on real connections to the simulator over loopback: every frame and sent message lands in the
 * files, the API key never does, and a stalled or full disk costs recorded frames (counted), never the feed.
 */
class FeedRecorderIT {

    private static final String KEY = "recorder-test-key-7f3a9c2e51";
    private static final Duration WAIT = ManagerTestSupport.WAIT;

    @TempDir
    Path dir;

    private SimulatorServer sim;
    private ConnectionManager manager;
    private FeedRecorder recorder;

    @AfterEach
    void tearDown() {
        if (recorder != null) {
            recorder.close();
        }
        ManagerTestSupport.closeBoth(manager, sim);
    }

    private void startFeed() throws IOException {
        sim = SimulatorServer.start(SimulatorConfig.builder().apiKeys(KEY).eventsPerSecond(2_000).build());
        manager = new ConnectionManager(List.of(
                ManagerTestSupport.spec(sim, 1, KEY, List.of("AAPL", "MSFT")),
                ManagerTestSupport.spec(sim, 2, KEY, List.of("NVDA", "TSLA"))),
                EnumSet.of(EventType.TRADE, EventType.QUOTE), 1000);
    }

    private void tapAll(FeedRecorder r) {
        for (String id : manager.connectionIds()) {
            manager.connection(id).setRawFrameTap(r.tap());
        }
    }

    private long framesReceived() {
        return manager.connectionIds().stream().mapToLong(id -> manager.connection(id).snapshot().frames()).sum();
    }

    private long events(String id) {
        return manager.connection(id).snapshot().marketDataEvents();
    }

    @Test
    void everyFrameAndSentMessageIsRecordedAndTheKeyNever() throws Exception {
        startFeed();
        recorder = FeedRecorder.start(dir, 1024 * 1024, List.of(KEY));
        tapAll(recorder);
        manager.connect();
        List<SimConnection> subscribed = sim.awaitSubscribed(2, WAIT);
        await().atMost(WAIT).until(() -> events("connection_1") > 200 && events("connection_2") > 200);
        // A server that echoes the key (as an error text might) must not get it onto the disk either.
        subscribed.get(0).sendRawFrame("[{\"ev\":\"status\",\"status\":\"error\",\"message\":\"key " + KEY + " bad\"}]")
                .get(10, TimeUnit.SECONDS);
        subscribed.get(1).sendMalformedFrame().get(10, TimeUnit.SECONDS);
        manager.unsubscribe(List.of("TSLA"));
        await().atMost(WAIT).until(() -> subscribed.stream()
                .noneMatch(c -> c.subscriptions().stream().anyMatch(t -> t.endsWith("TSLA"))));
        ManagerTestSupport.stallAllAndCountSent(sim);
        // Every frame the connections counted is in the recorder's hands once its count catches up.
        await().atMost(WAIT).until(() -> framesReceived() > 0 && recorder.status().frames() == framesReceived());
        long frames = framesReceived();
        manager.close();
        recorder.close();

        assertThat(recorder.status().dropped()).isZero();
        String text = RecordingFiles.decompressedText(dir);
        assertThat(text).doesNotContain(KEY).contains("\"params\":\"REDACTED\"").contains("key REDACTED bad");
        List<RecordEntry> records = RecordingFiles.records(dir);
        assertThat(records.stream().filter(r -> r.kind() == RecordKind.RECEIVED).count()).isEqualTo(frames);
        assertThat(records).filteredOn(r -> r.kind() == RecordKind.SENT).extracting(RecordEntry::text)
                .anyMatch(t -> t.contains("\"action\":\"auth\""))
                .anyMatch(t -> t.contains("\"action\":\"subscribe\""))
                .anyMatch(t -> t.contains("\"action\":\"unsubscribe\"") && t.contains("TSLA"));
        assertThat(records).extracting(RecordEntry::connectionId).contains("connection_1", "connection_2");
        long now = System.currentTimeMillis() * 1_000_000L;
        assertThat(records).allSatisfy(r -> assertThat(r.nanos()).isBetween(now - 600_000_000_000L, now));
    }

    @Test
    void aStalledDiskDropsRecordedFramesNeverTheFeed() throws Exception {
        startFeed();
        CountDownLatch diskBack = new CountDownLatch(1);
        FeedRecorder.FileOpener stalled = path -> new StalledStream(new FileOutputStream(path.toFile()), diskBack);
        recorder = FeedRecorder.start(dir, 1024 * 1024, List.of(KEY), stalled, 50, 1024 * 1024);
        tapAll(recorder);
        manager.connect();
        sim.awaitSubscribed(2, WAIT);
        await().atMost(WAIT).until(() -> recorder.status().dropped() > 100);
        // The feed went on: well past what the stalled recorder could hold.
        long before = events("connection_1");
        await().atMost(WAIT).until(() -> events("connection_1") > before + 500);
        diskBack.countDown();
        await().atMost(WAIT).until(() -> recorder.status().frames() > 60);
        ManagerTestSupport.stallAllAndCountSent(sim);
        manager.close();
        recorder.close();
        List<RecordEntry> records = RecordingFiles.records(dir);
        long markedDropped = records.stream().filter(r -> r.kind() == RecordKind.DROPPED)
                .mapToLong(r -> Long.parseLong(r.text())).sum();
        assertThat(markedDropped).isPositive().isLessThanOrEqualTo(recorder.status().dropped());
        assertThat(manager.connection("connection_1").snapshot().dropped().values().stream().mapToLong(Long::longValue)
                .sum()).isZero();
    }

    @Test
    void aFullDiskIsReportedAndCountedWhileTheFeedGoesOn() throws Exception {
        startFeed();
        // /dev/full: every write fails with "No space left on device", the real error of a full disk.
        FeedRecorder.FileOpener full = path -> new FileOutputStream("/dev/full");
        ManagedRecording recording = new ManagedRecording(manager, 1024 * 1024, Compression.GZIP,
                RecordSettings.DEFAULT_CPU_BUDGET_PERCENT, List.of(KEY), full, 10_000,
                64L * 1024 * 1024);
        recording.start(dir);
        manager.connect();
        sim.awaitSubscribed(2, WAIT);
        await().atMost(WAIT).until(() -> recording.status().orElseThrow().dropped() > 100);
        RecorderStatus status = recording.status().orElseThrow();
        assertThat(status.state()).isEqualTo("failing");
        assertThat(status.lastError()).containsIgnoringCase("no space left");
        await().atMost(WAIT).until(() -> events("connection_1") > 500);
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) (Map<?, ?>) manager.healthNow().sections().get("recording");
        assertThat(section).containsEntry("state", "failing");
        assertThat((Long) section.get("dropped")).isPositive();
        recording.stop();
        assertThat(recording.isRecording()).isFalse();
    }

    /** A disk that takes nothing until it is back: every write waits. */
    private static final class StalledStream extends OutputStream {
        private final OutputStream out;
        private final CountDownLatch back;

        StalledStream(OutputStream out, CountDownLatch back) {
            this.out = out;
            this.back = back;
        }

        private void awaitDisk() throws IOException {
            try {
                back.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            awaitDisk();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            awaitDisk();
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
