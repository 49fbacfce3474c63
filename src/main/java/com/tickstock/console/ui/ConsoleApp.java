package com.tickstock.console.ui;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ConsoleFeed;
import com.tickstock.console.manager.LocalConsoleFeed;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.recording.ManagedRecording;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application. JavaFX constructs it itself, so the launcher hands the running feed
 * side over through {@link #launch(ConnectionManager, FeedSource, Runnable)} before starting it.
 */
public final class ConsoleApp extends Application {

    /** What the window shows; set by {@link #launch} before JavaFX starts, read on the FX thread. */
    private record Handover(ConsoleFeed feed, ManagedRecording recording, Path recordDirectory, Runnable onExit) {
    }

    private static volatile Handover handover;
    private ConsoleWindow window;

    /** Opens the window and returns when it has been closed and {@code onExit} has run. */
    public static void launch(ConnectionManager manager, FeedSource source, Runnable onExit) {
        launch(new LocalConsoleFeed(manager, source), null, null, onExit);
    }

    /** As above, with Start/Stop recording (into {@code recordDirectory}) in the Actions menu. */
    public static void launch(ConnectionManager manager, FeedSource source, ManagedRecording recording,
                              Path recordDirectory, Runnable onExit) {
        launch(new LocalConsoleFeed(manager, source), recording, recordDirectory, onExit);
    }

    /** Opens the window over any feed, e.g. a feeder followed through Redis ({@code --attach}); as above. */
    public static void launch(ConsoleFeed feed, Runnable onExit) {
        launch(feed, null, null, onExit);
    }

    private static void launch(ConsoleFeed feed, ManagedRecording recording, Path recordDirectory, Runnable onExit) {
        handover = new Handover(feed, recording, recordDirectory, onExit);
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void start(Stage stage) {
        Handover h = handover;
        if (h == null) {
            throw new IllegalStateException("ConsoleApp must be started through ConsoleApp.launch(...)");
        }
        window = ConsoleWindow.open(stage, h.feed(), WindowPrefs.standard(), h.recording(), h.recordDirectory());
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        Handover h = handover;
        if (h != null) {
            h.onExit().run();
        }
    }
}
