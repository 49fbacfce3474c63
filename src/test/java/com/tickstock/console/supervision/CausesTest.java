package com.tickstock.console.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void theRootIsTheInnermostCause() {
        ConnectException refused = new ConnectException("Connection refused");
        Throwable wrapped = new ExecutionException(new CompletionException(new IOException("connect failed", refused)));

        assertSame(refused, Causes.root(wrapped));
        assertEquals("Connection refused", Causes.rootMessage(wrapped));
    }

    @Test
    void anErrorWithoutACauseIsItsOwnRoot() {
        IllegalStateException alone = new IllegalStateException("alone");

        assertSame(alone, Causes.root(alone));
    }

    @Test
    void aMissingOrBlankMessageIsNamedByTheClass() {
        assertEquals("ConnectException", Causes.rootMessage(new IOException("outer", new ConnectException())));
        assertEquals("ConnectException", Causes.rootMessage(new IOException("outer", new ConnectException("  "))));
    }

    @Test
    void aCauseChainThatLoopsEndsBeforeItRepeats() {
        IOException outer = new IOException("outer");
        IllegalStateException inner = new IllegalStateException("inner", outer);
        outer.initCause(inner);

        assertSame(inner, Causes.root(outer));
        assertSame(outer, Causes.root(inner));
    }
}
