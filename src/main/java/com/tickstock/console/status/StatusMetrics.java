package com.tickstock.console.status;

import com.sun.management.UnixOperatingSystemMXBean;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import com.tickstock.console.feed.DropReason;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.manager.ConnectionHealth;
import com.tickstock.console.manager.ConsumerStats;
import com.tickstock.console.manager.HealthSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The {@code /metrics} body: per-connection, per-consumer and process figures from one health snapshot. */
final class StatusMetrics {

    private static final String P = "tickstock_";

    private StatusMetrics() {
    }

    static String render(HealthSnapshot health, StatusSource source, NonBlockingHttpServer http) {
        StringBuilder sb = new StringBuilder(8192);
        PrometheusText m = new PrometheusText(sb);
        connections(m, health.connections().values());
        consumers(m, health.consumers());
        m.gauge(P + "unrecoverable_parts", "Parts that stopped and will not recover on their own (a dead thread,"
                + " a connection FAILED for good); liveness fails while this is above 0.")
                .sample(P + "unrecoverable_parts", StatusServer.unrecoverable(health, source).size());
        endpoint(m, http);
        process(m);
        source.appendMetrics(sb);
        return sb.toString();
    }

    private static void connections(PrometheusText m, Collection<ConnectionHealth> all) {
        m.gauge(P + "connection_info", "Configured connection: its name and universe (value always 1).");
        for (ConnectionHealth h : all) {
            m.sample(P + "connection_info", 1, "connection", h.feed().id(), "name", h.feed().name(),
                    "universe_key", h.universeKey());
        }
        m.gauge(P + "connection_state", "1 for the connection's current state, 0 for every other state.");
        for (ConnectionHealth h : all) {
            for (ConnectionState state : ConnectionState.values()) {
                m.sample(P + "connection_state", h.feed().state() == state ? 1 : 0, "connection", h.feed().id(),
                        "state", state.name().toLowerCase(Locale.ROOT));
            }
        }
        perConnection(m, all, "counter", "connection_frames_total", "WebSocket frames received.",
                ConnectionSnapshot::frames);
        perConnection(m, all, "counter", "connection_received_chars_total",
                "Characters received (about bytes: the feed is ASCII JSON).", ConnectionSnapshot::chars);
        m.counter(P + "connection_events_total", "Events received, by event type (status messages included).");
        for (ConnectionHealth h : all) {
            for (EventType type : EventType.values()) {
                m.sample(P + "connection_events_total", h.feed().events(type), "connection", h.feed().id(),
                        "type", type.wireName());
            }
        }
        perConnection(m, all, "counter", "connection_unknown_events_total", "Events of an unknown type, skipped.",
                ConnectionSnapshot::unknownEvents);
        perConnection(m, all, "counter", "connection_decode_errors_total", "Malformed frames or events.",
                ConnectionSnapshot::decodeErrors);
        perConnection(m, all, "counter", "connection_status_errors_total", "Status frames with status error.",
                ConnectionSnapshot::statusErrors);
        m.counter(P + "connection_errors_total", "The connection's error_count by kind: decode, server_error, and"
                + " each kind of lost or refused socket (auth_failed, max_connections, retries_exhausted, ...).");
        for (ConnectionHealth h : all) {
            for (Map.Entry<String, Long> kind : h.errorsByKind().entrySet()) {
                m.sample(P + "connection_errors_total", kind.getValue(), "connection", h.feed().id(),
                        "kind", kind.getKey());
            }
        }
        perConnection(m, all, "gauge", "connection_stale_reconnect_timestamp_seconds", "While STALE: when the"
                + " connection will reconnect by itself, epoch seconds; 0 when none is planned.",
                f -> f.staleReconnectAt() == null ? 0 : f.staleReconnectAt().toEpochMilli() / 1000.0);
        perConnection(m, all, "counter", "connection_reconnects_total", "Reconnect attempts started.",
                ConnectionSnapshot::reconnects);
        m.counter(P + "connection_dropped_events_total", "Events received but never delivered to consumers, by reason.");
        for (ConnectionHealth h : all) {
            for (DropReason reason : DropReason.ofConnections()) {
                m.sample(P + "connection_dropped_events_total", h.feed().dropped().getOrDefault(reason, 0L),
                        "connection", h.feed().id(), "reason", reason.key());
            }
        }
        perConnection(m, all, "counter", "connection_sequence_gaps_total",
                "Per-symbol sequence gaps seen in trades and quotes.", ConnectionSnapshot::sequenceGaps);
        perConnection(m, all, "counter", "connection_sequence_missing_total",
                "Numbered events skipped by sequence gaps.", ConnectionSnapshot::sequenceMissing);
        perConnection(m, all, "counter", "connection_out_of_order_total",
                "Trades and quotes whose sequence was not above the last one.", ConnectionSnapshot::outOfOrder);
        perConnection(m, all, "counter", "connection_consumer_errors_total", "Exceptions thrown by consumers.",
                ConnectionSnapshot::consumerErrors);
        perConnection(m, all, "gauge", "connection_messages_per_second",
                "Market-data events per second over the last seconds.", ConnectionSnapshot::msgsPerSecond);
        feedLag(m, all);
        m.gauge(P + "connection_subscriptions", "Desired topics by subscription status.");
        for (ConnectionHealth h : all) {
            ConnectionSnapshot f = h.feed();
            m.sample(P + "connection_subscriptions", f.subscriptionsPending(), "connection", f.id(), "status", "pending");
            m.sample(P + "connection_subscriptions", f.subscriptionsConfirmed(), "connection", f.id(), "status", "confirmed");
            m.sample(P + "connection_subscriptions", f.subscriptionsRejected(), "connection", f.id(), "status", "rejected");
        }
        m.gauge(P + "connection_assigned_tickers", "Tickers routed to the connection now.");
        for (ConnectionHealth h : all) {
            m.sample(P + "connection_assigned_tickers", h.assignedTickers(), "connection", h.feed().id());
        }
        perConnection(m, all, "gauge", "connection_handoff_depth", "Frames waiting for the consumers now.",
                ConnectionSnapshot::handoffDepth);
        perConnection(m, all, "gauge", "connection_last_message_timestamp_seconds",
                "Wall time of the last frame received, epoch seconds; 0 if none.", f -> f.lastMessageMillis() / 1000.0);
    }

