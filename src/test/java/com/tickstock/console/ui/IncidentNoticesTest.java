package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentNoticesTest {

    private final IncidentNotices incidents = new IncidentNotices();

    @Test
    void aOneSecondDropOfThreeConnectionsIsOneNotice() {
        long t = 1_000_000;
        incidents.trouble("connection_1", "connection_1 (primary)", false, "RECONNECTING: connection dropped", t);
        incidents.trouble("connection_2", "connection_2 (secondary)", false, "RECONNECTING: connection dropped", t + 10);
        incidents.trouble("connection_3", "connection_3 (backup)", false, "RECONNECTING: connection dropped", t + 20);
        assertThat(incidents.due(t + 500)).isEmpty();
        incidents.recovered("connection_1", t + 700);
        incidents.recovered("connection_2", t + 800);
        assertThat(incidents.due(t + 1_000)).as("still within the burst").isEmpty();
        incidents.recovered("connection_3", t + 900);

        assertThat(incidents.due(t + 1_899)).as("not quiet for a second yet").isEmpty();
        Optional<Notice> notice = incidents.due(t + 1_900);
        assertThat(notice).isPresent();
        assertThat(notice.get().problem()).isFalse();
        assertThat(notice.get().title()).isEqualTo("3 connections dropped and recovered in 1 s");
        assertThat(notice.get().text()).isEqualTo("connection_1 (primary), connection_2 (secondary), connection_3 (backup): "
                + "RECONNECTING: connection dropped");
        assertThat(incidents.due(t + 60_000)).as("told once").isEmpty();
        assertThat(incidents.open()).isFalse();
    }

    @Test
    void aLastingOutageIsToldWhenItSettlesAndOnceMoreWhenItEnds() {
        long t = 5_000_000;
        incidents.trouble("connection_2", "connection_2 (secondary)", false, "STALE: no data", t);
        Notice down = incidents.due(t + 1_000).orElseThrow();
        assertThat(down.problem()).isTrue();
        assertThat(down.title()).isEqualTo("connection_2 (secondary) down");
        assertThat(down.text()).isEqualTo("STALE: no data");
        // Retries while still down are the same incident: nothing new to tell.
        incidents.trouble("connection_2", "connection_2 (secondary)", false, "RECONNECTING: attempt 2", t + 5_000);
        assertThat(incidents.due(t + 20_000)).isEmpty();

        incidents.recovered("connection_2", t + 40_000);
        assertThat(incidents.due(t + 40_500)).isEmpty();
        Notice back = incidents.due(t + 41_000).orElseThrow();
        assertThat(back.problem()).isFalse();
        assertThat(back.title()).isEqualTo("connection_2 (secondary) recovered after 40 s");
    }

    @Test
    void aFailureIsNamedAsOneAndAPartialRecoveryIsCounted() {
        long t = 9_000_000;
        incidents.trouble("connection_1", "connection_1 (primary)", false, "RECONNECTING: connection dropped", t);
        incidents.trouble("connection_2", "connection_2 (secondary)", true, "FAILED: auth failed", t + 100);
        incidents.recovered("connection_1", t + 400);
        Notice notice = incidents.due(t + 1_400).orElseThrow();
        assertThat(notice.title()).isEqualTo("connection_2 (secondary) failed, 1 recovered");
        assertThat(notice.problem()).isTrue();
    }

    @Test
    void aBurstThatNeverPausesIsToldAfterFiveSeconds() {
        long t = 2_000_000;
        for (int i = 0; i <= 5_000; i += 500) {
            incidents.trouble("connection_1", "connection_1 (primary)", false, "RECONNECTING: connection dropped", t + i);
            if (i < 5_000) {
                assertThat(incidents.due(t + i)).isEmpty();
            }
        }
        assertThat(incidents.due(t + 5_000)).get().extracting(Notice::title).isEqualTo("connection_1 (primary) down");
    }

    @Test
    void anOperatorDisconnectWithdrawsTheIncident() {
        long t = 3_000_000;
        incidents.trouble("connection_1", "connection_1 (primary)", false, "STALE: no data", t);
        incidents.withdrawn("connection_1");
        assertThat(incidents.open()).isFalse();
        assertThat(incidents.due(t + 10_000)).isEmpty();
    }
}
