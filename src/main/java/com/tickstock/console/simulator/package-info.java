/**
 * An in-process Massive stocks WebSocket server for tests and local runs.
 *
 * <p>Entry points: {@link com.tickstock.console.simulator.SimulatorServer#start} with a
 * {@link com.tickstock.console.simulator.SimulatorConfig}, and
 * {@link com.tickstock.console.simulator.SimulatorCli} for a standalone process. Tests reach a
 * server-side connection through {@link com.tickstock.console.simulator.SimConnection} (by accept
 * order, or by waiting for authenticated/subscribed connections) to inject faults and read exact
 * {@link com.tickstock.console.simulator.SentCounters}.
 *
 * <p>Layout: config ({@code SimulatorConfig}, {@code StatusTexts}); server and transport
 * ({@code SimulatorServer}, {@code LoopbackServerContainer}, {@code TransportTap},
 * {@code TransportControl}, {@code SimEndpoint}); session ({@code SessionLoop}, {@code Command},
 * {@code ClientAction}, {@code Subscriptions}, {@code TopicPolicy}, {@code ConnectionRegistry},
 * {@code RateLimiter}); market ({@code SymbolUniverse}, {@code MarketReplica}, {@code SymbolTape},
 * {@code BarWindow}, {@code SequenceBook}, {@code Exchanges}, {@code Prices}); wire
 * ({@code FrameBuilder}); counters ({@code SentCounters}).
 *
 * <p>Threads: Grizzly worker threads only hand client frames and close notices to a connection's
 * inbox; each connection's sender thread owns its session state and market and does all the
 * writing, so faults land between frames. Shared state (registry, counters, sequence marks) is
 * synchronized or atomic, as each class states.
 */
package com.tickstock.console.simulator;
