package com.tickstock.console.bench;

import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.RepublisherConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/bench Takeover}: hot standby with real processes — a simulator at 20,000 events/s allowing exactly the
 * account's three connections, one redis-server, two headless feeders of one group (shipped configuration, lease
 * 10 s, the default) and a subscriber on the tick channel. The leader is killed with SIGKILL {@value #TAKEOVERS} times (the killed
 * one is started again as the standby each time); each time it reports the gap on the channel — last tick before
 * the silence to the first tick after it, i.e. last tick from the killed leader to first from the new one — and the
 * time from the kill until ticks flow again, against the target of lease + 3 s. The simulator's {@code
 * max_connections} kicks are counted over the whole run: any kick means two feeders were connected at once.
 *
 * <p>The gap is read by polling the subscriber's count every millisecond, so it is exact to about a millisecond.
 * Every process shares the machine's cores; on a loaded 2-core machine the figures vary from run to run.
 */
public final class TakeoverBenchmark {

    private static final String KEY = "takeover-bench-key-0123";
    /** The default: with 5 s, leaders on a machine loaded past 20 fenced themselves when a renewal took 2.3 s. */
    private static final int LEASE_SECONDS = 10;
    private static final int TAKEOVERS = 3;
    private static final int RATE = 20_000;
    /** The simulator's --rate is per connection; the shipped configuration has three. */
    private static final int RATE_PER_CONNECTION = RATE / 3;
    /** Ticks must flow again within this of a kill: the target. */
    private static final double TARGET_SECONDS = LEASE_SECONDS + 3;
    /** Seconds of the new leader's rate printed after each takeover. */
    private static final int RAMP_SECONDS = 5;
    /** A silence on the channel longer than this is the takeover, not a pause between frames. */
    private static final long SILENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Generous: on a machine loaded past 20 the feeders' JVMs took 40 s to lead. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(180);

