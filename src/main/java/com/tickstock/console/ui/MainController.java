package com.tickstock.console.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import org.controlsfx.control.textfield.AutoCompletionBinding;
import org.controlsfx.control.textfield.TextFields;

/** The main window's controller: binds the top bar and lookup, builds one pane per connection, delegates. */
public final class MainController {

    private final ConsoleViewModel vm;

    @FXML private BorderPane root;
    @FXML private Label connections;
    @FXML private Label totalTicks;
    @FXML private Label ticksPerSecond;
    @FXML private Label errors;
    @FXML private Label dropped;
    @FXML private Label redis;
    @FXML private Label marketSession;
    @FXML private Label source;
    @FXML private ToggleButton pauseButton;
    @FXML private Button themeButton;
    @FXML private TextField lookupField;
    @FXML private Button subscribeButton;
    @FXML private Label lookupMessage;
    @FXML private TextField subscribeField;
    @FXML private SplitPane mainSplit;
    @FXML private SplitPane centreSplit;
    @FXML private HBox panesBox;

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
        redis.textProperty().bind(vm.redisProperty());
        marketSession.textProperty().bind(vm.marketSessionProperty());
        source.textProperty().bind(vm.sourceProperty());
        pauseButton.selectedProperty().bindBidirectional(vm.pausedProperty());
        pauseButton.textProperty().bind(Bindings.when(vm.pausedProperty()).then("Resume display").otherwise("Pause display"));
        themeButton.textProperty().bind(Bindings.when(vm.darkThemeProperty()).then("Light theme").otherwise("Dark theme"));
        lookupMessage.textProperty().bind(vm.lookupMessageProperty());
        subscribeButton.textProperty().bind(Bindings.concat("Subscribe ", vm.subscribeOfferProperty()));
        subscribeButton.visibleProperty().bind(vm.subscribeOfferProperty().isNotEmpty());
        subscribeButton.managedProperty().bind(subscribeButton.visibleProperty());
        setUpLookup();
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
        chooser.setInitialFileName("tickstock-health.json");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.exportHealth(file.toPath());
        }
    }

    @FXML
    private void connectAll() {
        vm.connectAll();
    }

    @FXML
    private void disconnectAll() {
        vm.disconnectAll();
    }

    SplitPane mainSplit() {
        return mainSplit;
    }

    SplitPane centreSplit() {
        return centreSplit;
    }
}
