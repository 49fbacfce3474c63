package com.tickstock.console.manager;

import java.util.Objects;

/**
 * The optional HTTP status endpoint (the original {@code /api/admin/websocket-status}).
 *
 * @param enabled     off by default
 * @param port        0 for any free port, else 1..65535; meaningless when disabled
 * @param bindAddress where to listen; loopback by default
 * @param token       bearer token callers must present; required off loopback
 */
public record StatusEndpointSettings(boolean enabled, int port, String bindAddress, Secret token) {

    public StatusEndpointSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(token, "token");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }
}
