package com.tickstock.console.manager;

import static com.tickstock.console.manager.ManagerTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.LogCapture;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A connection that refuses a routing request (it closed meanwhile) leaves a warning, not silence. */
class TickerRouterRefusalIT {

    @Test
    void anUnsubscribeRefusedByAClosedConnectionIsLogged() throws Exception {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().build());
                LogCapture log = new LogCapture()) {
            ConnectionManager manager = new ConnectionManager(
                    List.of(spec(sim, 1, SimulatorConfig.DEV_API_KEY, List.of("AAPL", "MSFT"))), Set.of(EventType.TRADE),
                    100);
            try {
                manager.connection("connection_1").close();

                assertThat(manager.unsubscribe(List.of("AAPL"))).containsEntry("AAPL", "connection_1");

                await().atMost(Duration.ofSeconds(10)).until(() -> !log.linesContaining("unsubscribe [AAPL]").isEmpty());
                assertThat(log.linesContaining("unsubscribe [AAPL]").get(0)).contains("connection_1")
                        .contains("is closed");
            } finally {
                manager.close();
            }
        }
    }
}
