package com.tickstock.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RECORD_DIR and RECORD_ROLL_MB: read, defaulted, and a bad value named with its key. */
class RecordSettingsTest {

    @TempDir
    Path temp;

    private static ConsoleConfig load(Map<String, String> cli) {
        return ConfigLoader.standard().load(null, Map.of(), cli);
    }

    @Test
    void offByDefault() {
        ConsoleConfig c = load(Map.of());
        assertThat(c.record().directory()).isEmpty();
        assertThat(c.record().rollBytes()).isEqualTo(100L * 1024 * 1024);
    }

    @Test
    void aDirectoryThatDoesNotExistYetIsFine() {
        Path dir = temp.resolve("later");
        ConsoleConfig c = load(Map.of("RECORD_DIR", dir.toString(), "RECORD_ROLL_MB", "5"));
        assertThat(c.record().directory()).contains(dir);
        assertThat(c.record().rollBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(c.describe()).contains("recording: to " + dir);
    }

    @Test
    void aFileIsNotADirectory() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        assertThatThrownBy(() -> load(Map.of("RECORD_DIR", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RECORD_DIR").hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void aBadRollSizeNamesTheKey() {
        assertThatThrownBy(() -> load(Map.of("RECORD_ROLL_MB", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RECORD_ROLL_MB");
    }
}
