package com.tickstock.console.republish;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the republisher's connection tells about the Redis topology behind a Sentinel address: which master it is
 * connected to now, and how often that changed. No topology logic of its own: Lettuce asks the sentinels for the
 * master at every connect and reconnect, and this only watches where Lettuce's data connection ends up. A
 * connection that comes back to a different address than the one it lost is a failover: one line for the event
 * log with the old and the new master and the seconds without one.
 *
 * <p>Lettuce's sentinel look-ups run on the same client and raise connection events too; they are told apart by
 * their address (one of the configured sentinels), since a sentinel and a data node never share an address.
 *
 * <p>Threads: {@link #activated} and {@link #deactivated} run on Lettuce's event thread (one at a time);
 * {@link #healthMap}, {@link #master} and {@link #failovers} are read by any thread (volatile fields).
 */
public final class RedisTopology {

    private static final System.Logger LOG = System.getLogger(RedisTopology.class.getName());

    private final RedisEndpoint endpoint;
    private final List<InetSocketAddress> sentinels;
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** The master the data connection is (or was last) connected to, "host:port"; null before the first. */
    private volatile String master;
    /** Whether the data connection is up now. */
    private volatile boolean connected;
    /** When the data connection to {@link #master} went down; event thread only. */
    private long lostAtNanos;
    private final AtomicLong failovers = new AtomicLong();
    private volatile String lastFailover;

    RedisTopology(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
        List<InetSocketAddress> resolved = new ArrayList<>();
        // A cluster URL's seed nodes are data nodes, not sentinels.
        for (InetSocketAddress s : endpoint.sentinel() ? endpoint.sentinels() : List.<InetSocketAddress>of()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(s.getHostString())) {
                    resolved.add(new InetSocketAddress(a, s.getPort()));
                }
            } catch (UnknownHostException e) {
                resolved.add(s); // compared by name below; Lettuce reports the failure to reach it
            }
        }
        this.sentinels = List.copyOf(resolved);
    }

    /** Receives each failover line (any thread may add; called on Lettuce's event thread). */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Whether {@code address} is one of the configured sentinels rather than a data node. */
    boolean isSentinel(SocketAddress address) {
        if (!(address instanceof InetSocketAddress remote) || sentinels.isEmpty()) {
            return false;
        }
        for (InetSocketAddress s : sentinels) {
            if (s.getPort() != remote.getPort()) {
                continue;
            }
            if (s.isUnresolved() ? s.getHostString().equals(remote.getHostString())
                    : s.getAddress().equals(remote.getAddress())) {
                return true;
            }
        }
        return false;
    }

    /** The data connection became active on {@code address}. Event thread. */
    void activated(SocketAddress address, long nowNanos) {
        if (isSentinel(address)) {
            return;
        }
        String now = text(address);
        String before = master;
        connected = true;
        master = now;
        if (before == null || before.equals(now) || !endpoint.sentinel()) {
            return;
        }
        failovers.incrementAndGet();
        double seconds = lostAtNanos == 0 ? 0 : (nowNanos - lostAtNanos) / 1e9;
        String line = String.format(Locale.ROOT, "Redis failover: master %s is now %s (Sentinel master '%s'),"
                + " %.1f s without a master", before, now, endpoint.master(), seconds);
        lastFailover = line;
        LOG.log(System.Logger.Level.WARNING, line);
        for (Consumer<String> listener : listeners) {
            listener.accept(line);
        }
    }

    /** The data connection on {@code address} went down. Event thread. */
    void deactivated(SocketAddress address, long nowNanos) {
        if (isSentinel(address) || !text(address).equals(master) || !connected) {
            return;
        }
        connected = false;
        lostAtNanos = nowNanos;
    }

    /** "host:port" of the current master, null before the first connection. */
    public String master() {
        return master;
    }

    public long failovers() {
        return failovers.get();
    }

    /** The health JSON's {@code redis.topology}: {@code {"kind":"sentinel","master":"host:port","failovers":N}}. */
    public Map<String, Object> healthMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", endpoint.sentinel() ? "sentinel" : "standalone");
        map.put("master", master);
        if (endpoint.sentinel()) {
            map.put("master_name", endpoint.master());
            map.put("failovers", failovers.get());
            map.put("last_failover", lastFailover);
        }
        return map;
    }

    private static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(address);
    }
}
