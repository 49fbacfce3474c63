package com.tickstock.console.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Notifications drawn inside the window: a column of cards in its bottom-right corner, above the tables but never
 * past the window's edge, coloured by the theme sheet like the rest of the window (so readable in both). A card
 * goes after {@link #SHOW_MILLIS} or when clicked; at most {@link #MAX_SHOWN} show at once.
 *
 * <p>Expiry is checked by the console's refresh ({@link #expire}), not by an animation: a running animation would
 * keep JavaFX repainting 60 times a second while a card shows.
 *
 * <p>Threads: FX thread only.
 */
final class NoticeToasts {

    static final long SHOW_MILLIS = 8_000;
    static final int MAX_SHOWN = 3;
    private static final double WIDTH = 360;
    private static final double MARGIN = 16;
    private static final String SHOWN_AT = "tickstock.notice.shownAt";

    private final VBox layer = new VBox(8);

    NoticeToasts() {
        layer.getStyleClass().add("notice-layer");
        layer.setAlignment(Pos.BOTTOM_RIGHT);
        layer.setPickOnBounds(false); // clicks between cards reach the tables below
        layer.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(layer, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(layer, new Insets(MARGIN));
    }

    /** The window's content with the notification layer over it. */
    StackPane over(Region content) {
        StackPane stack = new StackPane(content, layer);
        // A narrow window gets narrower cards: they stay inside it.
        layer.maxWidthProperty().bind(stack.widthProperty().subtract(2 * MARGIN));
        return stack;
    }

    void show(Notice notice, long nowMillis) {
        Label title = new Label(notice.title());
        title.getStyleClass().add("notice-title");
        title.setWrapText(true);
        Label text = new Label(notice.text());
        text.getStyleClass().add("notice-text");
        text.setWrapText(true);
        VBox card = new VBox(2, title, text);
        card.getStyleClass().addAll("notice", notice.problem() ? "notice-problem" : "notice-recovered");
        card.setPrefWidth(WIDTH);
        card.setMaxWidth(Double.MAX_VALUE);
        card.getProperties().put(SHOWN_AT, nowMillis);
        card.setOnMouseClicked(e -> layer.getChildren().remove(card));
        layer.getChildren().add(card);
        while (layer.getChildren().size() > MAX_SHOWN) {
            layer.getChildren().remove(0);
        }
    }

    /** Removes the cards shown longer than {@link #SHOW_MILLIS}; called by the refresh. */
    void expire(long nowMillis) {
        if (!layer.getChildren().isEmpty()) {
            layer.getChildren().removeIf(card -> card.getProperties().get(SHOWN_AT) instanceof Long at
                    && nowMillis - at >= SHOW_MILLIS);
        }
    }

    VBox layer() {
        return layer;
    }
}
