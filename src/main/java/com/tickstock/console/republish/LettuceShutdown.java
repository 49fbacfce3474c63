package com.tickstock.console.republish;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Shuts down a part's own Lettuce client and its threads, waiting a few seconds at most: a part that stops leaves no
 * Lettuce thread behind, and a Lettuce that will not stop never holds the caller up for long. Any thread.
 */
public final class LettuceShutdown {

    private LettuceShutdown() {
    }

    /** @param part what the client served, for the debug line when its threads do not stop in time */
    public static void quietly(AbstractRedisClient client, ClientResources resources, String part) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.getLogger(LettuceShutdown.class.getName()).log(System.Logger.Level.DEBUG,
                    "Lettuce threads of the " + part + " did not stop cleanly", e);
        }
    }

    /**
     * Closes a republisher connector: stops listening to Lettuce's events, gives up a connection still being made,
     * closes the open one (Lettuce cancels what is still in flight), then shuts the client and its threads down.
     */
    static void closeConnector(reactor.core.Disposable events, java.util.concurrent.Future<?> pending,
                               io.lettuce.core.api.StatefulConnection<?, ?> connection, AbstractRedisClient client,
                               ClientResources resources) {
        events.dispose();
        try {
            if (pending != null) {
                pending.cancel(true);
            }
            if (connection != null) {
                connection.close();
            }
        } finally {
            quietly(client, resources, "republisher");
        }
    }
}
