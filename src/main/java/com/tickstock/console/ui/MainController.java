package com.tickstock.console.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleConsumer;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.textfield.AutoCompletionBinding;
import org.controlsfx.control.textfield.TextFields;

/** The main window's controller: binds the top bar and lookup, builds one pane per connection, delegates. */
public final class MainController {

    private final ConsoleViewModel vm;

    @FXML private BorderPane root;
    @FXML private VBox connectionsTile;
    @FXML private VBox ticksTile;
    @FXML private VBox rateTile;
    @FXML private VBox errorsTile;
    @FXML private VBox droppedTile;
    @FXML private VBox redisTile;
    @FXML private VBox sourceTile;
    @FXML private Label connections;
    @FXML private Label totalTicks;
    @FXML private Label ticksPerSecond;
    @FXML private Label errors;
    @FXML private Label dropped;
    @FXML private Label redis;
    @FXML private Label marketSession;
    @FXML private Label source;
    @FXML private Label recording;
    @FXML private MenuItem recordingItem;
    @FXML private ToggleButton pauseButton;
    @FXML private Button themeButton;
    @FXML private TextField lookupField;
    @FXML private Button subscribeButton;
    @FXML private Label lookupMessage;
    @FXML private TextField subscribeField;
    @FXML private SplitPane mainSplit;
    @FXML private SplitPane centreSplit;
    @FXML private HBox panesBox;
    @FXML private Menu refreshMenu;
    @FXML private CheckMenuItem notificationsItem;
    @FXML private Label subscribeResult;
    @FXML private Button undoButton;
    @FXML private Node detail;
    @FXML private Node eventLog;

    MainController(ConsoleViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        connections.textProperty().bind(vm.connectionsProperty());
        totalTicks.textProperty().bind(vm.totalTicksProperty());
        ticksPerSecond.textProperty().bind(vm.ticksPerSecondProperty());
        errors.textProperty().bind(vm.errorsProperty());
        dropped.textProperty().bind(vm.droppedProperty());
        redis.textProperty().bind(Bindings.createStringBinding(() -> RedisSummary.brief(vm.redisProperty().get()),
                vm.redisProperty()));
        marketSession.textProperty().bind(vm.marketSessionProperty());
        source.textProperty().bind(vm.sourceProperty());
        // The reason is in the source line ("read-only: ..."); typing a command that cannot be sent is pointless.
        subscribeField.disableProperty().bind(vm.actionsRefusedProperty().isNotEmpty());
        subscribeButton.disableProperty().bind(vm.actionsRefusedProperty().isNotEmpty());
        explainTiles();
        recording.textProperty().bind(vm.recordingProperty());
        recordingItem.textProperty().bind(Bindings.when(vm.recordingActiveProperty()).then("Stop recording")
                .otherwise("Start recording to " + vm.recordingDirectoryText()));
        recordingItem.setDisable(!vm.canRecord());
        pauseButton.selectedProperty().bindBidirectional(vm.pausedProperty());
        // Frozen tables must not look live: dimmed, and the button says so in the warning colour.
        vm.pausedProperty().addListener((o, was, now) -> {
            root.getStyleClass().remove("paused");
            if (now) {
                root.getStyleClass().add("paused");
            }
        });
        pauseButton.textProperty().bind(Bindings.when(vm.pausedProperty()).then("Frozen: resume display").otherwise("Pause display"));
        themeButton.textProperty().bind(Bindings.when(vm.darkThemeProperty()).then("Light theme").otherwise("Dark theme"));
        lookupMessage.textProperty().bind(vm.lookupMessageProperty());
        subscribeButton.textProperty().bind(Bindings.concat("Subscribe ", vm.subscribeOfferProperty()));
        subscribeButton.visibleProperty().bind(vm.subscribeOfferProperty().isNotEmpty());
        subscribeButton.managedProperty().bind(subscribeButton.visibleProperty());
        setUpLookup();
        notificationsItem.selectedProperty().bindBidirectional(vm.notificationsOnProperty());
        subscribeResult.textProperty().bind(vm.subscribeResultProperty());
        Tooltip resultTip = new Tooltip();
        resultTip.textProperty().bind(vm.subscribeResultProperty());
        explain(subscribeResult, resultTip);
        undoButton.textProperty().bind(Bindings.concat("Undo ", vm.undoTextProperty()));
        undoButton.visibleProperty().bind(vm.undoTextProperty().isNotEmpty());
        undoButton.managedProperty().bind(undoButton.visibleProperty());
        undoButton.setMnemonicParsing(false);
        // A bigger window gives its room to the tables; the detail panel and the log keep their size.
        SplitPane.setResizableWithParent(detail, false);
        SplitPane.setResizableWithParent(eventLog, false);
        for (ConnectionPaneViewModel pane : vm.panes().values()) {
            Node node = loadPane(pane);
            HBox.setHgrow(node, Priority.ALWAYS);
            panesBox.getChildren().add(node);
        }
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
    }

