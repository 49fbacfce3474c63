package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.shape.Polyline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The sparkline on the real toolkit (Monocle): drawn when its values change, without asking for a layout. */
class SparklineTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void newValuesAreDrawnAtOnceWithoutRequestingALayout() throws Exception {
        List<Object> seen = WaitForAsyncUtils.asyncFx(() -> {
            Sparkline sparkline = new Sparkline();
            sparkline.resize(80, 18);
            sparkline.layout();
            boolean laidOut = !sparkline.isNeedsLayout();
            // A table updates its cells while it lays them out: a layout requested then would cost the scene a
            // second pulse (CSS, layout and a repaint) after every refresh.
            sparkline.setValues(new double[] {1, 3, 2}, 3);
            Polyline line = (Polyline) sparkline.getChildrenUnmodifiable().get(0);
            return List.<Object>of(laidOut, sparkline.isNeedsLayout(), List.copyOf(line.getPoints()),
                    sparkline.getStyleClass().contains("up"));
        }).get(30, TimeUnit.SECONDS);

        assertThat(seen.get(0)).isEqualTo(true);
        assertThat(seen.get(1)).as("layout requested").isEqualTo(false);
        // 80 x 18, no insets: x at 0, 40, 80; y from the top (max) to the bottom (min), 1 px in from each edge.
        assertThat(seen.get(2)).isEqualTo(List.of(0.0, 17.0, 40.0, 1.0, 80.0, 9.0));
        assertThat(seen.get(3)).isEqualTo(true);
    }

    @Test
    void anUnsizedSparklineDrawsWhenItIsLaidOut() throws Exception {
        List<Double> points = WaitForAsyncUtils.asyncFx(() -> {
            Sparkline sparkline = new Sparkline();
            sparkline.setValues(new double[] {5, 5}, 2);
            sparkline.resize(40, 10);
            sparkline.layout();
            return List.copyOf(((Polyline) sparkline.getChildrenUnmodifiable().get(0)).getPoints());
        }).get(30, TimeUnit.SECONDS);

        // A flat series sits in the middle.
        assertThat(points).containsExactly(0.0, 5.0, 40.0, 5.0);
    }
}
