package com.tickstock.console.ui;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.config.FeedSource;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application. JavaFX constructs it itself, so the launcher hands the running feed
 * side over through {@link #launch(ConnectionManager, FeedSource, Runnable)} before starting it.
 */
public final class ConsoleApp extends Application {

    /** What the window shows; set by {@link #launch} before JavaFX starts, read on the FX thread. */
    private record Handover(ConnectionManager manager, FeedSource source, Runnable onExit) {
    }

    private static volatile Handover handover;
    private ConsoleWindow window;

    /** Opens the window and returns when it has been closed and {@code onExit} has run. */
    public static void launch(ConnectionManager manager, FeedSource source, Runnable onExit) {
        handover = new Handover(manager, source, onExit);
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void start(Stage stage) {
        Handover h = handover;
        if (h == null) {
            throw new IllegalStateException("ConsoleApp must be started through ConsoleApp.launch(...)");
        }
        window = ConsoleWindow.open(stage, h.manager(), h.source());
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
