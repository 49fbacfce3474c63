package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core stays free of JavaFX: only the ui package may import it. */
class UiBoundaryTest {

    @Test
    void onlyTheUiPackageImportsJavafx() throws IOException {
        Path main = Path.of("src/main/java/com/tickstock/console");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !main.relativize(f).startsWith("ui"))
                    .filter(f -> read(f).lines().anyMatch(l -> l.startsWith("import javafx.") || l.startsWith("import org.controlsfx.")))
                    .map(Path::toString).collect(Collectors.toList());
            assertThat(offenders).isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
