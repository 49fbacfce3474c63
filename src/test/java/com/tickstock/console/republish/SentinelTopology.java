package com.tickstock.console.republish;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Sentinel set-up on free loopback ports, for tests: a master, two replicas (after a promotion the new master
 * still has one, for {@code WAIT 1}) and three sentinels (quorum 2, {@code down-after-milliseconds} 2000: at 1000,
 * their own ping period, they sometimes fail over twice), started once the replicas are in sync (else discovery
 * takes ~10 s), stopped by PID on {@link #close}. Fails over in about 3 s after the master dies.
 */
public final class SentinelTopology implements AutoCloseable {

    public static final String MASTER = "tsmaster";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<RedisServerProcess> nodes = new ArrayList<>();
    private final List<RedisServerProcess> sentinels = new ArrayList<>();

    private SentinelTopology() {
    }

    public static SentinelTopology start() throws IOException, InterruptedException {
        SentinelTopology t = new SentinelTopology();
        try {
            RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync", "yes",
                    "--repl-diskless-sync-delay", "0");
            t.nodes.add(master);
            for (int i = 0; i < 2; i++) {
                t.nodes.add(RedisServerProcess.start("--replicaof", "127.0.0.1", String.valueOf(master.port()),
                        "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"));
            }
            Awaitility.await("both replicas in sync").atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> master.query("INFO", "replication").split("state=online", -1).length - 1 == 2);
            for (int i = 0; i < 3; i++) {
                t.sentinels.add(RedisServerProcess.startSentinel(
                        "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + MASTER + " 2000",
                        "sentinel failover-timeout " + MASTER + " 5000",
                        "sentinel parallel-syncs " + MASTER + " 1"));
            }
            // Every sentinel must know both replicas and the other sentinels before a failover can be agreed.
            for (RedisServerProcess sentinel : t.sentinels) {
                Awaitility.await("sentinel " + sentinel.port() + " sees 2 replicas and 3 sentinels").atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> sentinel.query("INFO", "sentinel").contains("slaves=2,sentinels=3"));
            }
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3#tsmaster}. */
    public String url() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")) + "#" + MASTER;
    }

    public RedisServerProcess master() {
        return nodes.get(0);
    }

    public List<RedisServerProcess> replicas() {
        return nodes.subList(1, nodes.size());
    }

    public List<RedisServerProcess> sentinels() {
        return sentinels;
    }

    /** The node the sentinels name as master now, by asking the first sentinel that answers. */
    public RedisServerProcess currentMaster() throws IOException {
        for (RedisServerProcess sentinel : sentinels) {
            String reply = sentinel.query("SENTINEL", "get-master-addr-by-name", MASTER);
            String[] lines = reply.split("\n", -1);
            if (lines.length >= 2) {
                int port = Integer.parseInt(lines[1].trim());
                for (RedisServerProcess node : nodes) {
                    if (node.port() == port) {
                        return node;
                    }
                }
            }
        }
        throw new IllegalStateException("no sentinel names a master");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (RedisServerProcess p : sentinels) {
            p.close();
        }
        for (RedisServerProcess p : nodes) {
            p.close();
        }
    }
}
