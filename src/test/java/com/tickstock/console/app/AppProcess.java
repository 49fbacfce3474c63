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
    /** Set by failsafe's configuration in the pom. */
    static final String PACKAGED_PROPERTY = "tickstock.packaged";

    private final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();

    /** Complete once each stream reached its end, i.e. all the process wrote has been collected. */
    private final CompletableFuture<Void> drained;

    private AppProcess(Process process) {
        this.process = process;
        drained = CompletableFuture.allOf(pump(process.getInputStream(), out), pump(process.getErrorStream(), err));
    }

    static AppProcess start(String... args) throws IOException {
        return startWithJvmOptions(List.of(), args);
    }

    /** With extra JVM options such as {@code -Dtickstock.test.fail-dispatch=connection_1} before the module. */
    static AppProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        return startWithEnvironment(java.util.Map.of(), jvmOptions, args);
    }

    /** As above, with {@code environment} added to the process's environment (e.g. DISPLAY for the window). */
    static AppProcess startWithEnvironment(java.util.Map<String, String> environment, List<String> jvmOptions,
                                           String... args) throws IOException {
        // Under surefire (e.g. 'mvn verify -Dtest=...', which overrides its excludes) target/mods is
        // missing or a previous build's: these tests belong to failsafe, which runs them after 'package'.
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean(PACKAGED_PROPERTY),
                "runs under failsafe after 'package' (" + PACKAGED_PROPERTY + " is not set)");
        if (!Files.isDirectory(MODS)) {
            throw new IllegalStateException(MODS + " is missing: run after 'mvn package'");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java"));
        for (String option : Files.readAllLines(Path.of("jlink", "java-options"))) {
            if (!option.isBlank() && !option.strip().startsWith("#")) {
                command.add(option.strip());
            }
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-p", MODS.toString(), "-m", "com.tickstock.console/com.tickstock.console.app.Launcher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("MASSIVE_API_KEY");
        builder.environment().putAll(environment);
        return new AppProcess(builder.start());
    }

    private static CompletableFuture<Void> pump(java.io.InputStream stream, List<String> sink) {
        // A thread of its own each: the common pool has one thread on a 2-core machine and several apps may run.
        return CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException e) {
                sink.add("<read failed: " + e + ">");
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "app-process-pump");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Waits for the process to end and returns its exit code. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the app did not exit within " + timeout + "; stderr: " + err);
        }
        try {
            drained.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the app's output was not collected to its end: " + e, e);
        }
        return process.exitValue();
    }

    /** The first stdout line starting with {@code prefix}, waiting up to {@code timeout} for it. */
    String awaitLine(String prefix, Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .failFast("the app exited; stdout: " + out + "; stderr: " + err, () -> !process.isAlive()
                        && out.stream().noneMatch(l -> l.startsWith(prefix)))
                .until(() -> out.stream().anyMatch(l -> l.startsWith(prefix)));
        return out.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Whether the process still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** SIGHUP, as a closing terminal or a service manager's reload would send. */
    void hangUp() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -HUP " + process.pid() + " failed");
        }
    }

    /** SIGSTOP: the process is paused with its sockets open, as a hung host or a long GC pause looks. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM, as an operator's service manager would send. */
    void terminate() {
        // Process.destroy() would also close our ends of its pipes, losing what it prints while stopping.
        process.toHandle().destroy();
    }

    /** SIGKILL: the process vanishes without a word, as a crashed host would. */
    void kill() {
        process.destroyForcibly();
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