    /** What each top-bar figure counts, on hover; Redis and the feed show their full text there too. */
    private void explainTiles() {
        explain(connectionsTile, new Tooltip("Connections streaming market data now, of all configured ones."));
        explain(ticksTile, new Tooltip("Market-data events received over all connections since the console started."));
        explain(rateTile, new Tooltip("Market-data events per second over all connections (each pane shows its own msg/s)."));
        Tooltip errorsTip = new Tooltip();
        String errorsMeaning = "Errors over all connections: sockets lost or refused (a bad key, connection-limit kicks,"
                + " drops, ...), status errors from the feed and frames that could not be decoded. Each pane shows its"
                + " own count; the event log says what they were.";
        errorsTip.textProperty().bind(Bindings.createStringBinding(
                () -> Formats.withErrorKinds(errorsMeaning, vm.errorKindsProperty().get()), vm.errorKindsProperty()));
        explain(errorsTile, errorsTip);
        explain(droppedTile, new Tooltip("Events received but never delivered: a consumer (the window, Redis) fell"
                + " behind and its queue was full."));
        Tooltip redisTip = new Tooltip();
        redisTip.textProperty().bind(vm.redisProperty());
        explain(redisTile, redisTip);
        Tooltip sourceTip = new Tooltip();
        sourceTip.textProperty().bind(vm.sourceProperty());
        explain(sourceTile, sourceTip);
    }

    private static void explain(Node tile, Tooltip tip) {
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        tip.setShowDuration(javafx.util.Duration.seconds(30));
        Tooltip.install(tile, tip);
    }

    private void setUpLookup() {
        // ControlsFX asks for suggestions on a background thread: suggestions() only reads the
        // manager's immutable routing, so that is safe.
        AutoCompletionBinding<String> completion = TextFields.bindAutoCompletion(lookupField,
                request -> vm.suggestions(request.getUserText(), 15));
        completion.setVisibleRowCount(12);
        completion.setOnAutoCompleted(e -> vm.lookup(e.getCompletion()));
        lookupField.setOnAction(e -> vm.lookup(lookupField.getText()));
        lookupField.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                lookupField.clear();
                vm.clearLookup();
                e.consume();
            }
        });
    }

    private Node loadPane(ConnectionPaneViewModel pane) {
        FXMLLoader loader = new FXMLLoader(MainController.class.getResource("ConnectionPane.fxml"));
        loader.setControllerFactory(type -> new ConnectionPaneController(vm, pane));
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("ConnectionPane.fxml could not be loaded", e);
        }
    }

    private void installShortcuts(Scene scene) {
        Runnable focus = () -> {
            lookupField.requestFocus();
            lookupField.selectAll();
        };
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), focus);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), focus);
        // Ctrl+Q closes the window the way its close button does (settings saved, connections closed).
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                () -> scene.getWindow().hide());
    }

    @FXML
    private void subscribeOffered() {
        vm.subscribeOffered();
    }

    @FXML
    private void subscribeTyped() {
        vm.subscribeText(subscribeField.getText());
        subscribeField.clear();
    }

    @FXML
    private void toggleTheme() {
        vm.darkThemeProperty().set(!vm.darkThemeProperty().get());
    }

    @FXML
    private void copyHealth() {
        ClipboardContent content = new ClipboardContent();
        content.putString(vm.healthJson());
        Clipboard.getSystemClipboard().setContent(content);
        vm.healthCopied();
    }

    @FXML
    private void exportHealth() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export health snapshot");
        chooser.setInitialFileName(Formats.exportName("tickstock-health", "json", System.currentTimeMillis()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.exportHealth(file.toPath());
        }
    }

    @FXML
    private void exportLog() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export event log");
        chooser.setInitialFileName(Formats.exportName("tickstock-events", "log", System.currentTimeMillis()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Log", "*.log", "*.txt"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.exportLog(file.toPath());
        }
    }

    @FXML
    private void undo() {
        vm.undo();
    }

    @FXML
    private void toggleRecording() {
        vm.toggleRecording();
    }

    @FXML
    private void connectAll() {
        vm.connectAll();
    }

    @FXML
    private void disconnectAll() {
        vm.disconnectAll();
    }

    @FXML
    private void resetAssignment() {
        vm.resetAssignment();
    }

    /** Fills the Actions menu's refresh-rate choice; {@code chosen} runs when the operator picks another. */
    void offerRefreshRates(double[] rates, double current, DoubleConsumer chosen) {
        ToggleGroup group = new ToggleGroup();
        for (double rate : rates) {
            RadioMenuItem item = new RadioMenuItem(Formats.rate(rate).replace(".0", "") + " per second");
            item.setToggleGroup(group);
            item.setSelected(rate == current);
            item.setOnAction(e -> chosen.accept(rate));
            refreshMenu.getItems().add(item);
        }
    }

    SplitPane mainSplit() {
        return mainSplit;
    }

    SplitPane centreSplit() {
        return centreSplit;
    }
}
