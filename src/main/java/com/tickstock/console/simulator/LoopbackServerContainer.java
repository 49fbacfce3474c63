package com.tickstock.console.simulator;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A Tyrus server container on Grizzly, like Tyrus' own {@code GrizzlyServerContainer} (whose
 * {@link WebSocketAddOn} is public for exactly this use), with three differences the simulator
 * needs: it binds 127.0.0.1 only (Tyrus' binds 0.0.0.0), it accepts port 0, and it puts
 * {@link TransportTap} in the filter chain. Grizzly threads are named after the simulator and are
 * daemons, so a leak check can find them and they never keep a JVM alive; {@link #awaitThreadsGone}
 * makes "closed" mean "no thread left" (Grizzly's shutdown only interrupts them).
 *
 * <p>Threads: start and stop are called by the thread that starts/closes the simulator.
 */
public final class LoopbackServerContainer extends TyrusServerContainer {

    private final String host;
    private final String threadPrefix;
    private final WebSocketEngine engine;
    private String contextPath = "/";
    private HttpServer http;
    private NetworkListener listener;

    /**
     * Public for the replay server ({@code com.tickstock.console.recording}), which serves recorded frames over the same
     * loopback WebSocket container and shares nothing else of the simulator.
     */
    public LoopbackServerContainer(String host, String threadPrefix) {
        super((Set<Class<?>>) null);
        this.host = host;
        this.threadPrefix = threadPrefix;
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    /**
     * Serves one endpoint instance at {@code path} on {@code port} (0: any free port) and returns once it accepts
     * connections; on any failure the container is stopped, so that no Grizzly thread outlives the error.
     *
     * @param what names the endpoint in the error, e.g. "the simulator endpoint"
     * @throws IOException when the port is taken, or the endpoint cannot be deployed (the message says which)
     */
    public <T> void serve(Class<T> endpointClass, T endpoint, String path, int port, String what) throws IOException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpointClass, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <E> E getEndpointInstance(Class<E> requested) {
                        return requested.cast(endpoint);
                    }
                })
                .build();
        try {
            addEndpoint(config);
            start("/", port);
        } catch (DeploymentException e) {
            stop();
            throw new IOException("could not deploy " + what, e);
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, contextPath);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        contextPath = rootPath;
        HttpServer server = new HttpServer();
        NetworkListener l = new NetworkListener("tickstock-simulator", host, port);
        l.setTransport(transport());
        // A market-data socket idles for long stretches (stalls, quiet symbols): never time it out.
        l.getKeepAlive().setIdleTimeoutInSeconds(-1);
        l.registerAddOn(new TransportTap());
        l.registerAddOn(new WebSocketAddOn(this, contextPath));
        server.addListener(l);
        server.start();
        this.http = server;
        this.listener = l;
        super.start(rootPath, l.getPort());
    }

    private TCPNIOTransport transport() {
        ThreadPoolConfig workers = ThreadPoolConfig.defaultConfig().copy()
                .setPoolName(threadPrefix + "-worker")
                .setCorePoolSize(2)
                .setMaxPoolSize(16)
                .setDaemon(true);
        ThreadPoolConfig selectors = ThreadPoolConfig.defaultConfig().copy()
                .setPoolName(threadPrefix + "-selector")
                .setCorePoolSize(1)
                .setMaxPoolSize(1)
                .setDaemon(true);
        // Reads go to worker threads so Tyrus callbacks never run on the selector thread.
        return TCPNIOTransportBuilder.newInstance()
                .setSelectorRunnersCount(1)
                .setSelectorThreadPoolConfig(selectors)
                .setWorkerThreadPoolConfig(workers)
                .setIOStrategy(WorkerThreadIOStrategy.getInstance())
                .build();
    }

    /** After {@link #stop()}: waits until every Grizzly thread ended; false if some outlived the deadline. */
    boolean awaitThreadsGone(long deadlineNanos) throws InterruptedException {
        // Grizzly names pool threads after the pool, so the prefix finds exactly this server's.
        boolean allGone = true;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().startsWith(threadPrefix + "-")) {
                continue;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
            allGone &= !t.isAlive();
        }
        return allGone;
    }

    @Override
    public int getPort() {
        return listener == null ? -1 : listener.getPort();
    }

    @Override
    public void stop() {
        super.stop();
        if (http != null) {
            http.shutdownNow();
        }
    }
}
