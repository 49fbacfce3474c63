package com.tickstock.console.plant;

import com.tickstock.console.app.ConsoleRuntime;
import com.tickstock.console.config.ConfigLoader;
import com.tickstock.console.config.ConsoleConfig;
import com.tickstock.console.republish.RedisServerProcess;
import com.tickstock.console.republish.SentinelTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A feeder on a Sentinel address (real master, replicas and sentinels): its plant connections (heartbeat, event log)
 * follow the promoted master after the master is SIGKILLed, and the failover line lands in the group's event log.
 */
class FeederSentinelIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final PlantKeys KEYS = new PlantKeys("tickstock:desk:");

    @TempDir
    Path configDir;

    private SentinelTopology topology;
    private ConsoleRuntime runtime;

    @AfterEach
    void tearDown() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void theFeederWritesToThePromotedMasterAndLogsTheFailoverInTheGroupLog() throws Exception {
        topology = SentinelTopology.start();
        ConsoleConfig config = new ConfigLoader(configDir).load(null, Map.of(), Map.of("USE_MULTI_CONNECTION", "true",
                "MASSIVE_EVENT_TYPES", "T,Q", "REDIS_URL", topology.url(), "FEEDER_ID", "feeder-s", "FEEDER_GROUP",
                "desk", "WEBSOCKET_CONNECTION_1_ENABLED", "true", "WEBSOCKET_CONNECTION_1_SYMBOLS", "AAPL,MSFT"));
        runtime = ConsoleRuntime.create(config);
        runtime.startFeeder();
        runtime.manager().connect();
        RedisServerProcess oldMaster = topology.master();
        await().atMost(WAIT).until(() -> oldMaster.command("EXISTS", KEYS.heartbeat()).equals(":1"));

        oldMaster.kill();
        await().atMost(WAIT).until(() -> runtime.republisher().orElseThrow().topology().failovers() == 1);
        RedisServerProcess promoted = topology.currentMaster();
        // The heartbeat may have been replicated before the kill: remove it, and the feeder must write it again.
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            promoted.command("DEL", KEYS.heartbeat());
            return true;
        });
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> promoted.command("EXISTS", KEYS.heartbeat()).equals(":1"));
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> promoted.query("XRANGE", KEYS.log(), "-", "+").contains("Redis failover: master 127.0.0.1:"
                        + oldMaster.port() + " is now 127.0.0.1:" + promoted.port()));
        assertThat(runtime.republisher().orElseThrow().healthMap().get("topology"))
                .asString().contains("kind=sentinel").contains("failovers=1");
    }
}
