package com.tickstock.console.republish;

import com.tickstock.console.feed.DropReason;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable reading of the republisher, for the health snapshot (key {@code redis}), the status endpoint
 * and {@code /metrics}. Built on demand by {@link RedisRepublisher#status()} on the caller's thread.
 *
 * <p>Invariant: {@code received == published + buffered + droppedTotal()}. The counters are read one after
 * another while ticks flow, so under load a reading can be off by the ticks that moved in between; it is
 * exact whenever the feed is quiet (see {@link #isReconciled()}).
 *
 * @param state           connection state, see {@link State}
 * @param downSince       when publishing stopped working; {@code null} while connected or disabled
 * @param target          REDIS_URL with the password masked
 * @param channel         channel or stream key
 * @param received        ticks offered (status and other non-tick events are not ticks, see {@code ignored})
 * @param published       ticks Redis acknowledged
 * @param buffered        ticks waiting in the buffer or sent and not yet acknowledged
 * @param bufferCapacity  the configured buffer size
 * @param dropped         ticks dropped, by reason; every reason present, zero or not
 * @param ignored         events offered that are not ticks (status messages, LULD, NOI, FMV)
 * @param publishRate     ticks acknowledged per second over the last second or so
 * @param p99LatencyMillis 99th percentile of receive-to-acknowledgement time over the same window, 0 when idle
 * @param p999LatencyMillis 99.9th percentile over the same window, 0 when idle
 * @param lastError       the latest problem, secrets masked; {@code null} when there was none
 * @param catchUp         whether a backlog is being sent at the paced drain rate, and how long that will take
 * @param receivers       what PUBLISH's replies said about the subscribers (pub/sub mode only)
 */
public record RepublisherStatus(State state, Instant downSince, String target, String channel,
                                RepublisherConfig.Format format, RepublisherConfig.Mode mode,
                                long received, long published, long buffered, int bufferCapacity,
                                Map<DropReason, Long> dropped, long ignored, double publishRate,
                                double p99LatencyMillis, double p999LatencyMillis, String lastError, CatchUp catchUp,
                                Receivers receivers) {

    /**
     * A backlog left by an outage, sent at {@code drainRate} ticks/s rather than in one burst.
     *
     * @param active     a backlog is being drained now
     * @param backlog    ticks still buffered
     * @param etaSeconds estimated seconds until caught up; -1 when the feed brings ticks as fast as they drain
     * @param drainRate  the configured pace, ticks/s
     */
    public record CatchUp(boolean active, long backlog, long etaSeconds, int drainRate) {

        public static CatchUp idle(int drainRate) {
            return new CatchUp(false, 0, 0, drainRate);
        }

        /** "catching up: 120,000 buffered, ETA 4 s", or {@code null} when not catching up. */
        public String describe() {
            if (!active) {
                return null;
            }
            return String.format(Locale.ROOT, "catching up: %,d buffered, ETA %s", backlog,
                    etaSeconds < 0 ? "unknown (the feed is as fast as the drain rate)" : etaSeconds + " s");
        }
    }

    /**
     * What PUBLISH's replies (the number of subscribers that received the message) said.
     *
     * @param current          receivers of the latest acknowledged PUBLISH; -1 before the first, or in stream mode
     * @param publishedToNone  ticks Redis acknowledged with no subscriber listening: accepted, delivered to nobody
     * @param subscribersLost  how many times the count fell (a subscriber left or was cut by Redis)
     * @param lastLoss         the latest fall in words, {@code null} when none
     */
    public record Receivers(long current, long publishedToNone, long subscribersLost, String lastLoss) {

        public static final Receivers UNKNOWN = new Receivers(-1, 0, 0, null);
    }

    /** Without catch-up and receiver information, for readings that have none (disabled, tests). */
    public RepublisherStatus(State state, Instant downSince, String target, String channel,
                             RepublisherConfig.Format format, RepublisherConfig.Mode mode,
                             long received, long published, long buffered, int bufferCapacity,
                             Map<DropReason, Long> dropped, long ignored, double publishRate,
                             double p99LatencyMillis, double p999LatencyMillis, String lastError) {
        this(state, downSince, target, channel, format, mode, received, published, buffered, bufferCapacity, dropped,
                ignored, publishRate, p99LatencyMillis, p999LatencyMillis, lastError, CatchUp.idle(0), Receivers.UNKNOWN);
    }

    /** Where the republisher stands with Redis. */
    public enum State {
        /** A connection is up and commands are being acknowledged. */
        CONNECTED,
        /**
         * The connection is open but Redis has not answered for longer than the command timeout: frozen, paused,
         * or a half-open TCP connection. Ticks wait in the buffer; the connection is re-made if it persists.
         */
        NOT_ANSWERING,
        /**
         * Connected, but the latest {@code WAIT} reported fewer replicas than {@code REDIS_REPLICAS_ACK}: the batches
         * wait, unconfirmed and buffered, and are not counted as published.
         */
        WAITING_FOR_REPLICAS,
        /** No connection (not yet made, or lost); retrying, and the last failure looks transient. */
        RECONNECTING,
        /**
         * Retrying, but the last failure needs an operator: wrong password, TLS failure, unknown host,
         * or Redis refusing the commands. {@code lastError} says which.
         */
        DOWN,
        /** REDIS_ENABLED=false: nothing is buffered or sent. */
        DISABLED,
        /** {@code close()} was called. */
        CLOSED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RepublisherStatus {
        Objects.requireNonNull(state, "state");
        EnumMap<DropReason, Long> all = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.ofRepublisher()) {
            all.put(reason, 0L);
        }
        if (dropped != null) {
            all.putAll(dropped);
        }
        dropped = Collections.unmodifiableMap(all);
        if (catchUp == null) {
            catchUp = CatchUp.idle(0);
        }
        if (receivers == null) {
            receivers = Receivers.UNKNOWN;
        }
    }

    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    public long droppedTotal() {
        long total = 0;
        for (long n : dropped.values()) {
            total += n;
        }
        return total;
    }

    /** Whether {@code received == published + buffered + droppedTotal()} holds for this reading. */
    public boolean isReconciled() {
        return received == published + buffered + droppedTotal();
    }

    /**
     * The health snapshot's {@code redis} entry: snake_case keys, epoch seconds for times, like the seed's
     * snapshot. Values are String, Number, Boolean, nested Map or null, so any JSON writer can serialise it.
     */
    public Map<String, Object> toHealthMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("state", state.key());
        map.put("down_since", downSince == null ? null : downSince.toEpochMilli() / 1000.0);
        map.put("target", target);
        map.put("channel", channel);
        map.put("format", format == null ? null : format.name().toLowerCase(Locale.ROOT));
        map.put("mode", mode == null ? null : mode.name().toLowerCase(Locale.ROOT));
        map.put("received", received);
        map.put("published", published);
        map.put("buffered", buffered);
        map.put("buffer_capacity", bufferCapacity);
        Map<String, Object> byReason = new LinkedHashMap<>();
        dropped.forEach((reason, n) -> byReason.put(reason.key(), n));
        map.put("dropped", byReason);
        map.put("dropped_total", droppedTotal());
        map.put("ignored", ignored);
        map.put("publish_rate", publishRate);
        map.put("p99_latency_ms", p99LatencyMillis);
        map.put("p999_latency_ms", p999LatencyMillis);
        map.put("last_error", lastError);
        map.put("catching_up", catchUp.active());
        map.put("catch_up", catchUp.describe());
        map.put("catch_up_eta_s", catchUp.active() ? catchUp.etaSeconds() : null);
        map.put("drain_rate", catchUp.drainRate());
        map.put("receivers", receivers.current() < 0 ? null : receivers.current());
        map.put("published_no_receivers", receivers.publishedToNone());
        map.put("subscribers_lost", receivers.subscribersLost());
        map.put("last_subscriber_loss", receivers.lastLoss());
        return map;
    }

    /** Appends this reading in the Prometheus text format, metric names prefixed {@code tickstock_redis_}. */
    public StringBuilder appendMetrics(StringBuilder out) {
        metric(out, "ticks_received_total", "counter", "Ticks offered to the Redis republisher.", received);
        metric(out, "ticks_published_total", "counter", "Ticks acknowledged by Redis.", published);
        metric(out, "ticks_buffered", "gauge", "Ticks buffered or awaiting acknowledgement.", buffered);
        metric(out, "buffer_capacity", "gauge", "Configured buffer size in ticks.", bufferCapacity);
        out.append("# HELP tickstock_redis_ticks_dropped_total Ticks not republished, by reason.\n")
                .append("# TYPE tickstock_redis_ticks_dropped_total counter\n");
        dropped.forEach((reason, n) -> out.append("tickstock_redis_ticks_dropped_total{reason=\"")
                .append(reason.key()).append("\"} ").append(n).append('\n'));
        metric(out, "events_ignored_total", "counter", "Non-tick events offered (status, LULD, NOI, FMV).", ignored);
        metric(out, "ticks_published_per_second", "gauge", "Ticks acknowledged per second over the last second or so.",
                publishRate);
        metric(out, "publish_latency_p99_seconds", "gauge", "p99 time from a tick's receipt to its Redis acknowledgement.",
                p99LatencyMillis / 1000.0);
        metric(out, "publish_latency_p999_seconds", "gauge",
                "p99.9 time from a tick's receipt to its Redis acknowledgement.", p999LatencyMillis / 1000.0);
        metric(out, "catching_up", "gauge", "1 while a backlog is sent at the paced drain rate.",
                catchUp.active() ? 1 : 0);
        metric(out, "catch_up_eta_seconds", "gauge", "Estimated seconds until a backlog is drained (-1 unknown, 0 idle).",
                catchUp.active() ? catchUp.etaSeconds() : 0);
        metric(out, "drain_ticks_per_second", "gauge", "Configured pace of a backlog drain (REDIS_DRAIN_RATE).",
                catchUp.drainRate());
        metric(out, "receivers", "gauge", "Subscribers that received the latest PUBLISH (-1 unknown).",
                receivers.current());
        metric(out, "ticks_published_no_receivers_total", "counter",
                "Ticks acknowledged by PUBLISH with no subscriber to receive them.", receivers.publishedToNone());
        metric(out, "subscribers_lost_total", "counter",
                "Times PUBLISH's receiver count fell: a subscriber left or was cut by Redis.", receivers.subscribersLost());
        out.append("# HELP tickstock_redis_state Connection state (1 for the current one).\n")
                .append("# TYPE tickstock_redis_state gauge\n");
        for (State s : State.values()) {
            out.append("tickstock_redis_state{state=\"").append(s.key()).append("\"} ")
                    .append(s == state ? 1 : 0).append('\n');
        }
        return out;
    }

    private static void metric(StringBuilder out, String name, String type, String help, double value) {
        header(out, name, type, help);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }

    /** Counts stay exact: a long through a double would round above 2^53. */
    private static void metric(StringBuilder out, String name, String type, String help, long value) {
        header(out, name, type, help);
        out.append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP tickstock_redis_").append(name).append(' ').append(help).append('\n')
                .append("# TYPE tickstock_redis_").append(name).append(' ').append(type).append('\n')
                .append("tickstock_redis_").append(name).append(' ');
    }
}
