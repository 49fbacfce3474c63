package com.tickstock.console.feed;

import static com.tickstock.console.feed.FeedTestSupport.WAIT;
import static com.tickstock.console.feed.FeedTestSupport.config;
import static com.tickstock.console.feed.FeedTestSupport.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.simulator.SimConnection;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A frame cut short and sent again in part, over a real socket from the simulator: its events
 * are counted once, and the cut frame is one decode error.
 */
class FrameWholeOverSocketIT {

    private SimulatorServer sim;
    private FeedConnection connection;

    @AfterEach
    void tearDown() {
        FeedTestSupport.closeBoth(connection, sim);
    }

    private static String trade(String symbol, long sequence) {
        return "{\"ev\":\"T\",\"sym\":\"" + symbol + "\",\"x\":4,\"i\":\"" + sequence + "\",\"z\":3,\"p\":114.125,"
                + "\"s\":100,\"t\":1536036818784,\"q\":" + sequence + "}";
    }

    @Test
    void aTruncatedRepeatOfAFrameDeliversNoEventTwice() throws Exception {
        sim = FeedTestSupport.simulator(SimulatorConfig.builder().eventsPerSecond(200).eventsPerFrame(5));
        connection = new FeedConnection(config("connection_1", sim.url(), SimulatorConfig.DEV_API_KEY));
        Map<String, LongAdder> bySymbol = new ConcurrentHashMap<>();
        connection.addListener(new ConnectionListener() {
            @Override
            public void onEvents(EventBatch batch) {
                for (FeedEvent event : batch.events()) {
                    bySymbol.computeIfAbsent(event.symbol(), s -> new LongAdder()).increment();
                }
            }
        });
        connection.subscribe(trades("AAPL"));
        connection.connect();
        SimConnection server = sim.awaitSubscribed(1, WAIT).get(0);
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.STREAMING);

        String whole = "[" + trade("ZZWHOLE", 1) + "," + trade("ZZWHOLE", 2) + "]";
        server.sendRawFrame(whole).get(10, TimeUnit.SECONDS);
        server.sendRawFrame(whole.substring(0, whole.length() - 20)).get(10, TimeUnit.SECONDS);
        // Frames are decoded and dispatched in order: once this one arrived, the two before it were handled.
        server.sendRawFrame("[" + trade("ZZEND", 1) + "]").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bySymbol.containsKey("ZZEND"));

        assertThat(bySymbol.get("ZZWHOLE").sum()).isEqualTo(2);
        // The snapshot is rebuilt a few times a second, not per frame: wait for the one that saw the frames.
        await().atMost(WAIT).until(() -> connection.snapshot().decodeErrors() >= 1);
        assertThat(connection.snapshot().decodeErrors()).isEqualTo(1);
        assertThat(connection.state()).isEqualTo(ConnectionState.STREAMING);
    }
}
