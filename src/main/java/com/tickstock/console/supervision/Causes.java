package com.tickstock.console.supervision;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The innermost cause of an error. An operator's message names what went wrong at the bottom (a refused
 * connection, a bad password), not the {@code ExecutionException} or {@code CompletionException} that carried it
 * up. Stateless; any thread.
 */
public final class Causes {

    private Causes() {
    }

    /**
     * The innermost cause of {@code e}, or {@code e} itself when it has none. A chain that loops (a cause set to
     * an error further out) ends at the last error before it would repeat.
     */
    public static Throwable root(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = e;
        seen.add(root);
        while (root.getCause() != null && seen.add(root.getCause())) {
            root = root.getCause();
        }
        return root;
    }

    /** The innermost cause's message, or its class's simple name when the message is missing or blank. */
    public static String rootMessage(Throwable e) {
        Throwable root = root(e);
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
