package com.tickstock.console.recording;

import com.tickstock.console.simulator.LoopbackServerContainer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a recording as a Massive stocks feed on {@code ws://127.0.0.1:<port>/stocks}: it answers the session's
 * handshake itself (connected, auth, subscription acks) and then sends each client the frames of the recorded
 * connection whose topics best match the client's first subscription, in recorded order, paced by the recorded
 * receive times divided by the speed: market data of the client's topics, and every other status and every frame
 * that is not JSON (malformed frames are part of the recording).
 *
 * <p>Threads: Grizzly worker threads run the endpoint's callbacks, which never block (they queue the answers);
 * each client has one sender thread of its own ({@code tickstock-replay-<n>}) that reads the files, waits out the
 * pacing and writes to the socket. Which lanes are bound is a concurrent map shared by the two.
 */
public final class ReplayServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReplayServer.class.getName());
    public static final String HOST = "127.0.0.1";
    public static final String PATH = "/stocks";
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final ReplayConfig config;
    private final List<RecordedLane> lanes;
    private final LoopbackServerContainer container;
    private final String threadPrefix;
    /** Clients per lane now bound to it: a new client prefers a lane no one replays. */
    private final Map<String, AtomicInteger> boundClients = new ConcurrentHashMap<>();
    private final Set<ReplaySession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private volatile int port;

    private ReplayServer(ReplayConfig config, List<RecordedLane> lanes) {
        this.config = config;
        this.lanes = lanes;
        this.threadPrefix = "tickstock-replay-" + SERVERS.incrementAndGet();
        this.container = new LoopbackServerContainer(HOST, threadPrefix);
    }

    /**
     * Reads the recording's index and starts serving; returns once it accepts connections.
     *
     * @throws IOException when the recording cannot be read (the message names the file) or the port is taken
     */
    public static ReplayServer start(ReplayConfig config) throws IOException {
        List<RecordedLane> lanes = RecordedLane.of(config.recording());
        ReplayServer server = new ReplayServer(config, lanes);
        server.container.serve(ReplayEndpoint.class, new ReplayEndpoint(server), PATH, config.port(),
                "the replay endpoint");
        server.port = server.container.getPort();
        LOG.log(Level.INFO, "replaying " + config.recording() + " (" + lanes.size() + " connection(s): "
                + lanes.stream().map(RecordedLane::connectionId).toList() + ") on " + server.url());
        return server;
    }

    public URI url() {
        return URI.create("ws://" + HOST + ":" + port + PATH);
    }

    public int port() {
        return port;
    }

    public List<String> recordedConnections() {
        return lanes.stream().map(RecordedLane::connectionId).toList();
    }

    ReplayConfig config() {
        return config;
    }

    boolean acceptsKey(String key) {
        return key != null && !key.isBlank() && (config.apiKeys().isEmpty() || config.apiKeys().contains(key));
    }

    ReplaySession newSession(jakarta.websocket.Session socket) {
        ReplaySession session = new ReplaySession(this, socket, threadPrefix + "-client-" + sessionIds.incrementAndGet());
        sessions.add(session);
        session.start();
        return session;
    }

    void ended(ReplaySession session) {
        sessions.remove(session);
        RecordedLane lane = session.lane();
        if (lane != null) {
            boundClients.get(lane.connectionId()).decrementAndGet();
        }
    }

    /** The lane for a client's first subscription: most topics in common, then one no one replays, then in order. */
    RecordedLane bind(Set<String> subscribed) {
        RecordedLane best = lanes.stream().max(Comparator
                .comparingInt((RecordedLane l) -> l.overlap(subscribed))
                .thenComparing(l -> bound(l) == 0)
                .thenComparing(Comparator.comparing(RecordedLane::connectionId).reversed()))
                .orElseThrow();
        boundClients.computeIfAbsent(best.connectionId(), id -> new AtomicInteger()).incrementAndGet();
        return best;
    }

    private int bound(RecordedLane lane) {
        AtomicInteger n = boundClients.get(lane.connectionId());
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        for (ReplaySession session : sessions) {
            session.stop();
        }
        container.stop();
        LOG.log(Level.INFO, "replay server on port " + port + " closed");
    }
}
