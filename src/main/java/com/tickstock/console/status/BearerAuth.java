package com.tickstock.console.status;

import com.tickstock.console.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Checks {@code Authorization: Bearer <token>}. Both sides are hashed before the constant-time
 * comparison, so neither the content nor the length of the token leaks through response timing.
 */
final class BearerAuth {

    private static final String SCHEME = "bearer ";

    /** SHA-256 of the token; {@code null} when no token is configured (every request passes). */
    private final byte[] expectedDigest;

    BearerAuth(Secret token) {
        this.expectedDigest = token.isPresent() ? sha256(token.reveal()) : null;
    }

    boolean required() {
        return expectedDigest != null;
    }

    /** Whether a request with this {@code Authorization} header value (may be null) may pass. */
    boolean permits(String authorizationHeader) {
        if (expectedDigest == null) {
            return true;
        }
        if (authorizationHeader == null || authorizationHeader.length() < SCHEME.length()
                || !authorizationHeader.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        String presented = authorizationHeader.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
