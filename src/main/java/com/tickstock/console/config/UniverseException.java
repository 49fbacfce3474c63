package com.tickstock.console.config;

/** A universe key that does not resolve; the message names the key and the known universes. */
public final class UniverseException extends IllegalArgumentException {

    public UniverseException(String message) {
        super(message);
    }
}
