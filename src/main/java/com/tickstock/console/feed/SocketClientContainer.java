package com.tickstock.console.feed;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.UpgradeRequest;

/**
 * Tyrus' client transport for the feed: one blocking socket per connection, read by a thread of its own
 * ({@code feed-socket(N)}) that hands each read to Tyrus and, through it, decodes and delivers the frame.
 *
 * <p>Why not Tyrus' Grizzly container: it reads with a selector thread that hands every readable socket to a worker
 * thread, which then re-arms the read interest through the selector (a second wake-up of it). A frame cost three
 * wake-ups of two threads before any of our code ran; on a virtual machine each is tens of microseconds, most of
 * the console's CPU at a desk's rate, and a hop on every tick's way to Redis. Tyrus' Grizzly client offers no
 * setting for its I/O strategy. A console holds three connections, so a thread per connection costs nothing and
 * wakes once per read.
 *
 * <p>{@code wss://} uses the JDK's TLS socket with the default trust store and host name verification (no
 * trust-all switch). Writes go through {@link SocketWriter}'s own thread, so no reading or caller thread ever
 * blocks on a peer that stops reading. Tyrus instantiates this class by name; it must stay public with a public
 * constructor.
 */
public final class SocketClientContainer implements ClientContainer {

    private static final int DEFAULT_HANDSHAKE_MILLIS = 30_000;

    /**
     * A client property holding the {@link SSLSocketFactory} for {@code wss://} (an embedding program's own trust
     * store, a test's); without it the JDK's default, which trusts the default trust store.
     */
    static final String TLS_SOCKET_FACTORY = "com.tickstock.console.feed.tlsSocketFactory";

    @Override
    public void openClientSocket(ClientEndpointConfig config, Map<String, Object> properties, ClientEngine engine)
            throws DeploymentException, IOException {
        SocketSession.TimeoutRelay timeout = new SocketSession.TimeoutRelay();
        UpgradeRequest request = engine.createUpgradeRequest(timeout);
        URI uri = request.getRequestURI();
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        int handshakeMillis = handshakeMillis(properties);
        Proxy proxy = proxyFor(secure, uri.getHost(), port);
        Socket plain = new Socket(proxy);
        try {
            plain.setTcpNoDelay(true);
            // Through an HTTP proxy the JDK's socket sends CONNECT itself and needs the name, not an address.
            plain.connect(proxy.type() == Proxy.Type.DIRECT ? new InetSocketAddress(uri.getHost(), port)
                    : InetSocketAddress.createUnresolved(uri.getHost(), port), handshakeMillis);
            // The handshake (TLS and HTTP) must answer within the timeout; once streaming, reads wait for ever and
            // the connection's own stale detection decides when a silent peer is gone.
            plain.setSoTimeout(handshakeMillis);
            Socket socket = secure ? startTls(tlsSockets(properties), plain, uri.getHost(), port) : plain;
            SocketSession session = new SocketSession(plain, socket, engine, request);
            timeout.relayTo(session::abort);
            session.start();
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * The proxy the JVM's proxy settings name for the feed ({@code -Dhttps.proxyHost}/{@code -Dhttp.proxyHost},
     * {@code -DsocksProxyHost}, {@code -Djava.net.useSystemProxies=true}), as Tyrus' Grizzly container honoured
     * them; direct without any. HTTP proxies are asked with CONNECT, so TLS still runs end to end.
     */
    static Proxy proxyFor(boolean secure, String host, int port) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return Proxy.NO_PROXY;
        }
        List<Proxy> proxies = selector.select(URI.create((secure ? "https://" : "http://") + host + ":" + port + "/"));
        return proxies == null || proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
    }

    private static SSLSocketFactory tlsSockets(Map<String, Object> properties) {
        Object factory = properties.get(TLS_SOCKET_FACTORY);
        return factory instanceof SSLSocketFactory ? (SSLSocketFactory) factory
                : (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    private static Socket startTls(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static int handshakeMillis(Map<String, Object> properties) {
        Object value = properties.get(ClientProperties.HANDSHAKE_TIMEOUT);
        return value instanceof Integer && (Integer) value > 0 ? (Integer) value : DEFAULT_HANDSHAKE_MILLIS;
    }
}
