package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tickstock.console.feed.Cause;
import com.tickstock.console.feed.ConnectionSnapshot;
import com.tickstock.console.feed.ConnectionState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadgeTest {

    static ConnectionSnapshot feed(ConnectionState state, Cause cause, int attempt, Instant nextRetry, long lastMessage) {
        return new ConnectionSnapshot("connection_1", "primary", "ws://x/stocks", state, cause, "", attempt, nextRetry, null,
                lastMessage, 0, 0, Map.of(), 0, 0, "", 0, "", 0, 0, 0, -1, -1, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0,
                Instant.EPOCH);
    }

    @Test
    void streamingIsGreen() {
        Badge b = Badge.of(feed(ConnectionState.STREAMING, Cause.SUBSCRIBED, 0, null, 1), 10_000);
        assertThat(b.text()).isEqualTo("streaming");
        assertThat(b.severity()).isEqualTo(Badge.Severity.OK);
    }

    @Test
    void reconnectingCountsDownToTheNextTryAndNamesTheCause() {
        Badge b = Badge.of(feed(ConnectionState.RECONNECTING, Cause.CONNECTION_LIMIT, 2, Instant.ofEpochMilli(14_000), 0), 10_100);
        assertThat(b.text()).isEqualTo("reconnecting in 4 s");
        assertThat(b.cause()).isEqualTo("connection limit reached (attempt 2)");
        assertThat(b.severity()).isEqualTo(Badge.Severity.WARN);
    }

    @Test
    void staleSaysHowLongSinceTheLastMessage() {
        Badge b = Badge.of(feed(ConnectionState.STALE, Cause.NO_DATA, 0, null, 1_000), 13_500);
        assertThat(b.text()).isEqualTo("stale 12 s");
    }

    @Test
    void staleSaysWhenItWillReconnectBySelf() {
        ConnectionSnapshot stale = new ConnectionSnapshot("connection_1", "primary", "ws://x/stocks", ConnectionState.STALE,
                Cause.NO_DATA, "", 0, null, null, 1_000, 0, 0, Map.of(), 0, 0, "", 0, "", 0, 0, 0, -1, -1, -1, -1, 0, 0, 0,
                Map.of(), 0, 0, 0, 0, 0, Instant.EPOCH, Map.of(), Instant.ofEpochMilli(91_000));
        Badge b = Badge.of(stale, 43_000);
        assertThat(b.text()).isEqualTo("stale 42 s");
        assertThat(b.cause()).isEqualTo("no data from the feed — reconnecting in 48 s");
        assertThat(b.severity()).isEqualTo(Badge.Severity.WARN);
        // Nothing planned (off, or the market closed): it says no more than it knows.
        assertThat(Badge.of(feed(ConnectionState.STALE, Cause.NO_DATA, 0, null, 1_000), 43_000).cause())
                .isEqualTo("no data from the feed");
    }

    @Test
    void failedShowsTheCauseInWords() {
        Badge b = Badge.of(feed(ConnectionState.FAILED, Cause.AUTH_FAILED, 0, null, 0), 0);
        assertThat(b.text()).isEqualTo("auth failed");
        assertThat(b.severity()).isEqualTo(Badge.Severity.BAD);
        assertThat(b.severity().styleClass()).isEqualTo("badge-bad");
    }
}
