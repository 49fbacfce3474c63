package com.tickstock.console.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP over a plain socket, for what a well-behaved client never sends: any {@code Host}, half a
 * request, a huge announced body. Every read is bounded by a socket timeout, so a server that does
 * not answer fails the test instead of hanging it.
 */
final class RawHttp {

    /** A status line and what followed it, up to end of stream. */
    record Answer(int status, String text) {
        String body() {
            int blank = text.indexOf("\r\n\r\n");
            return blank < 0 ? "" : text.substring(blank + 4);
        }
    }

    private RawHttp() {
    }

    static Socket connect(int port, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout((int) readTimeout.toMillis());
        return s;
    }

    /** Sends {@code request} as is and reads the answer to end of stream. */
    static Answer exchange(int port, String request) throws IOException {
        try (Socket s = connect(port, Duration.ofSeconds(10))) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    /** Reads to end of stream (or a reset after some bytes) and parses the status line. */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            if (all.size() == 0) {
                throw e;
            }
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: '" + text + "'");
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }

    static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }
}
