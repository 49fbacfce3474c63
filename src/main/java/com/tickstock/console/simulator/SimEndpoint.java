package com.tickstock.console.simulator;

import com.tickstock.console.feed.FeedTransport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * The Tyrus endpoint behind {@code /stocks}: one instance for all sessions. It only hands things
 * over: a new session to the server, each client frame and the close to the connection's inbox.
 *
 * <p>Public only because Tyrus calls the lifecycle methods of an endpoint registered by class
 * through reflection (hence also the qualified export of this package to Tyrus in
 * {@code module-info}); nothing outside this package can create one.
 *
 * <p>Threads: Tyrus calls every method on Grizzly worker threads; nothing here blocks.
 */
public final class SimEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(SimEndpoint.class.getName());
    private static final String CONNECTION = SimConnection.class.getName();

    private final SimulatorServer server;

    SimEndpoint(SimulatorServer server) {
        this.server = server;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        TransportControl transport = TransportTap.bindCurrent();
        SimConnection conn = server.accept(session, transport);
        if (conn == null) {
            return;
        }
        // No idle timeout, and no per-frame timer task for one (see FeedTransport.NO_IDLE_TIMEOUT).
        session.setMaxIdleTimeout(FeedTransport.NO_IDLE_TIMEOUT);
        session.getUserProperties().put(CONNECTION, conn);
        session.addMessageHandler(String.class, conn::onClientText);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        Object conn = session.getUserProperties().get(CONNECTION);
        if (conn instanceof SimConnection c) {
            c.onPeerClosed();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, "WebSocket error on session " + session.getId(), error);
    }
}
