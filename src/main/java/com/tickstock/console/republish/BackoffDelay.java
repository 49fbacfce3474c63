package com.tickstock.console.republish;

import com.tickstock.console.supervision.Backoff;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lettuce's reconnect delay drawn from a {@link Backoff}, so that Lettuce's reconnects wait like the console's
 * own retries. Lettuce calls {@link #createDelay} on its event-loop threads; the backoff is immutable and the
 * random source thread-local.
 */
final class BackoffDelay extends Delay {

    private final Backoff backoff;

    BackoffDelay(Backoff backoff) {
        this.backoff = backoff;
    }

    @Override
    public Duration createDelay(long attempt) {
        // Lettuce counts attempts from 1; a lower count would only come from a change in Lettuce, so treat it as the first.
        return backoff.delay(Math.max(1, attempt), ThreadLocalRandom.current());
    }
}
