package com.tickstock.console.simulator;

/**
 * What every connection of one server shares: settings, topic policy, universe, sequence marks,
 * totals and the registry.
 *
 * <p>Threads: the fields are immutable or thread-safe; {@code closing} is volatile.
 */
final class ServerContext {

    private final SimulatorConfig config;
    private final TopicPolicy policy;
    private final SymbolUniverse universe;
    private final SequenceBook sequences = new SequenceBook();
    private final SentCounters totals = new SentCounters();
    private final InjectedFaults injectedFaults = new InjectedFaults();
    private final ConnectionRegistry registry;
    private volatile boolean closing;

    ServerContext(SimulatorConfig config, SymbolUniverse universe) {
        this.config = config;
        this.policy = new TopicPolicy(config.notAuthorizedTopics());
        this.universe = universe;
        this.registry = new ConnectionRegistry(config.maxConnections(), config.eviction());
    }

    SimulatorConfig config() {
        return config;
    }

    TopicPolicy policy() {
        return policy;
    }

    SymbolUniverse universe() {
        return universe;
    }

    SequenceBook sequences() {
        return sequences;
    }

    SentCounters totals() {
        return totals;
    }

    InjectedFaults injectedFaults() {
        return injectedFaults;
    }

    ConnectionRegistry registry() {
        return registry;
    }

    boolean closing() {
        return closing;
    }

    void markClosing() {
        closing = true;
    }
}