    private TakeoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        AtomicLong kicks = new AtomicLong();
        try (RedisServerProcess redis = RedisServerProcess.start();
             Child simulator = Child.start(kicks, "simulator", "com.tickstock.console.simulator.SimulatorCli", "--port", "0",
                     "--api-keys", KEY, "--max-connections", "3", "--rate", Integer.toString(RATE_PER_CONNECTION))) {
            String feed = simulator.awaitLine("LISTENING ").substring("LISTENING ".length()).trim();
            System.out.printf(Locale.ROOT, "takeover: simulator %s at %,d events/s, max 3 connections; redis-server on"
                    + " 127.0.0.1:%d; lease %d s; %d SIGKILLs%n", feed, RATE, redis.port(), LEASE_SECONDS, TAKEOVERS);
            List<String> common = feederArgs(KEY, feed, redis.url(), LEASE_SECONDS);
            Child a = feeder(common, "feeder-a");
            Child b = feeder(common, "feeder-b");
            List<Double> gaps = new ArrayList<>();
            List<Double> flowAgain = new ArrayList<>();
            List<Long> ratesBefore = new ArrayList<>();
            List<Long> ratesAfter = new ArrayList<>();
            List<Double> fullRateAgain = new ArrayList<>();
            try (RespSubscriber ticks = new RespSubscriber(redis.url(), RepublisherConfig.DEFAULT_CHANNEL)) {
                for (int i = 1; i <= TAKEOVERS; i++) {
                    awaitFlow(ticks, RATE); // a full second's ticks: the leader streams all three connections
                    long before = ticksInOneSecond(ticks);
                    ratesBefore.add(before);
                    String holder = redis.query("GET", "tickstock:bench:lease"); // command() gives only "$N"
                    boolean aLeads = holder.contains("feeder-a/");
                    Child leader = aLeads ? a : b;
                    long killedAt = System.nanoTime();
                    leader.kill();
                    double[] gap = awaitResumption(ticks, killedAt);
                    gaps.add(gap[0]);
                    flowAgain.add(gap[1]);
                    // The new leader's rate second by second: it opens three connections, subscribes and warms its
                    // JIT, so the first second after the takeover is a ramp; the target is the full rate again.
                    List<Long> seconds = new ArrayList<>();
                    double full = Double.NaN;
                    for (int s = 1; s <= RAMP_SECONDS; s++) {
                        long got = ticksInOneSecond(ticks);
                        seconds.add(got);
                        if (Double.isNaN(full) && got >= before * 9 / 10) {
                            full = (System.nanoTime() - killedAt) / 1e9;
                        }
                    }
                    ratesAfter.add(seconds.get(seconds.size() - 1));
                    fullRateAgain.add(full);
                    System.out.printf(Locale.ROOT, "takeover %d: %s killed; gap on the channel %.2f s, ticks again"
                            + " %.2f s after the kill; ticks/s before the kill %,d, in each second after the first"
                            + " tick %s; 90 %% of that rate again %.2f s after the kill; kicks so far %d%n", i,
                            aLeads ? "feeder-a" : "feeder-b", gap[0], gap[1], before, seconds, full, kicks.get());
                    Child back = feeder(common, aLeads ? "feeder-a" : "feeder-b");
                    if (aLeads) {
                        a = back;
                    } else {
                        b = back;
                    }
                }
            } finally {
                a.close();
                b.close();
            }
            double worstGap = gaps.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double worstFlow = flowAgain.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double meanGap = gaps.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            BenchReport.result("takeover after SIGKILL: ticks again (worst of " + TAKEOVERS + ", lease "
                    + LEASE_SECONDS + " s)", String.format(Locale.ROOT, "%.2f s", worstFlow),
                    String.format(Locale.ROOT, "<= %.0f s", TARGET_SECONDS), BenchReport.atMost(worstFlow, TARGET_SECONDS));
            BenchReport.info("takeover gap, last tick from A to first from B (mean / worst)",
                    String.format(Locale.ROOT, "%.2f s / %.2f s", meanGap, worstGap));
            BenchReport.info("ticks/s on the channel before each kill",
                    ratesBefore.toString());
            BenchReport.info("ticks/s through the new leader, " + RAMP_SECONDS + "th second after its first tick",
                    ratesAfter.toString());
            BenchReport.info("90 % of the rate before the kill again, seconds after the kill (each takeover)",
                    fullRateAgain.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString());
            BenchReport.result("max_connections kicks over " + TAKEOVERS + " takeovers", Long.toString(kicks.get()),
                    "0", BenchReport.atMost(kicks.get(), 0));
        }
    }

    /**
     * A headless feeder of group {@code bench} on the shipped configuration, subscribed to trades, not the shipped
     * per-second bars: bars come once a second per ticker (about 230/s for the shipped universes) whatever the
     * simulator's rate, and the targets are at 20,000 ticks/s.
     */
    static List<String> feederArgs(String key, String feed, String redisUrl, int leaseSeconds) {
        return List.of("--headless", "--set", "MASSIVE_API_KEY=" + key, "--set", "MASSIVE_WEBSOCKET_URL=" + feed,
                "--set", "REDIS_URL=" + redisUrl, "--set", "FEEDER_GROUP=bench",
                "--set", "FEEDER_LEASE_SECONDS=" + leaseSeconds, "--set", "MASSIVE_EVENT_TYPES=T");
    }

    static Child feeder(List<String> common, String id) throws IOException {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of("--set", "FEEDER_ID=" + id));
        return Child.start(null, id, "com.tickstock.console.app.Launcher", args.toArray(String[]::new));
    }

    /** Ticks that reach the subscriber in the next second. */
    static long ticksInOneSecond(RespSubscriber subscriber) throws InterruptedException {
        long before = subscriber.count();
        TimeUnit.SECONDS.sleep(1); // the measuring window of a rate, not synchronisation
        return subscriber.count() - before;
    }

    /** Waits until at least a twentieth of {@code ticks} arrive within one second. */
    static void awaitFlow(RespSubscriber subscriber, long ticks) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            long before = subscriber.count();
            TimeUnit.SECONDS.sleep(1); // the measuring window of a rate, not synchronisation
            // A twentieth: on a loaded machine the four processes may not keep the full rate, and that is not what is
            // measured here; the rate reached is printed.
            long got = subscriber.count() - before;
            if (got >= ticks / 20) {
                System.out.printf(Locale.ROOT, "  ticks flow: %,d in the last second (total %,d)%n", got, subscriber.count());
                return;
            }
        }
        throw new IllegalStateException("ticks did not flow at " + ticks / 20 + "/s within 180 s (" + subscriber.count()
                + " received in all)");
    }

    /** Seconds of the silence after the kill (last tick before to first after) and from the kill to that first tick. */
    static double[] awaitResumption(RespSubscriber subscriber, long killedAt) throws InterruptedException {
        return awaitResumption(subscriber, killedAt, SILENCE_NANOS);
    }

    /** As above, with the silence that counts as the takeover given. */
    static double[] awaitResumption(RespSubscriber subscriber, long killedAt, long silenceNanos) throws InterruptedException {
        return awaitResumption(subscriber, killedAt, silenceNanos, () -> true);
    }

    /**
     * As above; a resumption counts only when {@code takenOver} says the other feeder leads by then, so a stall of the
     * failed leader's last writes (e.g. draining through a proxy) is not taken for the takeover.
     */
    static double[] awaitResumption(RespSubscriber subscriber, long killedAt, long silenceNanos,
                                    java.util.function.BooleanSupplier takenOver) throws InterruptedException {
        long last = subscriber.count();
        long lastChangeAt = System.nanoTime();
        long deadline = killedAt + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(1); // the sampling period
            long now = System.nanoTime();
            long count = subscriber.count();
            if (count != last) {
                if (now - lastChangeAt > silenceNanos && lastChangeAt - killedAt > -silenceNanos
                        && takenOver.getAsBoolean()) {
                    return new double[] {(now - lastChangeAt) / 1e9, (now - killedAt) / 1e9};
                }
                last = count;
                lastChangeAt = now;
            }
        }
        throw new IllegalStateException("no tick within 180 s of the kill");
    }

    /** A JVM of this class path running {@code mainClass}; counts the simulator's kick lines when asked. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        /** Lines saying this feeder stepped down; written by its pump thread, read by the benchmark's. */
        private final AtomicLong stepDowns = new AtomicLong();

        private Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Echoes the child's lines that say who leads, and what went wrong, prefixed with {@code name}. */
        static Child start(AtomicLong kicks, String name, String mainClass, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx1g",
                    "-cp", System.getProperty("java.class.path"), mainClass));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).start();
            Child child = new Child(process);
            pump(process.getErrorStream(), name, kicks, child.stepDowns);
            if (kicks == null) {
                // A feeder logs to stdout (headless): read it here so it never blocks on a full pipe.
                pump(process.getInputStream(), name, null, child.stepDowns);
            }
            return child;
        }

        private static void pump(java.io.InputStream stream, String name, AtomicLong kicks, AtomicLong stepDowns) {
            Thread pump = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains("steps down")) {
                            stepDowns.incrementAndGet();
                        }
                        if (kicks != null && line.contains("max_connections:")) {
                            kicks.incrementAndGet();
                        }
                        if (line.contains("leads group") || line.contains("takes over") || line.contains("steps down")
                                || line.contains("Exception") || line.contains("ERROR") || line.contains("max_connections:")
                                || line.contains("not even a pong")) {
                            System.out.println("  [" + name + "] " + line.strip());
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "child-" + name);
            pump.setDaemon(true);
            pump.start();
        }

        String awaitLine(String prefix) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException("the process ended without printing " + prefix);
        }

        long stepDowns() {
            return stepDowns.get();
        }

        /** Sends {@code signal} (e.g. STOP, CONT) with kill(1). */
        void signal(String signal) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + signal + " " + process.pid() + " failed");
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
