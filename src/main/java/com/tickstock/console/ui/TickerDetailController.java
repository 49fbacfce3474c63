package com.tickstock.console.ui;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The looked-up ticker's detail panel: binds {@link TickerDetailViewModel} to TickerDetail.fxml. */
public final class TickerDetailController {

    private final ConsoleViewModel console;
    private final TickerDetailViewModel detail;

    @FXML private Label hint;
    @FXML private VBox content;
    @FXML private Label ticker;
    @FXML private Label change;
    @FXML private Sparkline sparkline;
    @FXML private Label connection;
    @FXML private Label lastTrade;
    @FXML private Label quote;
    @FXML private Label bar;
    @FXML private Label gaps;
    @FXML private Label ticks;

    TickerDetailController(ConsoleViewModel console) {
        this.console = console;
        this.detail = console.detail();
    }

    @FXML
    private void initialize() {
        content.visibleProperty().bind(detail.showingProperty());
        content.managedProperty().bind(detail.showingProperty());
        hint.visibleProperty().bind(detail.showingProperty().not());
        hint.managedProperty().bind(detail.showingProperty().not());
        ticker.textProperty().bind(detail.tickerProperty());
        change.textProperty().bind(detail.changeProperty());
        connection.textProperty().bind(detail.connectionProperty());
        lastTrade.textProperty().bind(detail.lastTradeProperty());
        quote.textProperty().bind(detail.quoteProperty());
        bar.textProperty().bind(detail.barProperty());
        gaps.textProperty().bind(detail.gapsProperty());
        ticks.textProperty().bind(detail.ticksProperty());
        detail.historySamplesProperty().addListener((o, a, b) -> sparkline.setValues(detail.history(), detail.historyCount()));
    }

    @FXML
    private void unsubscribe() {
        String symbol = detail.tickerProperty().get();
        if (!symbol.isEmpty()) {
            console.unsubscribe(symbol);
        }
    }
}
