package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.config.FeedSource;
import com.tickstock.console.config.RecordSettings;
import com.tickstock.console.manager.LocalConsoleFeed;
import com.tickstock.console.recording.ManagedRecording;
import com.tickstock.console.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A recording started and stopped from the Actions menu, and shown in the top bar while it runs. */
class ConsoleWindowRecordingTest extends WindowTestSupport {

    private String tile() {
        return fx(() -> lookup("#recording").queryAs(Label.class).getText());
    }

    @Test
    void startAndStopRecordingFromTheActionsMenu() throws Exception {
        sim = simulator(SimulatorConfig.builder().eventsPerSecond(300));
        manager = new com.tickstock.console.manager.ConnectionManager(List.of(
                spec(sim, "connection_1", "primary", SimulatorConfig.DEV_API_KEY, List.of("AAPL", "MSFT"))),
                java.util.Set.of(com.tickstock.console.feed.EventType.TRADE), 1000);
        toClose.add(manager);
        ManagedRecording recording = new ManagedRecording(manager, 1024 * 1024, RecordSettings.Compression.ZSTD,
                List.of(SimulatorConfig.DEV_API_KEY));
        toClose.add(recording);
        manager.connect();
        Path dir = tempDir.resolve("recordings");
        FeedSource source = new FeedSource(true, sim.url().toString(), "(simulator key)");
        WindowPrefs prefs = WindowPrefs.at(tempDir.resolve("window.properties"));
        window = WaitForAsyncUtils.asyncFx(() -> {
            Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
            return ConsoleWindow.open(stage, new LocalConsoleFeed(manager, source), prefs, recording, dir);
        }).get(30, TimeUnit.SECONDS);
        awaitStreaming("connection_1");
        assertThat(tile()).isEqualTo("off");

        clickOn("#actionsMenu");
        clickOn("Start recording to " + dir);
        until("recording shown", () -> tile().startsWith("recording · ") && !tile().contains(" 0 frames"));
        assertThat(recording.isRecording()).isTrue();

        clickOn("#actionsMenu");
        clickOn("Stop recording");
        until("stopped", () -> tile().startsWith("stopped · "));
        until("logged", () -> logContains("stop recording: done"));
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".rec.zst")).count()).isEqualTo(1);
        }
    }
}
