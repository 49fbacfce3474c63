package com.tickstock.console.republish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} on a free loopback port, for tests: no persistence, killed and restarted on
 * the same port on demand, removed on {@link #close}. Uses {@code redis-server} from PATH, else the binary
 * carried by the embedded-redis test jar. Never touches a Redis a developer runs on 6379. Public for the
 * benchmark in the {@code bench} package.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private final Path log;
    /** A config file given before every other argument (a sentinel's, which it rewrites); null for none. */
    private Path configFile;
    private volatile Process process;
    private boolean hookAdded;

    private RedisServerProcess(int port, List<String> extraArgs) throws IOException {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.log = Files.createTempFile("redis-test-" + port + "-", ".log");
    }

    /** Starts a server on a free port with the given extra arguments, e.g. {@code --requirepass secret}. */
    public static RedisServerProcess start(String... extraArgs) throws IOException {
        RedisServerProcess server = new RedisServerProcess(freePort(), List.of(extraArgs));
        server.startProcess();
        return server;
    }

    /**
     * Starts a sentinel ({@code redis-server CONF --sentinel}) on a free port, with {@code configLines} in its own
     * writable config file (a sentinel rewrites it), e.g. {@code sentinel monitor m 127.0.0.1 6379 2}.
     */
    public static RedisServerProcess startSentinel(String... configLines) throws IOException {
        RedisServerProcess sentinel = new RedisServerProcess(freePort(), List.of("--sentinel"));
        sentinel.configFile = Files.createTempFile("sentinel-test-" + sentinel.port + "-", ".conf");
        Files.write(sentinel.configFile, List.of(configLines));
        sentinel.startProcess();
        return sentinel;
    }

    /** Picks a free port but starts nothing: for clients that must first find Redis down. */
    public static RedisServerProcess notStarted(String... extraArgs) throws IOException {
        return new RedisServerProcess(freePort(), List.of(extraArgs));
    }

    public int port() {
        return port;
    }

    /** The server's process id, e.g. to read its CPU time from /proc. */
    public synchronized long pid() {
        return process.pid();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port and waits until it answers. */
    public synchronized void startProcess() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        List<String> command = new ArrayList<>(List.of(binary().toString()));
        if (configFile != null) {
            command.add(configFile.toString());
        }
        command.addAll(List.of("--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no",
                // A replica's full sync writes dump.rdb to its directory: a temporary one, never the working tree.
                "--dir", dataDir().toString()));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!hookAdded) {
            // A JVM that ends without close() (System.exit, a killed fork) must not leave the server running.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Process p = process;
                if (p != null) {
                    p.destroyForcibly();
                }
            }, "redis-test-server-cleanup"));
            hookAdded = true;
        }
        awaitReady();
    }

    /** SIGKILL, as a crash or an OOM killer would; returns once the process is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die");
            }
        }
    }

    /** SIGSTOP: the server freezes with its connections open, as a hung host or a half-open TCP peer looks. */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /**
     * Sends one inline command on a fresh connection and returns the first reply line, e.g. {@code +PONG} or
     * {@code :3}. For checks from tests that should not depend on the client under test.
     */
    public String command(String... words) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            StringBuilder resp = new StringBuilder("*").append(words.length).append("\r\n");
            for (String word : words) {
                resp.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(socket.getInputStream());
        }
    }

    /**
     * Sends one command and returns its whole reply as text: a bulk string's content (INFO), or the lines of a
     * flat array; for checks that need more than {@link #command}'s first line.
     */
    public String query(String... words) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(30_000);
            StringBuilder resp = new StringBuilder("*").append(words.length).append("\r\n");
            for (String word : words) {
                resp.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            return readReply(in);
        }
    }

    private static String readReply(InputStream in) throws IOException {
        String head = readLine(in);
        if (head.startsWith("$")) {
            int length = Integer.parseInt(head.substring(1));
            if (length < 0) {
                return "";
            }
            byte[] body = in.readNBytes(length + 2);
            return new String(body, 0, length, StandardCharsets.UTF_8);
        }
        if (head.startsWith("*")) {
            int n = Integer.parseInt(head.substring(1));
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < n; i++) {
                all.append(readReply(in)).append('\n');
            }
            return all.toString();
        }
        return head;
    }

    @Override
    public synchronized void close() throws InterruptedException, IOException {
        kill();
        Files.deleteIfExists(log);
        if (configFile != null) {
            Files.deleteIfExists(configFile);
        }
    }

    private void awaitReady() {
        Awaitility.await("redis-server on port " + port + " answering PING")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .failFast("redis-server exited", () -> !process.isAlive())
                .until(() -> {
                    String reply = command("PING");
                    return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
                });
    }

    /** The server's own output, for failure messages. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static Path binary;
    private static Path dataDir;

    /** One temporary directory for every test server's files (a replica's dump.rdb), removed at exit. */
    private static synchronized Path dataDir() throws IOException {
        if (dataDir == null) {
            dataDir = Files.createTempDirectory("redis-test-data-");
            dataDir.toFile().deleteOnExit();
        }
        return dataDir;
    }

    /**
     * redis-server from PATH, else extracted once from the embedded-redis jar. {@code -Dredis.test.embedded=true}
     * forces the jar's binary, to check the fallback where PATH has one.
     */
    public static synchronized Path binary() throws IOException {
        if (binary != null) {
            return binary;
        }
        String path = Boolean.getBoolean("redis.test.embedded") ? "" : System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator, -1)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return binary = candidate;
            }
        }
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String resource = arch.contains("aarch64") || arch.contains("arm64")
                ? "/redis-server-6.2.7-linux-arm64" : "/redis-server-6.2.6-v5-linux-amd64";
        try (InputStream in = RedisServerProcess.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no redis-server on PATH and " + resource + " not in the embedded-redis jar");
            }
            Path extracted = Files.createTempFile("redis-server-", "");
            Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            extracted.toFile().setExecutable(true);
            extracted.toFile().deleteOnExit();
            return binary = extracted;
        }
    }
}
