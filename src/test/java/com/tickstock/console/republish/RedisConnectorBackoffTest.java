package com.tickstock.console.republish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** The republisher's first connection to a Redis that refuses waits by the shared backoff, attempt after attempt. */
class RedisConnectorBackoffTest {

    @Test
    void firstConnectionRetriesWaitWithinTheBackoffsBounds() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there, so every attempt is refused
        }
        Semaphore attemptDone = new Semaphore(0);
        RedisConnector connector = new RedisConnector(RedisEndpoint.parse("redis://127.0.0.1:" + port),
                attemptDone::release);
        try {
            long now = 0; // the connector's clock is whatever poll is given
            for (int attempt = 1; attempt <= 5; attempt++) {
                connector.poll(now);
                await().atMost(Duration.ofSeconds(20)).until(attemptDone::tryAcquire);
                connector.poll(now);
                assertThat(connector.lastError()).contains("connection refused");
                long waitMillis = Duration.ofNanos(connector.nanosToNextAttempt(now)).toMillis();
                long bound = RedisConnector.BACKOFF.bound(attempt).toMillis();
                assertThat(waitMillis).as("wait after failed attempt %d", attempt).isBetween(bound / 2 - 1, bound);
                now += connector.nanosToNextAttempt(now);
            }
        } finally {
            connector.close();
        }
    }
}
