package com.tickstock.console.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Window size, split positions and theme, remembered between runs in a small properties file:
 * {@code $XDG_CONFIG_HOME/tickstock/window.properties} (default {@code ~/.config/...}), or the
 * file named by the system property {@code tickstock.ui.prefs}. A missing or unreadable file
 * means defaults; failing to save is logged, never shown as an error.
 *
 * <p>Threads: FX thread only.
 */
final class WindowPrefs {

    static final String PROPERTY = "tickstock.ui.prefs";
    private static final System.Logger LOG = System.getLogger(WindowPrefs.class.getName());

    private final Path file;
    private final Properties values = new Properties();

    private WindowPrefs(Path file) {
        this.file = file;
    }

    static WindowPrefs standard() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return at(Path.of(explicit));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return at(base.resolve("tickstock").resolve("window.properties"));
    }

    static WindowPrefs at(Path file) {
        WindowPrefs prefs = new WindowPrefs(file);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                prefs.values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "window settings " + file + " unreadable, using defaults: " + e.getMessage());
            }
        }
        return prefs;
    }

    double number(String key, double fallback) {
        String text = values.getProperty(key);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    String text(String key, String fallback) {
        return values.getProperty(key, fallback);
    }

    void put(String key, double value) {
        values.setProperty(key, Double.toString(value));
    }

    void put(String key, String value) {
        values.setProperty(key, value);
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                values.store(out, "TickStock Console window settings");
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not save window settings to " + file + ": " + e.getMessage());
        }
    }

    Path file() {
        return file;
    }
}
