package com.tickstock.console.ui;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.recording.ManagedRecording;
import java.nio.file.Path;
import com.tickstock.console.manager.ConsoleFeed;
import com.tickstock.console.manager.LocalConsoleFeed;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.manager.TickConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The console window put together: the {@link TickerBoard} registered as a DIRECT consumer, the
 * view model, the FXML views, the refresh that applies the feed's newest state at the operator's rate,
 * themes, remembered geometry and desktop notifications. {@link #close()} undoes all of it.
 *
 * <p>Threads: created and closed on the FX thread.
 */
public final class ConsoleWindow implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsoleWindow.class.getName());

    private final Stage stage;
    private final TickerBoard board;
    private final ConsoleViewModel vm;
    private final MainController main;
    private final Registration consumer;
    private final ExecutorService background;
    private final RefreshTimer refresh;
    private final WindowPrefs prefs;
    private final NoticeToasts toasts = new NoticeToasts();
    /** Where notifications go when the desktop offers them; null: in the window. FX thread only. */
    private DesktopNotices desktop;
    private boolean closed;

    private ConsoleWindow(Stage stage, TickerBoard board, ConsoleViewModel vm, MainController main,
                          Registration consumer, ExecutorService background, WindowPrefs prefs) {
        this.stage = stage;
        this.board = board;
        this.vm = vm;
        this.main = main;
        this.consumer = consumer;
        this.background = background;
        this.prefs = prefs;
        this.refresh = new RefreshTimer(() -> {
            long now = System.currentTimeMillis();
            vm.pulse(now);
            toasts.expire(now);
        }, Platform::runLater);
        this.desktop = DesktopNotices.detect(background).orElse(null);
        LOG.log(Level.INFO, "notifications: " + (desktop == null ? "in the window" : "on the desktop through " + desktop));
    }

    /** Builds the window with the operator's remembered settings ({@link WindowPrefs#standard()}). FX thread. */
    public static ConsoleWindow open(Stage stage, ConnectionManager manager, FeedSource source) {
        return open(stage, manager, source, WindowPrefs.standard());
    }

    static ConsoleWindow open(Stage stage, ConnectionManager manager, FeedSource source, WindowPrefs prefs) {
        return open(stage, new LocalConsoleFeed(manager, source), prefs, null, null);
    }

    /** As above, with the Actions menu starting and stopping {@code recording} into {@code recordDirectory}. */
    public static ConsoleWindow open(Stage stage, ConnectionManager manager, FeedSource source,
                                     ManagedRecording recording, Path recordDirectory) {
        return open(stage, new LocalConsoleFeed(manager, source), WindowPrefs.standard(), recording, recordDirectory);
    }

    /** Builds the window over any feed (e.g. a feeder followed through Redis) with the operator's settings. FX thread. */
    public static ConsoleWindow open(Stage stage, ConsoleFeed feed) {
        return open(stage, feed, WindowPrefs.standard());
    }

    static ConsoleWindow open(Stage stage, ConsoleFeed feed, WindowPrefs prefs) {
        return open(stage, feed, prefs, null, null);
    }

    /**
     * Builds the window on {@code stage}, shows it and starts the pulse. FX thread. {@code recording} (null: none)
     * lets the Actions menu start and stop recording into {@code recordDirectory}.
     */
    static ConsoleWindow open(Stage stage, ConsoleFeed feed, WindowPrefs prefs, ManagedRecording recording,
                              Path recordDirectory) {
        TickerBoard board = new TickerBoard();
        Registration consumer = feed.addConsumer("console-window", board, TickConsumer.Delivery.DIRECT);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ui-action-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ConsoleViewModel vm = new ConsoleViewModel(feed, board, RateHistory.standard(), background,
                Platform::runLater, EventLogViewModel.DEFAULT_CAPACITY);
        if (recording != null) {
            vm.controlRecording(recording, recordDirectory); // before the FXML: the menu reads it
        }
        FXMLLoader loader = new FXMLLoader(ConsoleWindow.class.getResource("MainView.fxml"));
        loader.setControllerFactory(type -> {
            if (type == MainController.class) {
                return new MainController(vm);
            } else if (type == TickerDetailController.class) {
                return new TickerDetailController(vm);
            } else if (type == EventLogController.class) {
                return new EventLogController(vm.log());
            }
            throw new IllegalArgumentException("no controller " + type);
        });
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("MainView.fxml could not be loaded", e);
        }
        ConsoleWindow window = new ConsoleWindow(stage, board, vm, loader.getController(), consumer, background, prefs);
        window.show(root);
        return window;
    }

    private void show(Parent root) {
        // A size remembered on a bigger monitor must still fit this one.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double width = Math.min(prefs.number("width", 1600), screen.getWidth());
        double height = Math.min(prefs.number("height", 920), screen.getHeight());
        // The notifications' layer lies over the window's content, inside its bounds.
        Scene scene = new Scene(toasts.over((Region) root), width, height);
        vm.darkThemeProperty().set(!"light".equals(prefs.text("theme", "dark")));
        applyTheme(scene);
        vm.darkThemeProperty().addListener((o, a, b) -> applyTheme(scene));
        stage.setScene(scene);
        stage.setTitle("TickStock Console");
        double x = prefs.number("x", Double.NaN);
        double y = prefs.number("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && screen.contains(x + 20, y + 20)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.number("maximized", 0) > 0);
        main.mainSplit().setDividerPositions(prefs.number("split.main", 0.78));
        main.centreSplit().setDividerPositions(prefs.number("split.centre", 0.86));
        vm.notificationsOnProperty().set(prefs.number("notifications", 1) > 0);
        vm.setNotifier(this::notify);
        reportFirstFrame(scene);
        stage.show();
        vm.pulse(System.currentTimeMillis());
        double hz = prefs.number("refresh.hz", RefreshTimer.DEFAULT_HZ);
        refresh.start(hz > 0 && hz <= 60 ? hz : RefreshTimer.DEFAULT_HZ);
        main.offerRefreshRates(RefreshTimer.RATES, refresh.hz(), chosen -> {
            refresh.start(chosen);
            vm.log().add("", LogEntry.Kind.ACTION, "display refreshes " + Formats.rate(chosen) + " times a second");
        });
    }

    /** Logs, once, how long the launch took until the window's first pulse laid it out for drawing. */
    private static void reportFirstFrame(Scene scene) {
        long launchedAt = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            LOG.log(Level.INFO, "first frame " + (System.currentTimeMillis() - launchedAt) + " ms after launch");
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    private void applyTheme(Scene scene) {
        scene.getStylesheets().setAll(
                ConsoleWindow.class.getResource("console.css").toExternalForm(),
                ConsoleWindow.class.getResource(vm.darkThemeProperty().get() ? "dark.css" : "light.css").toExternalForm());
    }

    /** On the desktop where it offers notifications, else (or once that failed) inside the window. */
    private void notify(Notice notice) {
        DesktopNotices d = desktop;
        if (d == null) {
            toasts.show(notice, System.currentTimeMillis());
            return;
        }
        d.show(notice, unshown -> Platform.runLater(() -> {
            desktop = null;
            toasts.show(unshown, System.currentTimeMillis());
        }));
    }

    /**
     * Sends notifications to the desktop that {@code environment} describes (its session bus and {@code PATH}), as if
     * the window had started there; in the window when it offers none. FX thread. For tests on a private bus.
     */
    void notifyOnDesktopOf(java.util.Map<String, String> environment) {
        desktop = DesktopNotices.detect(environment, background).orElse(null);
    }

    NoticeToasts toasts() {
        return toasts;
    }

    ConsoleViewModel viewModel() {
        return vm;
    }

    public Stage stage() {
        return stage;
    }

    /** The board the window shows (for benchmarks that feed it directly). */
    public TickerBoard board() {
        return board;
    }

    /** Ticker rows in all the window's tables (for benchmarks: a full-market window holds every ticker seen). FX thread. */
    public int rowsShown() {
        int rows = 0;
        for (ConnectionPaneViewModel pane : vm.panes().values()) {
            rows += pane.rows().size();
        }
        return rows;
    }

    /** Pulses applied so far. FX thread. */
    public long pulses() {
        return vm.pulsesProperty().get();
    }

    /** Stops the pulse, closes every registration with the manager and remembers the geometry. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresh.close();
        vm.close();
        consumer.close();
        background.shutdownNow();
        rememberGeometry();
    }

    private void rememberGeometry() {
        if (!stage.isMaximized() && stage.getWidth() > 0) {
            prefs.put("x", stage.getX());
            prefs.put("y", stage.getY());
            prefs.put("width", stage.getScene().getWidth());
            prefs.put("height", stage.getScene().getHeight());
        }
        prefs.put("maximized", stage.isMaximized() ? 1 : 0);
        prefs.put("split.main", main.mainSplit().getDividerPositions()[0]);
        prefs.put("split.centre", main.centreSplit().getDividerPositions()[0]);
        prefs.put("theme", vm.darkThemeProperty().get() ? "dark" : "light");
        prefs.put("refresh.hz", refresh.hz());
        prefs.put("notifications", vm.notificationsOnProperty().get() ? 1 : 0);
        prefs.save();
    }
}
