package com.tickstock.console.app;

import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.ErrorKinds;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.config.RedisUrl;
import com.tickstock.console.manager.HealthSnapshot;
import com.tickstock.console.republish.RepublisherStatus;
import com.tickstock.console.status.StatusServer;
import com.tickstock.console.supervision.PartFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --headless}: the feed side without a window, as a service. With Redis configured it is also a feeder
 * of the ticker plant (docs/plant-protocol.md). Logs to stdout, serves the
 * status endpoint when configured (printing {@code STATUS <url>} once it serves), and runs until
 * SIGTERM, SIGHUP or SIGINT; then closes the endpoint, the connections and the republisher (flushing it)
 * and logs one line of final counts.
 */
final class HeadlessMode {

    private static final System.Logger LOG = System.getLogger(HeadlessMode.class.getName());

    /** Prefix of the line the status endpoint's address is printed on; scripts and tests look for it. */
    static final String STATUS_LINE = "STATUS ";
    /** Prefix of the last log message, the counts after shutdown. */
    static final String FINAL_COUNTS = "final counts:";

    private HeadlessMode() {
    }

    /**
     * Runs until a stop signal; returns the exit code: 0, or 1 when it could not start or when a part
     * of it died on the way (then the final counts say {@code counts_trusted=false}). Must run on the main thread.
     */
    static int run(ConsoleConfig config, PrintStream out) {
        boolean cluster = config.redis().enabled() && RedisUrl.parse(config.redis().url()).cluster();
        if (cluster && config.feeder().leased()) {
            // The lease, the feeder's state and its commands use MULTI and scripts on one node: not on a cluster.
            System.err.println("tickstock: REDIS_URL '" + RedisUrl.mask(config.redis().url()) + "' is a Redis Cluster:"
                    + " the standby lease (FEEDER_LEASE_SECONDS) needs a single Redis or a Sentinel address; set"
                    + " FEEDER_LEASE_SECONDS=off to republish ticks to the cluster without a standby");
            return 2;
        }
        ShutdownSignal signal = ShutdownSignal.install();
        ConsoleRuntime runtime;
        try {
            runtime = ConsoleRuntime.create(config);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot start: " + e.getMessage());
            signal.finished();
            return 1;
        }
        int exitCode = 1;
        try {
            exitCode = serve(config, runtime, signal, out);
        } finally {
            runtime.close();
            // close() published a final snapshot after the last frame was delivered.
            List<PartFailure> dead = runtime.deadParts();
            LOG.log(dead.isEmpty() ? Level.INFO : Level.ERROR, finalCounts(runtime.manager().health())
                    + runtime.republisher().map(r -> finalRedisCounts(r.status()) + finalResent(r)).orElse("")
                    + trust(dead));
            signal.finished();
            if (!dead.isEmpty()) {
                exitCode = 1;
            }
        }
        return exitCode;
    }

    /** Serves until a stop signal; the exit code so far. */
    private static int serve(ConsoleConfig config, ConsoleRuntime runtime, ShutdownSignal signal, PrintStream out) {
        try {
            if (config.status().enabled()) {
                StatusServer status;
                try {
                    status = runtime.startStatusEndpoint();
                } catch (IOException e) {
                    LOG.log(Level.ERROR, "the status endpoint cannot listen on " + config.status().bindAddress() + ":"
                            + config.status().port() + ": " + e.getMessage());
                    return 1;
                }
                out.println(STATUS_LINE + status.url());
                out.flush();
            }
            LOG.log(Level.INFO, "headless: feed from " + runtime.source().describe() + "; stop with SIGTERM, SIGHUP or Ctrl-C");
            if (config.redis().enabled() && config.feeder().leased()) {
                // A feeder of its group: it connects only while it holds the group's lease.
                runtime.startLeadership();
            } else {
                if (config.redis().enabled() && RedisUrl.parse(config.redis().url()).cluster()) {
                    LOG.log(Level.WARNING, "REDIS_URL is a Redis Cluster: ticks are republished to it, but the"
                            + " feeder's state, commands and --attach need a single Redis or a Sentinel address and"
                            + " are off");
                } else if (config.redis().enabled()) {
                    runtime.startFeeder();
                }
                runtime.manager().connect();
            }
            String why = signal.await();
            LOG.log(Level.INFO, "headless: " + why + " received, shutting down");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * {@code ""} when every part ran to the end, else {@code counts_trusted=false failed=part:Error,...}:
     * a dead part stopped counting (or delivering) when it died, so the counts above are not the whole story.
     */
    static String trust(List<PartFailure> dead) {
        if (dead.isEmpty()) {
            return "";
        }
        return " counts_trusted=false failed=" + dead.stream().map(PartFailure::token).collect(Collectors.joining(","));
    }

    /**
     * {@code redis_resent=N}, entries the stream holds twice, where it is known: with REDIS_REPLICAS_ACK (explicit
     * entry IDs, so 0); {@code ""} otherwise.
     */
    static String finalResent(com.tickstock.console.republish.RedisRepublisher republisher) {
        Object resent = republisher.healthMap().get("resent");
        return resent == null ? "" : " redis_resent=" + resent;
    }

    /**
     * {@code redis_received=N redis_published=N redis_dropped=N redis_buffered=N redis_published_no_receivers=N
     * redis_subscribers_lost=N} after the republisher closed: the last two say what pub/sub did not deliver.
     */
    static String finalRedisCounts(RepublisherStatus redis) {
        return " redis_received=" + redis.received() + " redis_published=" + redis.published()
                + " redis_dropped=" + redis.droppedTotal() + " redis_buffered=" + redis.buffered()
                + " redis_published_no_receivers=" + redis.receivers().publishedToNone()
                + " redis_subscribers_lost=" + redis.receivers().subscribersLost();
    }

    /**
     * One line: {@code final counts: connection_1=N connection_2=N total_received=N total_dropped=N
     * total_errors=N}, the errors followed by their kinds when there were any ({@code total_errors=4
     * (max_connections=3, auth_failed=1)}); received counts are market-data events, the seed's {@code message_count}.
     */
    static String finalCounts(HealthSnapshot health) {
        StringBuilder sb = new StringBuilder(FINAL_COUNTS);
        for (Map.Entry<String, ConnectionHealth> e : health.connections().entrySet()) {
            sb.append(' ').append(e.getKey()).append('=').append(e.getValue().feed().marketDataEvents());
        }
        sb.append(" total_received=").append(health.totalTicksReceived())
                .append(" total_dropped=").append(health.totalDropped())
                .append(" total_errors=").append(health.totalErrors());
        String kinds = ErrorKinds.describe(health.errorsByKind(), "=", ", ");
        if (!kinds.isEmpty()) {
            sb.append(" (").append(kinds).append(')');
        }
        return sb.toString();
    }
}
