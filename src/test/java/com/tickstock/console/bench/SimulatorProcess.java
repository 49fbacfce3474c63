package com.tickstock.console.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator in a process of its own, so a benchmark measures the console and not a server
 * sharing its heap and JIT. Started with this JVM's class path; stopped with SIGTERM.
 */
final class SimulatorProcess implements AutoCloseable {

    private final Process process;
    private final URI url;

    private SimulatorProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    static SimulatorProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** With more JVM options for the simulator's process (e.g. its own GC log). */
    static SimulatorProcess start(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "com.tickstock.console.simulator.SimulatorCli"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("LISTENING ")) {
                return new SimulatorProcess(process, URI.create(line.substring("LISTENING ".length()).trim()));
            }
        }
        process.destroyForcibly();
        throw new IOException("the simulator process ended without printing LISTENING (exit " + process.exitValue() + ")");
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
