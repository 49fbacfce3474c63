package com.tickstock.console.ui;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ConsoleFeed;
import com.tickstock.console.manager.LocalConsoleFeed;
import com.tickstock.console.config.FeedSource;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application. JavaFX constructs it itself, so the launcher hands the running feed
 * side over through {@link #launch(ConnectionManager, FeedSource, Runnable)} before starting it.
 */
public final class ConsoleApp extends Application {

    /** What the window shows; set by {@link #launch} before JavaFX starts, read on the FX thread. */
    private record Handover(ConsoleFeed feed, Runnable onExit) {
    }

    private static volatile Handover handover;
    private ConsoleWindow window;

    /** Opens the window and returns when it has been closed and {@code onExit} has run. */
    public static void launch(ConnectionManager manager, FeedSource source, Runnable onExit) {
        launch(new LocalConsoleFeed(manager, source), onExit);
    }

    /** Opens the window over any feed, e.g. a feeder followed through Redis ({@code --attach}); as above. */
    public static void launch(ConsoleFeed feed, Runnable onExit) {
        handover = new Handover(feed, onExit);
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void start(Stage stage) {
        Handover h = handover;
        if (h == null) {
            throw new IllegalStateException("ConsoleApp must be started through ConsoleApp.launch(...)");
        }
        window = ConsoleWindow.open(stage, h.feed());
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
