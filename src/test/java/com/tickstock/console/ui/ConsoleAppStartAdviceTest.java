package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleAppStartAdviceTest {

    @Test
    void aMissingGtkSaysWhatToInstallAndThatHeadlessNeedsNone() {
        // As JavaFX reports it: the launcher's RuntimeException around the glass toolkit's own failure.
        RuntimeException failure = new RuntimeException("Exception in Application start method",
                new UnsupportedOperationException("Unable to load glass GTK library."));
        String advice = ConsoleApp.startAdvice(failure);
        assertThat(advice).contains("Unable to load glass GTK library").contains("apt-get install libgtk-3-0")
                .contains("tickstock --headless");
    }

    @Test
    void noDisplayPointsToHeadlessToo() {
        assertThat(ConsoleApp.startAdvice(new UnsupportedOperationException("Unable to open DISPLAY")))
                .startsWith("no display").contains("--headless");
    }

    @Test
    void anythingElseIsLeftAsJavaFxSaidIt() {
        assertThat(ConsoleApp.startAdvice(new IllegalStateException("Application launch must not be called more than once")))
                .isEmpty();
    }
}
