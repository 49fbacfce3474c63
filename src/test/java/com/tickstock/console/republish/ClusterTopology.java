package com.tickstock.console.republish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * A real Redis Cluster for tests: {@code masters} redis-servers with {@code --cluster-enabled yes} on free loopback
 * ports (and optionally {@code replicas} more per master), joined by {@code redis-cli --cluster create ...
 * --cluster-replicas R}, each stopped by its PID on {@link #close}; their cluster config files live in a temporary
 * directory removed then. Also moves one slot from
 * its owner to another master the way {@code redis-cli --cluster reshard} does (SETSLOT IMPORTING/MIGRATING, MIGRATE,
 * SETSLOT NODE), for resharding while ticks flow. Public for the benchmark in the {@code bench} package.
 */
public final class ClusterTopology implements AutoCloseable {

    private final Path dir;
    private final List<RedisServerProcess> masters = new ArrayList<>();
    private final List<RedisServerProcess> replicas = new ArrayList<>();

    private ClusterTopology(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code count} masters (3 at least, as redis-cli requires) and waits until the cluster says ok. */
    public static ClusterTopology start(int count) throws IOException, InterruptedException {
        return start(count, 0, 5000);
    }

    /**
     * Starts {@code count} masters with {@code replicasEach} replicas each, and waits until the cluster says ok, every
     * node knows every other, and every master has its replicas connected (so that {@code WAIT} can count them).
     *
     * @param nodeTimeoutMillis {@code cluster-node-timeout}: how long a master may be unreachable before its replica
     *                          is promoted
     */
    public static ClusterTopology start(int count, int replicasEach, int nodeTimeoutMillis)
            throws IOException, InterruptedException {
        ClusterTopology cluster = new ClusterTopology(Files.createTempDirectory("redis-cluster-test-"));
        int total = count * (1 + replicasEach);
        try {
            List<RedisServerProcess> nodes = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                // Each node its own directory: a replica's full sync leaves a dump.rdb there, which a node started
                // later in a shared one would load (and then refuse to join a new cluster, holding keys).
                Path nodeDir = Files.createDirectories(cluster.dir.resolve("node-" + i));
                nodes.add(RedisServerProcess.start("--cluster-enabled", "yes", "--dir", nodeDir.toString(),
                        "--cluster-config-file", cluster.dir.resolve("nodes-" + i + ".conf").toString(),
                        "--cluster-node-timeout", String.valueOf(nodeTimeoutMillis),
                        // A replica (re)joining syncs at once, not after the default 5 s wait for more replicas.
                        "--repl-diskless-sync-delay", "0"));
            }
            // Known before the create, so that a failed create still stops them all.
            cluster.masters.addAll(nodes);
            List<String> create = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
            for (RedisServerProcess node : nodes) {
                create.add("127.0.0.1:" + node.port());
            }
            create.addAll(List.of("--cluster-replicas", String.valueOf(replicasEach), "--cluster-yes"));
            Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
            for (RedisServerProcess node : nodes) {
                Awaitility.await("cluster_state:ok on port " + node.port()).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> {
                            String info = node.query("CLUSTER", "INFO");
                            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + total);
                        });
            }
            if (replicasEach > 0) {
                // redis-cli chooses which nodes become masters: ask each node its role. Sorted aside first, so that a
                // failed ROLE leaves every node in masters, which the catch below stops (none is left running).
                List<RedisServerProcess> masters = new ArrayList<>();
                List<RedisServerProcess> replicas = new ArrayList<>();
                for (RedisServerProcess node : nodes) {
                    (node.query("ROLE").startsWith("master") ? masters : replicas).add(node);
                }
                cluster.masters.clear();
                cluster.masters.addAll(masters);
                cluster.replicas.addAll(replicas);
                for (RedisServerProcess master : cluster.masters) {
                    Awaitility.await("replicas of port " + master.port() + " connected").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                            .until(() -> master.query("INFO", "replication").split("state=online", -1).length - 1
                                    == replicasEach);
                }
                for (RedisServerProcess node : nodes) {
                    // Every node's view has every replica under its master (what a client's topology reads).
                    Awaitility.await("replicas seen by port " + node.port()).atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                            .until(() -> replicasIn(node.query("CLUSTER", "NODES")) == count * replicasEach);
                }
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Replicas in a {@code CLUSTER NODES} reply (the flags, third field, say {@code slave}). */
    private static int replicasIn(String clusterNodes) {
        int replicas = 0;
        for (String line : clusterNodes.split("\n", -1)) {
            String[] f = line.trim().split(" ", -1);
            if (f.length > 2 && f[2].contains("slave")) {
                replicas++;
            }
        }
        return replicas;
    }

    /** {@code redis-cluster://} with the first two masters as seeds (any one is enough). */
    public String url() {
        return "redis-cluster://127.0.0.1:" + masters.get(0).port() + ",127.0.0.1:" + masters.get(1).port();
    }

    /** The masters as the cluster was made (a failover does not reorder them). */
    public List<RedisServerProcess> masters() {
        return List.copyOf(masters);
    }

    /** The replicas as the cluster was made. */
    public List<RedisServerProcess> replicas() {
        return List.copyOf(replicas);
    }

    /** The node's cluster ID. */
    public static String nodeId(RedisServerProcess node) throws IOException {
        return node.query("CLUSTER", "MYID").trim();
    }

    /** The slot of {@code key}, as the cluster computes it. */
    public int slotOf(String key) throws IOException {
        return Integer.parseInt(masters.get(0).command("CLUSTER", "KEYSLOT", key).substring(1).trim());
    }

    /** The master that serves {@code slot} now. */
    public RedisServerProcess ownerOf(int slot) throws IOException {
        for (RedisServerProcess master : masters) {
            if (ownsSlot(master, slot)) {
                return master;
            }
        }
        throw new IllegalStateException("no master owns slot " + slot);
    }

    private static boolean ownsSlot(RedisServerProcess master, int slot) throws IOException {
        String myId = nodeId(master);
        for (String line : master.query("CLUSTER", "NODES").split("\n", -1)) {
            String[] f = line.trim().split(" ", -1);
            if (f.length < 9 || !f[0].equals(myId)) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being imported or migrated
                }
                String[] range = f[i].split("-", -1);
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Moves {@code slot} from its owner to another master while a republisher writes to it: between marking the slot
     * migrating and moving its keys, waits until {@code published} has risen by more than {@code progress}, so writes
     * meet the migrating state (ASK). Returns the new owner.
     */
    public RedisServerProcess migrateSlotWhilePublishing(int slot, LongSupplier published, long progress,
                                                         Duration patience) throws IOException {
        RedisServerProcess source = ownerOf(slot);
        RedisServerProcess target = masters.stream().filter(m -> m != source).findFirst().orElseThrow();
        long before = published.getAsLong();
        migrateSlot(slot, source, target, () -> Awaitility.await().atMost(patience)
                .until(() -> published.getAsLong() > before + progress));
        return target;
    }

    /**
     * Moves {@code slot} with its keys from {@code source} to {@code target} as {@code redis-cli --cluster reshard}
     * does; writes keep flowing meanwhile (a client gets ASK for a key already moved, then MOVED). {@code between}
     * runs after the slot is marked migrating and before its keys move, so a test can let writes see that state.
     */
    public void migrateSlot(int slot, RedisServerProcess source, RedisServerProcess target, Runnable between)
            throws IOException {
        String sourceId = nodeId(source);
        String targetId = nodeId(target);
        expectOk(target.command("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", sourceId));
        expectOk(source.command("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", targetId));
        between.run();
        while (true) {
            String keys = source.query("CLUSTER", "GETKEYSINSLOT", String.valueOf(slot), "100");
            if (keys.isBlank()) {
                break;
            }
            List<String> command = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", String.valueOf(target.port()), "",
                    "0", "10000", "KEYS"));
            for (String key : keys.split("\n", -1)) {
                if (!key.isBlank()) {
                    command.add(key);
                }
            }
            expectOk(source.command(command.toArray(String[]::new)));
        }
        for (RedisServerProcess node : masters) {
            expectOk(node.command("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", targetId));
        }
    }

    private static void expectOk(String reply) {
        if (!reply.startsWith("+OK")) {
            throw new IllegalStateException("expected +OK, got " + reply);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (RedisServerProcess node : masters) {
            node.close();
        }
        for (RedisServerProcess node : replicas) {
            node.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String redisCli() throws IOException {
        Path cli = RedisServerProcess.binary().resolveSibling("redis-cli");
        return Files.isExecutable(cli) ? cli.toString() : "redis-cli";
    }
}
