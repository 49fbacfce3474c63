package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.manager.Registration;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.plant.AttachedConsoleFeed;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The attached window (headless Monocle) on a real redis-server, following an in-process feeder that streams from
 * the embedded simulator: tables complete at once with the feeder's counts, then fed from the tick channel; a
 * command from the window answered by the feeder; feeder stopped, "feeder lost" on every pane; feeder started
 * again, attached again. Every wait is a condition with a generous deadline.
 */
class AttachedWindowIT extends FxRobot {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GROUP = "desk";

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private ConsoleRuntime feeder;
    private TickerBoard feederBoard;
    private Registration feederBoardRegistration;
    private AttachedConsoleFeed attached;
    private ConsoleWindow window;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (window != null) {
            ConsoleWindow w = window;
            WaitForAsyncUtils.asyncFx(() -> {
                w.close();
                w.stage().hide();
            }).get(30, TimeUnit.SECONDS);
        }
        if (attached != null) {
            attached.close();
        }
        stopFeeder();
        if (redis != null) {
            redis.close();
        }
    }

    private void startFeeder() {
        startFeeder(Map.of());
    }

    /** A feeder of two connections on the embedded simulator, or where {@code settings} say. */
    private void startFeeder(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("USE_MULTI_CONNECTION", "true",
                "MASSIVE_EVENT_TYPES", "T,Q", "REDIS_URL", redis.url(), "FEEDER_ID", "feeder-w", "FEEDER_GROUP", GROUP,
                "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT",
                "WEBSOCKET_CONNECTION_2_ENABLED", "true", "WEBSOCKET_CONNECTION_2_SYMBOLS", "JPM,BAC"));
        all.putAll(settings);
        ConsoleConfig config = new ConfigLoader(dir).load(null, Map.of(), all);
        feeder = ConsoleRuntime.create(config);
        // The feeder's own count of every ticker: what the attached tables must equal.
        feederBoard = new TickerBoard();
        feederBoardRegistration = feeder.manager().addConsumer("test-board", feederBoard, TickConsumer.Delivery.DIRECT);
        feeder.startFeeder();
        feeder.manager().connect();
    }

    private void stopFeeder() {
        if (feeder != null) {
            feederBoardRegistration.close();
            feeder.close();
            feeder = null;
        }
    }

    private void openAttachedWindow() throws Exception {
        attached = new AttachedConsoleFeed(RedisUrl.parse(redis.url()), GROUP, "tester", "test-host");
        attached.start();
        until("attached", () -> attached.view().state().attached());
        WindowPrefs prefs = WindowPrefs.at(dir.resolve("window.properties"));
        window = WaitForAsyncUtils.asyncFx(() -> {
            Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
            return ConsoleWindow.open(stage, attached, prefs);
        }).get(30, TimeUnit.SECONDS);
    }

    private Map<String, Long> counts(TickerBoard board) {
        Map<String, Long> counts = new HashMap<>();
        board.snapshot().forEach(v -> counts.put(v.symbol(), v.ticks()));
        return counts;
    }

    private static final java.util.regex.Pattern TICKS = java.util.regex.Pattern.compile("\"ticks\":(\\d+)");

    /** Ticks per ticker as the feeder's {@code last} hash says. */
    private static Map<String, Long> publishedCounts(io.lettuce.core.api.sync.RedisCommands<String, String> r) {
        Map<String, Long> counts = new HashMap<>();
        r.hgetall("tickstock:" + GROUP + ":last").forEach((ticker, json) -> {
            java.util.regex.Matcher m = TICKS.matcher(json);
            if (m.find()) {
                counts.put(ticker, Long.parseLong(m.group(1)));
            }
        });
        return counts;
    }

    /** Ticks per ticker as the window's rows show them. */
    private Map<String, Long> rowCounts() {
        return fx(() -> {
            Map<String, Long> counts = new HashMap<>();
            window.viewModel().panes().values().forEach(p -> p.rows().forEach(r ->
                    counts.put(r.getSymbol(), r.ticksProperty().get())));
            return counts;
        });
    }

    private String badge(String connectionId) {
        return fx(() -> lookup("#pane-" + connectionId + " .badge").queryAs(Label.class).getText());
    }

    private boolean logContains(String words) {
        return fx(() -> window.viewModel().log().entries().stream().anyMatch(e -> e.line().contains(words)));
    }

    private static <T> T fx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void until(String what, Supplier<Boolean> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition::get);
    }

    /** The feeder's errors by kind, as its health JSON carries them, on the attached window's hover texts. */
    @Test
    void theAttachedWindowNamesTheFeedersErrorsByKind() throws Exception {
        redis = RedisServerProcess.start();
        try (SimulatorServer vendor = SimulatorServer.start(SimulatorConfig.builder().eventsPerSecond(100).build())) {
            startFeeder(Map.of("MASSIVE_WEBSOCKET_URL", vendor.url().toString(), "MASSIVE_API_KEY", "not-the-key"));
            openAttachedWindow();

            until("both panes say auth failed", () -> badge("connection_1").equals("auth failed")
                    && badge("connection_2").equals("auth failed"));
            until("ERRORS names the kind", () -> fx(() -> WindowTestSupport.tooltipText(lookup("#errorsTile").query()))
                    .endsWith("By kind: auth_failed 2"));
            assertThat(fx(() -> WindowTestSupport.tooltipText(lookup("#connection_2-errors").query())))
                    .endsWith("By kind: auth_failed 1");
        }
    }

    @Test
    void theAttachedWindowShowsTheFeedersTablesTakesCommandsAndSaysWhenTheFeederIsLost() throws Exception {
        redis = RedisServerProcess.start();
        startFeeder();
        until("the feeder streams ticks of all four tickers", () -> feederBoard.size() == 4
                && feederBoard.snapshot().stream().allMatch(v -> v.ticks() > 0));
        // Quiet the feed so that the counts stand still, and let the feeder publish its last values.
        feeder.manager().disconnect();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            until("the feeder published its final last values", () -> publishedCounts(connection.sync())
                    .equals(counts(feederBoard)));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        Map<String, Long> before = counts(feederBoard);

        openAttachedWindow();
        // Complete at once: every ticker of the feeder, with the feeder's counts, before any new tick.
        until("tables complete with the feeder's counts", () -> rowCounts().equals(before));
        assertThat(fx(() -> window.viewModel().sourceProperty().get())).startsWith("feeder feeder-w on ")
                .contains("group desk", "heartbeat ");
        assertThat(fx(() -> window.viewModel().actionsRefusedProperty().get())).isEmpty();
        // The feeder's recent history, not an empty log: its connections' state changes before the window opened.
        until("the feeder's history in the log", () -> logContains("connection_2 STATE STREAMING"));

        // A command from the window, answered by the feeder; the ticks then flow into the tables from the channel.
        fx(() -> {
            window.viewModel().connectAll();
            return null;
        });
        until("the feeder's answer in the log", () -> logContains("connect all: feeder feeder-w: connecting all connections"));
        // The feeder's own log follows in the window's: its audit line of that command, with who asked.
        until("the feeder's audit line", () -> logContains("tester@test-host: connect -> ok: connecting all"));
        until("both connections stream on the feeder", () -> badge("connection_1").equals("streaming")
                && badge("connection_2").equals("streaming"));
        until("new ticks counted", () -> counts(feederBoard).entrySet().stream()
                .allMatch(e -> e.getValue() > before.get(e.getKey())));
        fx(() -> {
            window.viewModel().disconnectAll();
            return null;
        });
        until("the feeder disconnected", () -> logContains("disconnect all: feeder feeder-w: disconnected all"));
        until("the tables' counts equal the feeder's", () -> rowCounts().equals(counts(feederBoard)));

        // Feeder stopped: every pane says so, with the time since the last heartbeat.
        stopFeeder();
        until("every pane says feeder lost", () -> badge("connection_1").equals("feeder lost")
                && badge("connection_2").equals("feeder lost"));
        assertThat(fx(() -> window.viewModel().sourceProperty().get())).startsWith("feeder lost: ")
                .contains("last heartbeat ");
        assertThat(fx(() -> window.viewModel().pane("connection_1").statProperty(ConnectionPaneViewModel.Stat.MSGS_PER_SECOND).get()))
                .isEqualTo(Formats.NONE);

        // Feeder back: attached again on its own.
        startFeeder();
        until("attached again", () -> !badge("connection_1").equals("feeder lost")
                && fx(() -> window.viewModel().sourceProperty().get()).startsWith("feeder feeder-w on "));
        until("the restarted feeder's connections stream", () -> badge("connection_1").equals("streaming"));
    }
}
