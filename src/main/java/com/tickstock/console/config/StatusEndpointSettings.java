package com.tickstock.console.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The optional HTTP status endpoint (the original {@code /api/admin/websocket-status}).
 *
 * @param enabled     off by default
 * @param port        0 for any free port, else 1..65535; meaningless when disabled
 * @param bindAddress where to listen; loopback by default
 * @param token       bearer token callers must present; required off loopback
 */
public record StatusEndpointSettings(boolean enabled, int port, String bindAddress, Secret token) {

    private static final Pattern IPV4_LITERAL = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public StatusEndpointSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(token, "token");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }

    /** Whether {@link #bindAddress()} is a loopback address by its spelling alone (see {@link #isLoopback}). */
    public boolean loopback() {
        return isLoopback(bindAddress);
    }

    /**
     * Whether a bind address is loopback by its spelling, without asking DNS: an IPv4 literal in
     * 127.0.0.0/8, an IPv6 literal for {@code ::1} (bracketed or not, any spelling), or
     * {@code localhost}. A name that merely starts with {@code 127.} ({@code 127.evil.example}) is
     * a DNS name like any other and may resolve anywhere. {@code localhost} is reserved for loopback
     * (RFC 6761) and is resolved from the hosts file, which only an administrator can change; the
     * status server still checks that it resolved to a loopback address before serving without a token.
     */
    public static boolean isLoopback(String bind) {
        String b = bind.strip();
        if (b.equalsIgnoreCase("localhost")) {
            return true;
        }
        var ipv4 = IPV4_LITERAL.matcher(b);
        if (ipv4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(ipv4.group(i)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(ipv4.group(1)) == 127;
        }
        if (b.startsWith("[") && b.endsWith("]")) {
            b = b.substring(1, b.length() - 1);
        }
        if (!b.contains(":") || !b.toLowerCase(Locale.ROOT).matches("[0-9a-f:.]+")) {
            return false;
        }
        try {
            // A string with a colon is parsed as an IPv6 literal, never looked up.
            return InetAddress.getByName(b).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
