package com.tickstock.console.status;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request line and headers of one HTTP/1.x request, parsed from bytes already read; the body,
 * if any, is never part of it. Immutable once parsed, so it may cross from the I/O thread to a
 * worker.
 *
 * @param method      as sent (methods are case-sensitive)
 * @param path        the target's path, without the query, as sent (no percent-decoding: no route needs it)
 * @param headers     lower-case name to the first value, trimmed
 * @param bodyLength  the size of the body the client announced: 0 for none, the {@code Content-Length},
 *                    or {@link Long#MAX_VALUE} for a chunked (or otherwise unsized) body
 */
record HttpRequestHead(String method, String path, Map<String, String> headers, long bodyLength) {

    /** Thrown for a head that is not HTTP/1.x; the message is safe to send back. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** Index just past the blank line ending the head in {@code buf[0, length)}, or -1 when it has not all arrived. */
    static int headEnd(byte[] buf, int from, int length) {
        for (int i = Math.max(from, 3); i < length; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses {@code buf[0, end)}, which ends with the blank line found by {@link #headEnd}. */
    static HttpRequestHead parse(byte[] buf, int end) throws Malformed {
        // ISO-8859-1 maps every byte to one char, so no input can fail to decode.
        String[] lines = new String(buf, 0, end - 4, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || !requestLine[2].startsWith("HTTP/1.")) {
            throw new Malformed("not an HTTP/1.x request line");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                    || Character.isWhitespace(line.charAt(colon - 1))) {
                throw new Malformed("malformed header line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String earlier = headers.putIfAbsent(name, value);
            if (earlier != null && (name.equals("content-length") || name.equals("host")) && !earlier.equals(value)) {
                throw new Malformed("conflicting " + name + " headers");
            }
        }
        return new HttpRequestHead(requestLine[0], path(requestLine[1]), Map.copyOf(headers), bodyLength(headers));
    }

    private static String path(String target) throws Malformed {
        String t = target;
        if (t.regionMatches(true, 0, "http://", 0, 7) || t.regionMatches(true, 0, "https://", 0, 8)) {
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        if (!t.startsWith("/")) {
            throw new Malformed("the request target must be a path");
        }
        int query = t.indexOf('?');
        return query < 0 ? t : t.substring(0, query);
    }

    /** The value of a header (lower-case name), or null. */
    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    private static long bodyLength(Map<String, String> headers) throws Malformed {
        if (headers.containsKey("transfer-encoding")) {
            return Long.MAX_VALUE;
        }
        String length = headers.get("content-length");
        if (length == null) {
            return 0;
        }
        if (!length.matches("\\d{1,18}")) {
            throw new Malformed("Content-Length is not a number");
        }
        return Long.parseLong(length);
    }
}
