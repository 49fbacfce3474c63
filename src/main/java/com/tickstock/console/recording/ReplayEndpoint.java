package com.tickstock.console.recording;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * The replay server's WebSocket endpoint; Tyrus calls it reflectively (hence the qualified export of this package
 * in {@code module-info}). Threads: Grizzly worker threads; nothing here blocks.
 */
public final class ReplayEndpoint extends Endpoint {

    private static final String SESSION = ReplaySession.class.getName();
    private final ReplayServer server;

    ReplayEndpoint(ReplayServer server) {
        this.server = server;
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        socket.setMaxIdleTimeout(-1);
        ReplaySession session = server.newSession(socket);
        socket.getUserProperties().put(SESSION, session);
        socket.addMessageHandler(String.class, session::onClientText);
    }

    @Override
    public void onClose(Session socket, CloseReason reason) {
        if (socket.getUserProperties().get(SESSION) instanceof ReplaySession session) {
            session.stop();
        }
    }

    @Override
    public void onError(Session socket, Throwable error) {
        System.getLogger(ReplayEndpoint.class.getName()).log(System.Logger.Level.DEBUG,
                "WebSocket error on replay session " + socket.getId(), error);
    }
}
