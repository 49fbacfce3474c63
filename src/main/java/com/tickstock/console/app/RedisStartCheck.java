package com.tickstock.console.app;

import com.tickstock.console.config.ConfigException;
import com.tickstock.console.config.ConfigKey;
import com.tickstock.console.config.ConfigProblem;
import com.tickstock.console.config.RedisSettings;
import com.tickstock.console.republish.ClusterCheck;
import com.tickstock.console.republish.RedisEndpoint;
import com.tickstock.console.republish.SentinelCheck;

import java.time.Duration;
import java.util.List;

/**
 * What of {@code REDIS_URL} can only be checked over the network, checked once at start with the configuration:
 * a Sentinel address whose sentinels are all unreachable or do not know the master is a configuration error
 * (exit 2), named with the key and the masked URL; so is a Redis Cluster address none of whose seed nodes answers, or
 * one given with {@code REDIS_REPLICAS_ACK} (more than the replicas of its master with fewest). A plain Redis is not checked: it may be down at start, and
 * ticks wait in the buffer until it answers.
 */
final class RedisStartCheck {

    /** Per sentinel: a live one answers in milliseconds; a dead host must not hold the start up for long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private RedisStartCheck() {
    }

    static void check(RedisSettings redis) {
        if (!redis.enabled()) {
            return;
        }
        RedisEndpoint endpoint = RedisEndpoint.parse(redis.url());
        String problem = SentinelCheck.problem(endpoint, TIMEOUT);
        if (problem == null) {
            problem = ClusterCheck.problem(endpoint, redis.replicasAck(), TIMEOUT);
            if (problem != null && problem.startsWith("with " + ConfigKey.REDIS_REPLICAS_ACK.name())) {
                throw new ConfigException(List.of(new ConfigProblem(ConfigKey.REDIS_REPLICAS_ACK.name(),
                        ConfigKey.REDIS_URL.name() + " '" + endpoint.masked() + "' " + problem)), List.of());
            }
        }
        if (problem != null) {
            throw new ConfigException(List.of(new ConfigProblem(ConfigKey.REDIS_URL.name(),
                    ConfigKey.REDIS_URL.name() + " '" + endpoint.masked() + "' " + problem)), List.of());
        }
    }
}
