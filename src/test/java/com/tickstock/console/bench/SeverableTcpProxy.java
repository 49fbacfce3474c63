package com.tickstock.console.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP relay between one feeder and redis-server whose link can be cut: {@link #sever()} closes every
 * relayed connection and refuses new ones (accepted and closed at once) until {@link #restore()} — the feeder sees
 * Redis as unreachable while everything else still reaches it.
 *
 * <p>Threads: one acceptor thread and two pump threads per relayed connection; {@code severed} and {@code open}
 * are guarded by {@code this}, written by the acceptor and the benchmark's thread.
 */
final class SeverableTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new ArrayList<>();
    private boolean severed;

    SeverableTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** Cuts every relayed connection and refuses new ones until {@link #restore()}. */
    synchronized void sever() {
        severed = true;
        open.forEach(SeverableTcpProxy::closeQuietly);
        open.clear();
    }

    synchronized void restore() {
        severed = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                relay(client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void relay(Socket client) throws IOException {
        synchronized (this) {
            if (severed) {
                closeQuietly(client);
                return;
            }
        }
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        synchronized (this) {
            if (severed) {
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            open.add(client);
            open.add(upstream);
        }
        pump(client, upstream);
        pump(upstream, client);
    }

    /** Copies one direction; when either side ends, both sockets close (so the other pump ends too). */
    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut or ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sever();
    }
}
