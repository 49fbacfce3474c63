package com.tickstock.console.ui;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ConsoleFeed;
import com.tickstock.console.manager.LocalConsoleFeed;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.recording.ManagedRecording;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
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
    // requestExit (a signal's thread) writes exitRequested then reads started; start (FX thread) writes started then
    // reads exitRequested: whichever comes second sees the other, so a stop asked before the window opened is not lost.
    private static volatile boolean exitRequested;
    private static volatile boolean started;
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
        prepareRendering();
        try {
            Application.launch(ConsoleApp.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String advice = startAdvice(e);
            if (advice.isEmpty()) {
                throw e;
            }
            throw new IllegalStateException(advice, e);
        }
    }

    /**
     * Rendering settings JavaFX reads once, when its toolkit starts; call before it starts (an operator's own
     * {@code -Dprism.dirtyregioncount} wins).
     *
     * <p>JavaFX repaints at most {@code prism.dirtyregioncount} rectangles per frame (default 6) and merges the
     * changed areas into that many. The window changes up to eight separate areas per refresh (two top-bar tiles,
     * each pane's figures and each pane's table), so with 6 the merge joined neighbouring panes into one rectangle
     * spanning 1,500 × 650 px that software rendering (VMs, remote desktops) repainted whole, four times a second.
     * With 12 each area is repainted on its own.
     */
    public static void prepareRendering() {
        if (System.getProperty(DIRTY_REGIONS) == null) {
            System.setProperty(DIRTY_REGIONS, String.valueOf(DIRTY_REGION_COUNT));
        }
    }

    private static final String DIRTY_REGIONS = "prism.dirtyregioncount";
    /** Above the eight areas a refresh changes, with room for a toast or the detail panel. */
    static final int DIRTY_REGION_COUNT = 12;

    /**
     * What the operator can do when JavaFX could not start, or "" when it is nothing we can name. JavaFX's own words
     * ("Unable to load glass GTK library") do not say which package brings the library, nor that the feed does not
     * need it.
     */
    static String startAdvice(Throwable failure) {
        StringBuilder words = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            words.append(' ').append(t.getMessage());
        }
        String all = words.toString();
        String headless = " The feed, Redis republishing and the status endpoint run without any of it: tickstock --headless.";
        if (all.contains("GTK") || all.contains("libgtk") || all.contains("glassgtk")) {
            return "Unable to load glass GTK library: the window needs GTK 3. Install it (Debian/Ubuntu: sudo apt-get"
                    + " install libgtk-3-0; Fedora/RHEL: sudo dnf install gtk3)." + headless;
        }
        if (all.contains("DISPLAY")) {
            return "no display to open the window on (DISPLAY is not set or the X server refused): run it on a desktop"
                    + " session, or with ssh -X." + headless;
        }
        return "";
    }

    @Override
    public void start(Stage stage) {
        Handover h = handover;
        if (h == null) {
            throw new IllegalStateException("ConsoleApp must be started through ConsoleApp.launch(...)");
        }
        window = ConsoleWindow.open(stage, h.feed(), WindowPrefs.standard(), h.recording(), h.recordDirectory());
        started = true;
        if (exitRequested) {
            Platform.exit();
        }
    }

    /**
     * Closes the window as its close button does (settings saved, then {@code onExit}), from any thread: what a
     * SIGTERM to the window's process asks for. {@link #launch} then returns.
     */
    public static void requestExit() {
        exitRequested = true;
        if (started) {
            try {
                Platform.runLater(Platform::exit);
            } catch (IllegalStateException e) {
                // The toolkit has exited already (the window was closed, the JVM is stopping): nothing left to close.
            }
        }
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
