package com.tickstock.console.manager;

import com.tickstock.console.feed.ConnectionListener;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the console window reads and drives, whether the connections are its own ({@link LocalConsoleFeed}, around
 * a {@link ConnectionManager}) or a headless feeder's followed through Redis (the plant's attached feed): one
 * interface, so attaching needs no second window.
 *
 * <p>Threads: the queries may be called from any thread and never wait on a socket or on Redis (they read the
 * newest state kept by the implementation's own threads). The operator commands block until done or refused
 * (a connection taking the command, or a feeder's reply: seconds at worst), so callers run them off the FX thread.
 */
public interface ConsoleFeed {

    /** The newest health snapshot (connections, consumers, sections such as {@code redis}). */
    HealthSnapshot health();

    /** A snapshot as fresh as can be had, for a caller that must see its own last action. */
    HealthSnapshot healthNow();

    /** Which connection carries which ticker now. */
    TickerRouting routing();

    /** The connections, in configuration order, as they are when the window opens. */
    Set<String> connectionIds();

    /** A connection's configured name, or {@code ""} when unknown. */
    String connectionName(String connectionId);

    /** Sequence gaps per symbol seen on a connection; empty where they are not known (an attached console). */
    Map<String, Long> sequenceGapsBySymbol(String connectionId);

    /** Where the data comes from, for the top bar: the feed URL, or which feeder and how old its heartbeat is. */
    String describeSource(long nowMillis);

    /**
     * Why nothing shown can be trusted as live now, e.g. "feeder lost: no heartbeat for 7 s"; {@code ""} while the
     * data is live. A local feed is always live (its connections say themselves how they are).
     */
    String unavailable(long nowMillis);

    /** Why operator commands cannot be sent from here (e.g. a read-only Redis user), or {@code ""} when they can. */
    String commandsRefused();

    /** State changes of every connection, on a thread of the implementation's: return quickly. */
    Registration addStateListener(ConnectionListener listener);

    /**
     * Event-log lines the feed wrote itself: an attached feeder's log, its recent history first and then each new
     * line, on a thread of the implementation's (return quickly). A local feed has none: its window logs what it
     * sees itself.
     */
    Registration addLogListener(java.util.function.Consumer<FeedLogLine> listener);

    /**
     * Market data of every connection. A consumer first gets {@link TickConsumer#onLastValues} with what is known
     * already (an attached console's tables are complete at once), then every tick as it comes.
     */
    Registration addConsumer(String name, TickConsumer consumer, TickConsumer.Delivery delivery);

    // Operator commands: each returns what was done in words, or throws IllegalArgumentException or
    // IllegalStateException saying why it was not done. They block: never call them on the FX thread.

    String connect(String connectionId);

    String disconnect(String connectionId);

    String reconnect(String connectionId);

    String connectAll();

    String disconnectAll();

    String subscribe(List<String> tickers);

    String unsubscribe(String ticker);

    String move(String ticker, String toConnectionId);

    /**
     * Puts the configured universes back: the group's desired assignment (operator changes stored in Redis) is
     * deleted and the leading feeder applies the configuration. Only a feeder group stores a desired assignment.
     */
    default String resetAssignment() {
        throw new IllegalStateException("reset assignment: only a console attached to a feeder group keeps operator"
                + " changes apart from the configuration");
    }
}
