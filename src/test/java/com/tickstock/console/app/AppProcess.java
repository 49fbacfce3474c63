package com.tickstock.console.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app in a process of its own, started exactly as {@code bin/tickstock} starts it
 * (module path {@code target/mods}), with its output collected line by line.
 */
final class AppProcess implements AutoCloseable {

    static final Path MODS = Path.of("target", "mods");

    private final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();

    private AppProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
    }

    static AppProcess start(String... args) throws IOException {
        if (!Files.isDirectory(MODS)) {
            throw new IllegalStateException(MODS + " is missing: run after 'mvn package'");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java"));
        for (String option : Files.readAllLines(Path.of("jlink", "java-options"))) {
            if (!option.isBlank() && !option.strip().startsWith("#")) {
                command.add(option.strip());
            }
        }
        command.addAll(List.of("-p", MODS.toString(), "-m", "com.tickstock.console/com.tickstock.console.app.Launcher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("MASSIVE_API_KEY");
        return new AppProcess(builder.start());
    }

    private static void pump(java.io.InputStream stream, List<String> sink) {
        CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException e) {
                sink.add("<read failed: " + e + ">");
            }
        });
    }

    /** Waits for the process to end and returns its exit code. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the app did not exit within " + timeout + "; stderr: " + err);
        }
        return process.exitValue();
    }

    /** SIGTERM, as an operator's service manager would send. */
    void terminate() {
        process.destroy();
    }

    String stdout() {
        return String.join("\n", out);
    }

    String stderr() {
        return String.join("\n", err);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
