package com.tickstock.console.app;

import com.tickstock.console.manager.ConnectionManager;
import com.tickstock.console.manager.ConnectionSpecs;
import com.tickstock.console.manager.ConsoleConfig;
import com.tickstock.console.manager.FeedSource;
import com.tickstock.console.simulator.SimulatorConfig;
import com.tickstock.console.simulator.SimulatorServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Optional;

/**
 * The running feed side, shared by every mode (window, headless, self-test): the embedded
 * simulator when no API key is configured, the connection manager, and (when configured) the
 * Redis republisher. Starting it connects every connection; closing it shuts all down in order.
 */
public final class ConsoleRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsoleRuntime.class.getName());

    private final ConsoleConfig config;
    private final SimulatorServer simulator;
    private final ConnectionManager manager;
    private final FeedSource source;

    private ConsoleRuntime(ConsoleConfig config, SimulatorServer simulator, ConnectionManager manager, FeedSource source) {
        this.config = config;
        this.simulator = simulator;
        this.manager = manager;
        this.source = source;
    }

    /** Starts the simulator if needed and the manager; does not connect yet. */
    public static ConsoleRuntime create(ConsoleConfig config) {
        SimulatorServer simulator = null;
        URI url;
        String key;
        FeedSource source;
        if (config.useEmbeddedSimulator()) {
            try {
                simulator = SimulatorServer.start(SimulatorConfig.builder()
                        .apiKeys(SimulatorConfig.DEV_API_KEY)
                        .eventsPerSecond(2_000)
                        .build());
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded simulator could not start: " + e.getMessage(), e);
            }
            url = simulator.url();
            key = SimulatorConfig.DEV_API_KEY;
            source = new FeedSource(true, url.toString(), "(simulator key)");
            LOG.log(Level.INFO, "no MASSIVE_API_KEY configured: running against the embedded simulator at " + url);
        } else {
            url = config.feed().url();
            key = config.massiveApiKey().reveal();
            source = new FeedSource(false, url.toString(), config.massiveApiKey().masked());
        }
        ConnectionManager manager;
        try {
            manager = new ConnectionManager(ConnectionSpecs.from(config, url, key), config.feed().eventTypes(),
                    config.feed().connectionCapacity());
        } catch (RuntimeException e) {
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
        return new ConsoleRuntime(config, simulator, manager, source);
    }

    public ConsoleConfig config() {
        return config;
    }

    public ConnectionManager manager() {
        return manager;
    }

    public FeedSource source() {
        return source;
    }

    public Optional<SimulatorServer> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** Closes the connections first (so nothing new arrives), then the simulator. */
    @Override
    public void close() {
        manager.close();
        if (simulator != null) {
            simulator.close();
        }
    }
}
