package com.tickstock.console.config;

import java.util.Objects;

/**
 * A secret configuration value. {@link #toString()} is masked, so a secret held in a record
 * stays hidden when the record is logged or printed; only {@link #reveal()} gives the value,
 * and its callers are the few places that must send it (the auth frame, the Redis client).
 */
public final class Secret {

    private static final Secret ABSENT = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** A secret for the value; {@code null} or blank means "not set". */
    public static Secret of(String value) {
        return value == null || value.isBlank() ? ABSENT : new Secret(value);
    }

    public static Secret absent() {
        return ABSENT;
    }

    public boolean isPresent() {
        return !value.isEmpty();
    }

    /** The clear value, {@code ""} when absent. Never log or display it. */
    public String reveal() {
        return value;
    }

    /** The masked form, see {@link Secrets#mask(String)}. */
    public String masked() {
        return isPresent() ? Secrets.mask(value) : "(not set)";
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && ((Secret) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
