package com.tickstock.console.config;

import java.util.Objects;

/**
 * One configuration problem: the key it concerns ({@code ""} when it concerns a file rather
 * than a key) and a message that already names the key, the (masked) value, where the value
 * came from and what is allowed.
 */
public record ConfigProblem(String key, String message) {

    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        // A URL with a password pasted under any key (a ticker list, REDIS_HOST...) is quoted redacted.
        message = Secrets.redactUrisIn(message);
    }

    @Override
    public String toString() {
        return message;
    }
}
