package com.tickstock.console.bench;

import com.tickstock.console.bench.TakeoverBenchmark.Child;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.RepublisherConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/bench Fencing} (not in the default suite): the "never two feeders connected at once" soak.
 * The setting of {@link TakeoverBenchmark} — a simulator allowing exactly the account's three connections at
 * 20,000 events/s, one redis-server, two headless feeders of one group, lease 10 s — runs {@code TAKEOVERS}
 * takeovers (environment variable, default 20), cycling three ways a leader can fail:
 * <ul>
 *   <li>{@code kill -9}: the leader is gone; it is started again as the standby;</li>
 *   <li>{@code SIGSTOP}: the leader is paused until its standby leads (past the lease), then SIGCONT — it must find
 *       the lease taken and step down without reconnecting to the vendor;</li>
 *   <li>cut Redis link: each feeder reaches Redis through its own {@link SeverableTcpProxy}; the leader's is
 *       severed, so it cannot renew and must close its vendor connections before the lease expires (fencing);
 *       the link is restored once the standby leads.</li>
 * </ul>
 * A paused process cannot close its sockets: like the real server, the simulator drops a client that answers no
 * ping for {@value #PING_TIMEOUT_SECONDS} s ({@code --ping-timeout}, shorter than the lease), which frees the slots
 * before the standby connects. Each takeover prints its kind, the gap on the tick channel and the simulator's
 * {@code max_connections} kicks during it; the target is zero kicks over the whole run. On a loaded 2-core machine
 * the gaps vary from run to run.
 */
public final class FencingBenchmark {

    private static final String KEY = "fencing-bench-key-0123";
    private static final int LEASE_SECONDS = 10;
    /** Shorter than the lease, so the simulator has dropped a paused leader before the standby may connect. */
    private static final int PING_TIMEOUT_SECONDS = 5;
    private static final int RATE = 20_000;
    private static final int RATE_PER_CONNECTION = RATE / 3;
    private static final double TARGET_SECONDS = LEASE_SECONDS + 3;
    /** A takeover is a silence on the channel longer than this; trades at 20,000/s never pause that long. */
    private static final long SILENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long a resumed (SIGCONT) or reconnected old leader gets to say it stepped down. */
    private static final long STEP_DOWN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private enum Failure { KILL, PAUSE, CUT_REDIS }

    private FencingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int takeovers = Integer.parseInt(System.getenv().getOrDefault("TAKEOVERS", "20"));
        AtomicLong kicks = new AtomicLong();
        try (RedisServerProcess redis = RedisServerProcess.start();
             SeverableTcpProxy linkA = new SeverableTcpProxy(redis.port());
             SeverableTcpProxy linkB = new SeverableTcpProxy(redis.port());
             Child simulator = Child.start(kicks, "simulator", "com.tickstock.console.simulator.SimulatorCli", "--port", "0",
                     "--api-keys", KEY, "--max-connections", "3", "--rate", Integer.toString(RATE_PER_CONNECTION),
                     "--ping-timeout", Integer.toString(PING_TIMEOUT_SECONDS))) {
            String feed = simulator.awaitLine("LISTENING ").substring("LISTENING ".length()).trim();
            System.out.printf(Locale.ROOT, "fencing: simulator %s at %,d events/s, max 3 connections, ping timeout %d s;"
                    + " redis-server on 127.0.0.1:%d behind proxies :%d (feeder-a) and :%d (feeder-b); lease %d s;"
                    + " %d takeovers%n", feed, RATE, PING_TIMEOUT_SECONDS, redis.port(), linkA.port(), linkB.port(),
                    LEASE_SECONDS, takeovers);
            List<String> commonA = common(feed, linkA.url());
            List<String> commonB = common(feed, linkB.url());
            Child a = TakeoverBenchmark.feeder(commonA, "feeder-a");
            Child b = TakeoverBenchmark.feeder(commonB, "feeder-b");
            Map<Failure, List<Double>> flowAgain = new TreeMap<>();
            int notSteppedDown = 0;
            long lowestRateAfter = Long.MAX_VALUE;
            try (RespSubscriber ticks = new RespSubscriber(redis.url(), RepublisherConfig.DEFAULT_CHANNEL)) {
                for (int i = 1; i <= takeovers; i++) {
                    Failure kind = Failure.values()[(i - 1) % Failure.values().length];
                    TakeoverBenchmark.awaitFlow(ticks, RATE);
                    long rateBefore = TakeoverBenchmark.ticksInOneSecond(ticks);
                    String holder = redis.query("GET", "tickstock:bench:lease");
                    boolean aLeads = holder.contains("feeder-a/");
                    if (!aLeads && !holder.contains("feeder-b/")) {
                        throw new IllegalStateException("no feeder holds the lease: '" + holder + "'");
                    }
                    Child leader = aLeads ? a : b;
                    SeverableTcpProxy leaderLink = aLeads ? linkA : linkB;
                    long kicksBefore = kicks.get();
                    long stepDownsBefore = leader.stepDowns();
                    long failedAt = System.nanoTime();
                    switch (kind) {
                        case KILL -> leader.kill();
                        case PAUSE -> leader.signal("STOP");
                        case CUT_REDIS -> leaderLink.sever();
                    }
                    String failedId = aLeads ? "feeder-a/" : "feeder-b/";
                    // Ticks after a silence count as the takeover only once the other feeder holds the lease.
                    double[] gap = TakeoverBenchmark.awaitResumption(ticks, failedAt, SILENCE_NANOS, () -> {
                        try {
                            String now = redis.query("GET", "tickstock:bench:lease");
                            return now.contains("feeder-") && !now.contains(failedId);
                        } catch (IOException e) {
                            return false;
                        }
                    });
                    TakeoverBenchmark.ticksInOneSecond(ticks); // the new leader's first second is a ramp
                    long rateAfter = TakeoverBenchmark.ticksInOneSecond(ticks);
                    lowestRateAfter = Math.min(lowestRateAfter, rateAfter);
                    String after = "";
                    switch (kind) {
                        case KILL -> {
                            Child back = TakeoverBenchmark.feeder(aLeads ? commonA : commonB, aLeads ? "feeder-a" : "feeder-b");
                            if (aLeads) {
                                a = back;
                            } else {
                                b = back;
                            }
                        }
                        case PAUSE -> {
                            leader.signal("CONT");
                            after = awaitStepDown(leader, stepDownsBefore) ? "; resumed, stepped down" : "; resumed, NO step-down seen";
                        }
                        case CUT_REDIS -> {
                            // A fenced leader has stepped down already (it could not renew); restoring lets it watch again.
                            after = leader.stepDowns() > stepDownsBefore ? "; fenced itself" : "; NO step-down seen";
                            leaderLink.restore();
                        }
                    }
                    if (after.contains("NO")) {
                        notSteppedDown++;
                    }
                    flowAgain.computeIfAbsent(kind, k -> new ArrayList<>()).add(gap[1]);
                    System.out.printf(Locale.ROOT, "takeover %d/%d %-9s %s: gap on the channel %.2f s, ticks again %.2f s"
                            + " after it; ticks/s %,d before, %,d in the new leader's second second; kicks during it %d"
                            + " (total %d)%s%n", i, takeovers, kind, aLeads ? "feeder-a" : "feeder-b", gap[0], gap[1],
                            rateBefore, rateAfter, kicks.get() - kicksBefore, kicks.get(), after);
                }
                // Kicks from a resumed or reconnected old leader would come after its takeover: give them a moment.
                TakeoverBenchmark.awaitFlow(ticks, RATE);
            } finally {
                resumeQuietly(a);
                resumeQuietly(b);
                a.close();
                b.close();
            }
            for (Map.Entry<Failure, List<Double>> e : flowAgain.entrySet()) {
                double worst = e.getValue().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                BenchReport.result("fencing: ticks again after " + e.getKey() + " (worst of " + e.getValue().size() + ")",
                        String.format(Locale.ROOT, "%.2f s", worst), String.format(Locale.ROOT, "<= %.0f s", TARGET_SECONDS),
                        BenchReport.atMost(worst, TARGET_SECONDS));
            }
            BenchReport.info("fencing: lowest ticks/s in a new leader's second second", Long.toString(lowestRateAfter));
            BenchReport.info("fencing: old leaders with no step-down seen", Integer.toString(notSteppedDown));
            BenchReport.result("max_connections kicks over " + takeovers + " takeovers (kill -9, SIGSTOP, cut Redis)",
                    Long.toString(kicks.get()), "0", BenchReport.atMost(kicks.get(), 0));
        }
    }

    private static List<String> common(String feed, String redisUrl) {
        return TakeoverBenchmark.feederArgs(KEY, feed, redisUrl, LEASE_SECONDS);
    }

    /** A feeder left paused by a failed run would not end on SIGTERM. */
    private static void resumeQuietly(Child feeder) throws InterruptedException {
        try {
            feeder.signal("CONT");
        } catch (IOException e) {
            // it has ended
        }
    }

    /** Waits until {@code feeder} logs a step-down it had not logged before; false after a minute. */
    private static boolean awaitStepDown(Child feeder, long before) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_DOWN_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (feeder.stepDowns() > before) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling a log-line counter from another process
        }
        return false;
    }
}
