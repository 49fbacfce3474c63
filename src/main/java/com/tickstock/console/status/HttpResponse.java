package com.tickstock.console.status;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete response, sent with {@code Connection: close}: one request per connection keeps the
 * server free of keep-alive state that a client could hold open.
 *
 * @param headers further headers (name to value), e.g. {@code WWW-Authenticate}
 */
@SuppressWarnings("ArrayRecordComponent") // responses are written once, never compared or hashed
record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    HttpResponse {
        headers = Map.copyOf(headers);
    }

    byte[] toBytes() {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\n");
        head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Cache-Control: no-store\r\n");
        head.append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 421 -> "Misdirected Request";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
