package com.tickstock.console.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/bench}: runs every benchmark, each in a JVM of its own (so one's heap, JIT and threads do not
 * colour the next), echoes their output, and ends with one table of every figure they reported through
 * {@link BenchReport}, headed by what the machine was. The table is also written to
 * {@code target/performance.md}, ready to paste into {@code docs/performance.md}.
 *
 * <p>{@code bin/bench NAME} runs only the benchmarks whose name contains NAME (e.g. {@code Redis}); the
 * 10-minute reliability soak runs only when named ({@code bin/bench Soak}).
 */
public final class PerformanceSuite {

    /** Suite order: quick and CPU-bound first, the 5-minute memory run last. */
    private static final List<Benchmark> SUITE = List.of(
            new Benchmark("Decode", true, "-Xms1g", "-Xmx2g"),
            new Benchmark("Connection", true, "-Xms1g", "-Xmx2g"),
            new Benchmark("Record", true, "-Xms1g", "-Xmx2g"),
            // Before EndToEnd: twice the republisher alone ran at half speed right after it.
            new Benchmark("RedisRepublish", true, "-Xms1g", "-Xmx2g"),
            new Benchmark("RedisTopology", true, "-Xms1g", "-Xmx2g"),
            new Benchmark("EndToEnd", true, "-Xms1g", "-Xmx2g"),
            // One '*' connection against the simulator's 11,000-ticker tape (issue 25's full market).
            new Benchmark("FullMarket", true, "-Xms1g", "-Xmx2g"),
            new Benchmark("Ui", true, "-Xms1g", "-Xmx2g"),
            new Benchmark("Startup", true, "-Xmx1g"),
            // Its own processes (simulator, redis-server, two feeders): this JVM only watches the channel. Only when
            // named (bin/bench Takeover) until it has been measured on a machine that is not loaded past 15.
            new Benchmark("Takeover", false, "-Xmx256m"),
            new Benchmark("Fencing", false, "-Xmx256m"),
            // Its own processes (simulator, console, redis-server): this JVM is the downstream subscriber.
            new Benchmark("Latency", true, "-Xmx256m"),
            // The floor under #25's desk and idle targets: a one-thread-per-connection relay in this JVM.
            new Benchmark("RelayFloor", false, "-Xmx1g"),
            // The packaged console's heap limit: the memory figure is for the console as shipped.
            new Benchmark("Memory", true, "-Xmx1g"),
            new Benchmark("Attach", true, "-Xms1g", "-Xmx2g"),
            // Only when named (bin/bench Inspect): its first run records a minute at 150,000 trades/s (180 MB).
            new Benchmark("Inspect", false, "-Xms1g", "-Xmx2g"),
            new Benchmark("Soak", false, "-Xms1g", "-Xmx2g"));

    @SuppressWarnings("ArrayRecordComponent") // a table entry, never compared or hashed
    private record Benchmark(String name, boolean inSuite, String... jvmOptions) {
        String className() {
            return "com.tickstock.console.bench." + name + "Benchmark";
        }
    }

    private record Row(String benchmark, String measure, String value, String target, String verdict) {
    }

    private PerformanceSuite() {
    }

    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        List<Benchmark> chosen = new ArrayList<>();
        for (Benchmark b : SUITE) {
            if (filter.isEmpty() ? b.inSuite() : b.name().toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))) {
                chosen.add(b);
            }
        }
        if (chosen.isEmpty()) {
            System.err.println("bin/bench: no benchmark matches '" + filter + "'; there are "
                    + SUITE.stream().map(Benchmark::name).toList());
            System.exit(2);
        }
        String machine = MachineInfo.describe();
        System.out.println(machine);
        long suiteStart = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Benchmark b : chosen) {
            System.out.println();
            System.out.println("== " + b.name() + "Benchmark");
            long start = System.nanoTime();
            int exit = run(b, rows, List.of(args).subList(Math.min(1, args.length), args.length));
            System.out.printf(Locale.ROOT, "== %s: %s in %.0f s%n", b.name(),
                    exit == 0 ? "done" : "FAILED (exit " + exit + ")", (System.nanoTime() - start) / 1e9);
            if (exit != 0) {
                failures.add(b.name());
                rows.add(new Row(b.name(), "(benchmark failed, exit " + exit + ")", "", "", "FAILED"));
            }
        }
        String table = table(rows);
        String report = machine + "\nSuite time: " + Math.round((System.nanoTime() - suiteStart) / 1e9) + " s; "
                + "load average at the end: " + ProcStats.loadAverage() + "\n\n" + table;
        System.out.println();
        System.out.println(report);
        Path out = Path.of("target", "performance.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("(written to " + out + ")");
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Runs one benchmark in a child JVM; echoes its output and keeps its result lines. Returns its exit code. */
    private static int run(Benchmark b, List<Row> rows, List<String> benchmarkArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(b.jvmOptions()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), b.className()));
        command.addAll(benchmarkArgs); // bin/bench Ui 40: what follows the name is the benchmark's
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(BenchReport.PREFIX)) {
                    String[] f = line.substring(BenchReport.PREFIX.length()).split("\t", -1);
                    Row row = new Row(b.name(), at(f, 0), at(f, 1), at(f, 2), at(f, 3));
                    rows.add(row);
                    System.out.println("  -> " + row.measure() + ": " + row.value()
                            + (row.target().isEmpty() ? "" : "  (target " + row.target() + ") " + row.verdict()));
                } else {
                    System.out.println(line);
                }
            }
        }
        return process.waitFor();
    }

    private static String at(String[] fields, int i) {
        return i < fields.length ? fields[i] : "";
    }

    /** A Markdown table: readable in a terminal, and pasted as is into docs/performance.md. */
    static String table(List<Row> rows) {
        String[] header = {"benchmark", "measure", "result", "target", "verdict"};
        int[] width = new int[header.length];
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        for (Row r : rows) {
            cells.add(new String[] {r.benchmark(), r.measure(), r.value(), r.target(), r.verdict()});
        }
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            appendRow(sb, cells.get(n), width);
            if (n == 0) {
                String[] rule = new String[header.length];
                for (int i = 0; i < rule.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                appendRow(sb, rule, width);
            }
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        sb.append('|');
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
        }
        sb.append('\n');
    }

    /** What the figures were measured on: they mean little without it. */
    static final class MachineInfo {

        private MachineInfo() {
        }

        static String describe() {
            return String.format(Locale.ROOT, "TickStock Console performance suite, %s%n"
                            + "machine: %d cores (%s), %s RAM; Java %s; redis-server %s; commit %s; load average %s",
                    DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0)) + "Z",
                    Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), Runtime.version(),
                    command("redis-server", "--version").replaceAll(".*v=([0-9.]+).*", "$1"),
                    command("git", "rev-parse", "--short", "HEAD"), ProcStats.loadAverage());
        }

        private static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("?");
            } catch (IOException e) {
                return "?";
            }
        }

        private static String memory() {
            try {
                return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                        .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                        .findFirst().orElse("?");
            } catch (IOException | RuntimeException e) {
                return "?";
            }
        }

        private static String command(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.waitFor() == 0 && !text.isEmpty() ? text : "?";
            } catch (IOException e) {
                return "?";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "?";
            }
        }
    }
}
