package com.tickstock.console.republish;

import com.tickstock.console.supervision.Causes;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The start-up check of a Sentinel address: asks each sentinel, in turn, for the master's address by name, as
 * Lettuce will at every connect. A console whose sentinels are all unreachable, or do not know the master's name,
 * must stop with a configuration error (exit 2) rather than run buffering ticks for a master it can never find,
 * and never fall back to a plain Redis.
 *
 * <p>Threads: the caller's only; the client is made and shut down within {@link #problem}.
 */
public final class SentinelCheck {

    private SentinelCheck() {
    }

    /**
     * {@code null} when a sentinel names the master; otherwise what is wrong, naming the sentinels and the master
     * (never a password: sentinels are asked without credentials).
     */
    public static String problem(RedisEndpoint endpoint, Duration timeout) {
        if (!endpoint.sentinel()) {
            return null;
        }
        ClientResources resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        RedisClient client = RedisClient.create(resources);
        List<String> unreachable = new ArrayList<>();
        List<String> monitored = new ArrayList<>();
        try {
            // The sentinels exactly as the real connection will ask them (TLS, verifyPeer…): one URI builder.
            for (RedisURI uri : endpoint.toRedisUri().getSentinels()) {
                String at = uri.getHost() + ":" + uri.getPort();
                uri.setTimeout(timeout);
                try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(uri)) {
                    SocketAddress master = connection.sync().getMasterAddrByName(endpoint.master());
                    if (master != null) {
                        return null;
                    }
                    for (Map<String, String> known : connection.sync().masters()) {
                        String name = known.get("name");
                        if (name != null && !monitored.contains(name)) {
                            monitored.add(name);
                        }
                    }
                } catch (RuntimeException e) {
                    unreachable.add(at + " (" + Causes.rootMessage(e) + ")");
                }
            }
        } finally {
            LettuceShutdown.quietly(client, resources, "Sentinel check");
        }
        if (unreachable.size() == endpoint.sentinels().size()) {
            return "reaches no sentinel: " + String.join(", ", unreachable)
                    + "; the console does not fall back to a plain Redis";
        }
        return "names master '" + endpoint.master() + "', which the sentinels do not monitor (they monitor: "
                + (monitored.isEmpty() ? "none" : String.join(", ", monitored)) + ")"
                + (unreachable.isEmpty() ? "" : "; unreachable: " + String.join(", ", unreachable));
    }

}