    /**
     * A summary in seconds: quantiles over the last seconds (NaN without data), sum and count since start
     * (NaN when the connection does not measure them).
     */
    private static void feedLag(PrometheusText m, Collection<ConnectionHealth> all) {
        String name = P + "feed_lag_seconds";
        m.summary(name, "Feed lag: receive time minus the event's SIP time. Quantiles over the last seconds,"
                + " sum and count since start.");
        for (ConnectionHealth h : all) {
            ConnectionSnapshot f = h.feed();
            m.sample(name, seconds(f.lagMsP50()), "connection", f.id(), "quantile", "0.5");
            m.sample(name, seconds(f.lagMsP99()), "connection", f.id(), "quantile", "0.99");
            m.sample(name + "_sum", seconds(f.lagSumMillis()), "connection", f.id());
            m.sample(name + "_count", f.lagCount() < 0 ? Double.NaN : f.lagCount(), "connection", f.id());
        }
    }

    /** Milliseconds as seconds; a negative value (no data) as NaN. */
    private static double seconds(long millis) {
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }

    private static void perConnection(PrometheusText m, Collection<ConnectionHealth> all, String type, String name,
                                      String help, ToDoubleFunction<ConnectionSnapshot> value) {
        if (type.equals("counter")) {
            m.counter(P + name, help);
        } else {
            m.gauge(P + name, help);
        }
        for (ConnectionHealth h : all) {
            m.sample(P + name, value.applyAsDouble(h.feed()), "connection", h.feed().id());
        }
    }

    private static void consumers(PrometheusText m, Collection<ConsumerStats> all) {
        m.counter(P + "consumer_delivered_events_total", "Events handed to the consumer.");
        for (ConsumerStats c : all) {
            m.sample(P + "consumer_delivered_events_total", c.deliveredEvents(), "consumer", c.name(),
                    "delivery", c.delivery().name().toLowerCase(Locale.ROOT));
        }
        m.counter(P + "consumer_errors_total", "Consumer calls that threw.");
        for (ConsumerStats c : all) {
            m.sample(P + "consumer_errors_total", c.errors(), "consumer", c.name());
        }
        m.counter(P + "consumer_dropped_events_total", "Events a queued consumer could not take (queue full).");
        for (ConsumerStats c : all) {
            m.sample(P + "consumer_dropped_events_total", c.droppedEvents(), "consumer", c.name());
        }
        m.gauge(P + "consumer_queue_depth", "Frames waiting for a queued consumer now.");
        for (ConsumerStats c : all) {
            m.sample(P + "consumer_queue_depth", c.queueDepth(), "consumer", c.name());
        }
    }

    private static void endpoint(PrometheusText m, NonBlockingHttpServer http) {
        m.counter(P + "status_responses_total", "Status endpoint answers by HTTP status (408, 413, 421, 431: refused"
                + " requests).");
        for (var e : http.responsesByStatus().entrySet()) {
            m.sample(P + "status_responses_total", e.getValue(), "code", Integer.toString(e.getKey()));
        }
        m.counter(P + "status_evicted_connections_total", "Status endpoint connections closed unanswered to make room"
                + " (too many clients sending slowly).").sample(P + "status_evicted_connections_total", http.evicted());
    }

    private static void process(PrometheusText m) {
        Runtime rt = Runtime.getRuntime();
        m.gauge(P + "process_heap_used_bytes", "Java heap in use.")
                .sample(P + "process_heap_used_bytes", rt.totalMemory() - rt.freeMemory());
        m.gauge(P + "process_heap_max_bytes", "Largest Java heap the JVM may use.")
                .sample(P + "process_heap_max_bytes", rt.maxMemory());
        m.gauge(P + "process_threads", "Live Java threads.")
                .sample(P + "process_threads", ManagementFactory.getThreadMXBean().getThreadCount());
        m.gauge(P + "process_uptime_seconds", "Seconds since the JVM started.")
                .sample(P + "process_uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean) {
            UnixOperatingSystemMXBean unix = (UnixOperatingSystemMXBean) os;
            m.gauge(P + "process_open_fds", "Open file descriptors (sockets included).")
                    .sample(P + "process_open_fds", unix.getOpenFileDescriptorCount());
            m.gauge(P + "process_max_fds", "Most file descriptors the process may open.")
                    .sample(P + "process_max_fds", unix.getMaxFileDescriptorCount());
        }
    }
}
