package com.tickstock.console.republish;

import com.tickstock.console.supervision.Causes;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;

/**
 * The start-up check of a Redis Cluster address: connects through the seed nodes as the republisher will, and reads
 * Lettuce's view of the cluster. No reachable seed node, or {@code REDIS_REPLICAS_ACK} above the replicas of the
 * master with fewest (no write there could ever be confirmed), is a
 * configuration error (exit 2) rather than a console buffering ticks for a cluster it can never reach; never a
 * fallback to a plain Redis.
 *
 * <p>Threads: the caller's only; the client is made and shut down within {@link #problem}.
 */
public final class ClusterCheck {

    private ClusterCheck() {
    }

    /**
     * {@code null} when the cluster answers and the settings fit it; otherwise what is wrong, naming the key and the
     * seed nodes (never a password).
     *
     * @param replicasAck {@code REDIS_REPLICAS_ACK}
     */
    public static String problem(RedisEndpoint endpoint, int replicasAck, Duration timeout) {
        if (!endpoint.cluster()) {
            return null;
        }
        ClientResources resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        RedisClusterClient client = RedisClusterClient.create(resources, ClusterConnector.seedUris(endpoint, timeout));
        client.setOptions(ClusterConnector.options(timeout, false));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8)) {
            Partitions partitions = connection.getPartitions();
            int fewest = Integer.MAX_VALUE;
            String fewestAt = null;
            for (RedisClusterNode node : partitions) {
                if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    continue;
                }
                int replicas = 0;
                for (RedisClusterNode other : partitions) {
                    if (node.getNodeId().equals(other.getSlaveOf())) {
                        replicas++;
                    }
                }
                if (replicas < fewest) {
                    fewest = replicas;
                    fewestAt = node.getUri().getHost() + ":" + node.getUri().getPort();
                }
            }
            if (replicasAck > 0 && fewestAt != null && replicasAck > fewest) {
                return "with REDIS_REPLICAS_ACK=" + replicasAck + ": master " + fewestAt + " of the cluster has only "
                        + fewest + " replica(s), so no write there could ever be confirmed";
            }
            return null;
        } catch (RuntimeException e) {
            return "reaches no seed node of the cluster (" + endpoint.scrub(Causes.rootMessage(e))
                    + "); the console does not fall back to a plain Redis";
        } finally {
            LettuceShutdown.quietly(client, resources, "cluster check");
        }
    }
}
