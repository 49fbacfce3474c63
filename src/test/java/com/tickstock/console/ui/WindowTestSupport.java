package com.tickstock.console.ui;

import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedConnectionConfig;
import com.tickstock.console.feed.ReconnectPolicy;
import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.config.FeedSource;
import com.tickstock.console.manager.ManagedConnectionSpec;
import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Opens the real window (headless, Monocle) on a real {@link ConnectionManager} connected to the
 * real embedded simulator, and closes everything afterwards. Every wait is a condition with a
 * generous deadline (a loaded 2-core machine), never a sleep.
 */
abstract class WindowTestSupport extends FxRobot {

    static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path tempDir;
    final List<AutoCloseable> toClose = new ArrayList<>();
    SimulatorServer sim;
    ConnectionManager manager;
    ConsoleWindow window;

    @BeforeAll
    static void toolkit() throws Exception {
        // Notifications in the window, where the tests can see them, even on a desktop with notify-send.
        System.setProperty(DesktopNotices.PROPERTY, "window");
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeEverything() throws Exception {
        if (window != null) {
            ConsoleWindow w = window;
            WaitForAsyncUtils.asyncFx(() -> {
                w.close();
                w.stage().hide();
            }).get(30, TimeUnit.SECONDS);
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    SimulatorServer simulator(SimulatorConfig.Builder config) throws Exception {
        SimulatorServer server = SimulatorServer.start(config.build());
        toClose.add(server);
        return server;
    }

    /** Fast timings, so stale, reconnect and give-up happen within a test's patience. */
    static ManagedConnectionSpec spec(SimulatorServer sim, String id, String name, String key, List<String> tickers) {
        FeedConnectionConfig feed = FeedConnectionConfig.of(id, name, sim.url(), key)
                .withTimings(Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withReconnect(new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), true, 20, 2,
                        Duration.ofSeconds(10)));
        return new ManagedConnectionSpec(feed, "test-" + name, tickers);
    }

    /** Builds the manager, connects it and opens the window on the primary stage. */
    void open(List<ManagedConnectionSpec> specs) throws Exception {
        open(specs, Set.of(EventType.TRADE, EventType.QUOTE));
    }

    /** Builds the manager subscribing {@code eventTypes}, connects it and opens the window. */
    void open(List<ManagedConnectionSpec> specs, Set<EventType> eventTypes) throws Exception {
        manager = new ConnectionManager(specs, eventTypes, 1000);
        toClose.add(manager);
        manager.connect();
        FeedSource source = new FeedSource(true, sim.url().toString(), "(simulator key)");
        WindowPrefs prefs = WindowPrefs.at(tempDir.resolve("window.properties"));
        window = WaitForAsyncUtils.asyncFx(() -> {
            Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
            return ConsoleWindow.open(stage, manager, source, prefs);
        }).get(30, TimeUnit.SECONDS);
    }

    /** Reads FX state on the FX thread. */
    static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void until(String what, Supplier<Boolean> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition::get);
    }

    /** The text of the tooltip on {@code node}: a control's own, or one installed on a pane. FX thread. */
    static String tooltipText(javafx.scene.Node node) {
        Object tip = node instanceof javafx.scene.control.Control c ? c.getTooltip()
                : node.getProperties().get("javafx.scene.control.Tooltip");
        return ((javafx.scene.control.Tooltip) tip).getText();
    }

    String badge(String connectionId) {
        return fx(() -> lookup("#pane-" + connectionId + " .badge").queryAs(Label.class).getText());
    }

    String cause(String connectionId) {
        return fx(() -> lookup("#pane-" + connectionId + " .pane-cause").queryAs(Label.class).getText());
    }

    @SuppressWarnings("unchecked")
    TableView<TickerRow> table(String connectionId) {
        return lookup("#pane-" + connectionId + " .ticker-table").queryAs(TableView.class);
    }

    void awaitStreaming(String... ids) {
        for (String id : ids) {
            until(id + " streaming", () -> badge(id).equals("streaming"));
        }
    }

    boolean logContains(String words) {
        return fx(() -> window.viewModel().log().entries().stream().anyMatch(e -> e.line().contains(words)));
    }

    /** The simulator's side of the client connection that carries {@code ticker}. */
    SimConnection simConnectionOf(String ticker) {
        until("a simulator connection carrying " + ticker, () -> sim.connections().stream()
                .anyMatch(c -> c.isOpen() && c.subscriptions().contains("T." + ticker)));
        return sim.connections().stream().filter(c -> c.isOpen() && c.subscriptions().contains("T." + ticker))
                .findFirst().orElseThrow();
    }
}
