package com.tickstock.console.bench;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.simulator.SimulatorConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The feed side receiving from the simulator in another process as fast as it can send: one connection, then
 * three, with 10- and 100-event frames. Each run is the real runtime (manager, connections, a fan-out consumer;
 * no Redis) and reports events/s decoded, counted and delivered to the consumer, feed lag p50/p99, and the CPU
 * of both processes per event — on a 2-core machine the two processes share the cores, so CPU per event is
 * what bounds the rate. Targets: one connection ≥ 500,000 events/s; three ≥ 1,000,000.
 */
public final class ConnectionBenchmark {

    private static final int TICKERS_PER_CONNECTION = 500;
    private static final long WARMUP_MS = 12_000;
    private static final long MEASURE_MS = 10_000;

    private ConnectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.out.printf(Locale.ROOT, "simulator in another process, %d tickers per connection (trades), as fast as possible;"
                + " %d s warm-up, %d s measured%n", TICKERS_PER_CONNECTION, WARMUP_MS / 1000, MEASURE_MS / 1000);
        System.out.printf(Locale.ROOT, "%-26s %12s %12s %9s %9s %8s %8s %11s %11s%n", "run", "events/s", "delivered/s",
                "lag p50", "lag p99", "our CPU", "sim CPU", "our us/ev", "sim us/ev");
        run(1, 10, 0);
        run(1, 100, 500_000);
        run(3, 10, 0);
        run(3, 100, 1_000_000);
    }

    private static void run(int connections, int eventsPerFrame, double target) throws Exception {
        try (SimulatorProcess sim = SimulatorProcess.start("--rate", "max", "--batch", String.valueOf(eventsPerFrame),
                "--api-keys", SimulatorConfig.DEV_API_KEY)) {
            Map<String, String> only = new java.util.HashMap<>();
            for (int n = connections + 1; n <= 3; n++) {
                only.put("WEBSOCKET_CONNECTION_" + n + "_ENABLED", "false");
            }
            ConsoleRuntime runtime = ConsoleRuntime.create(BenchConsole.config(sim.url(), SimulatorConfig.DEV_API_KEY,
                    null, TICKERS_PER_CONNECTION, only));
            try {
                LongAdder delivered = new LongAdder();
                runtime.manager().addConsumer("bench", batch -> delivered.add(batch.events().size()),
                        TickConsumer.Delivery.DIRECT);
                runtime.manager().connect();
                Map<String, ConnectionState> states = runtime.manager().awaitSettled(Duration.ofSeconds(30));
                if (!states.values().stream().allMatch(s -> s == ConnectionState.STREAMING)) {
                    throw new IllegalStateException("not all connections streaming: " + states);
                }
                Thread.sleep(WARMUP_MS); // the measurement window, not a synchronisation
                Reading before = Reading.take(runtime, delivered, sim.pid());
                Thread.sleep(MEASURE_MS);
                Reading after = Reading.take(runtime, delivered, sim.pid());
                report(connections, eventsPerFrame, target, before, after, runtime.manager().healthNow());
            } finally {
                runtime.close();
            }
        }
    }

    private static void report(int connections, int eventsPerFrame, double target, Reading before, Reading after,
                               HealthSnapshot health) {
        double seconds = (after.nanos - before.nanos) / 1e9;
        long events = after.received - before.received;
        double rate = events / seconds;
        double deliveredRate = (after.delivered - before.delivered) / seconds;
        double ourCpu = (after.ourCpuNanos - before.ourCpuNanos) / 1e9;
        double simCpu = (after.simCpuMillis - before.simCpuMillis) / 1e3;
        long lagP50 = 0;
        long lagP99 = 0;
        long gaps = 0;
        long dropped = 0;
        long errors = 0;
        for (ConnectionHealth c : health.connections().values()) {
            ConnectionSnapshot s = c.feed();
            lagP50 = Math.max(lagP50, s.lagMsP50());
            lagP99 = Math.max(lagP99, s.lagMsP99());
            gaps += s.sequenceGaps();
            dropped += s.droppedTotal();
            errors += s.decodeErrors();
        }
        String name = connections + (connections == 1 ? " connection, " : " connections, ") + eventsPerFrame + "/frame";
        double ourMicros = ourCpu * 1e6 / events;
        double simMicros = simCpu * 1e6 / events;
        System.out.printf(Locale.ROOT, "%-26s %,12.0f %,12.0f %6d ms %6d ms %7.0f%% %7.0f%% %11.2f %11.2f%n", name, rate,
                deliveredRate, lagP50, lagP99, 100 * ourCpu / seconds, 100 * simCpu / seconds, ourMicros, simMicros);
        System.out.printf(Locale.ROOT, "%-26s dropped %d, decode errors %d, sequence gaps %d%n", "", dropped, errors, gaps);
        System.out.printf(Locale.ROOT, "%-26s console threads, us/event: %s%n", "",
                ProcStats.busiestThreads(before.threads, after.threads, events, 6));

        String measure = name + ", events/s decoded + fanned out";
        if (target > 0) {
            BenchReport.result(measure, BenchReport.count(rate), ">= " + BenchReport.count(target),
                    BenchReport.atLeast(rate, target));
        } else {
            BenchReport.info(measure, BenchReport.count(rate));
        }
        BenchReport.info(name + ", feed lag p50 / p99", lagP50 + " / " + lagP99 + " ms");
        BenchReport.info(name + ", CPU per event: console / simulator",
                String.format(Locale.ROOT, "%.2f / %.2f us (%.0f%% / %.0f%% of a core)", ourMicros, simMicros,
                        100 * ourCpu / seconds, 100 * simCpu / seconds));
        if (target > 0) {
            // Both processes share the machine's cores: at these costs, how many cores would the target take?
            double cores = target * (ourMicros + simMicros) / 1e6;
            BenchReport.info(name + ", cores the target needs at these CPU costs",
                    String.format(Locale.ROOT, "%.1f (machine: %d)", cores, Runtime.getRuntime().availableProcessors()));
        }
        if (dropped != 0 || errors != 0 || gaps != 0 || Math.abs(deliveredRate - rate) > rate * 0.05) {
            BenchReport.result(name + ", loss", "dropped " + dropped + ", decode errors " + errors + ", gaps " + gaps,
                    "0", BenchReport.Verdict.MISSED);
        }
    }

    /** Counters at one instant: events received (health), delivered to the consumer, CPU of both processes. */
    private record Reading(long nanos, long received, long delivered, long ourCpuNanos, long simCpuMillis,
                           Map<String, Long> threads) {
        static Reading take(ConsoleRuntime runtime, LongAdder delivered, long simPid) {
            return new Reading(System.nanoTime(), runtime.manager().healthNow().totalTicksReceived(), delivered.sum(),
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime(), ProcStats.cpuMillis(simPid), ProcStats.threadCpuMillis());
        }
    }
}
