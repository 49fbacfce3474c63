package com.tickstock.console.ui;

import javafx.scene.layout.Region;
import javafx.scene.shape.Polyline;

/**
 * A small line of recent values: one {@link Polyline} scaled to the region, no axes, no chart
 * machinery — cheap enough for a table cell. Styled by CSS: {@code .sparkline .sparkline-line},
 * with {@code up}/{@code down} on the region when the last value is above/below the first.
 *
 * <p>Threads: FX thread only.
 */
public final class Sparkline extends Region {

    private final Polyline line = new Polyline();
    private double[] values = new double[0];
    private int count;

    public Sparkline() {
        getStyleClass().add("sparkline");
        line.getStyleClass().add("sparkline-line");
        line.setManaged(false);
        getChildren().add(line);
        setMinSize(20, 8);
        setPrefSize(80, 18);
    }

    /** Shows the first {@code n} values of {@code source} (copied; the caller may reuse its buffer). */
    public void setValues(double[] source, int n) {
        if (values.length < n) {
            values = new double[n];
        }
        System.arraycopy(source, 0, values, 0, n);
        count = n;
        // Touch the style classes only when the direction flips: every change re-runs CSS on the node.
        String direction = n < 2 ? null : values[n - 1] >= values[0] ? "up" : "down";
        if (direction == null ? getStyleClass().contains("up") || getStyleClass().contains("down")
                : !getStyleClass().contains(direction)) {
            getStyleClass().removeAll("up", "down");
            if (direction != null) {
                getStyleClass().add(direction);
            }
        }
        // Redraw the line now rather than through requestLayout(): a table calls this while it lays its cells out,
        // and a layout requested during the layout pass costs the whole scene a second pulse (layout, CSS, repaint).
        if (getWidth() > 0 && getHeight() > 0) {
            drawLine();
        } else {
            requestLayout();
        }
    }

    /** Shows nothing. Cheap when already empty: a table clears the sparklines of its empty rows at every layout. */
    public void clear() {
        count = 0;
        getStyleClass().removeAll("up", "down");
        if (!line.getPoints().isEmpty()) {
            line.getPoints().clear();
        }
    }

    @Override
    protected void layoutChildren() {
        drawLine();
    }

    private void drawLine() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        if (count < 2 || w <= 0 || h <= 0) {
            line.getPoints().clear();
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        double span = max - min;
        double left = snappedLeftInset();
        double top = snappedTopInset();
        Double[] points = new Double[count * 2];
        for (int i = 0; i < count; i++) {
            points[2 * i] = left + w * i / (count - 1);
            // A flat series sits in the middle rather than on an edge.
            double y = span == 0 ? 0.5 : 1 - (values[i] - min) / span;
            points[2 * i + 1] = top + 1 + (h - 2) * y;
        }
        line.getPoints().setAll(points);
    }
}
