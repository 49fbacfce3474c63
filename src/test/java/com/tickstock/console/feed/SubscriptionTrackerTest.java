package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTrackerTest {

    private final SubscriptionTracker tracker = new SubscriptionTracker();
    private final Topic aapl = Topic.parse("T.AAPL");
    private final Topic msft = Topic.parse("T.MSFT");
    private final Topic brk = Topic.parse("T.BRK.A");

    @Test
    void addReturnsOnlyNewTopicsAndTheyStartPending() {
        assertThat(tracker.add(List.of(aapl, msft))).containsExactly(aapl, msft);
        assertThat(tracker.add(List.of(aapl, brk))).containsExactly(brk);
        assertThat(tracker.count(TopicState.PENDING)).isEqualTo(3);
    }

    @Test
    void anAckConfirmsExactlyTheNamedTopic() {
        tracker.add(List.of(aapl, msft));
        assertThat(tracker.applyAck("subscribed to: T.AAPL")).isTrue();
        assertThat(tracker.statuses().get(aapl).state()).isEqualTo(TopicState.CONFIRMED);
        assertThat(tracker.statuses().get(msft).state()).isEqualTo(TopicState.PENDING);
    }

    @Test
    void anAckForATopicNoLongerDesiredIsHarmless() {
        tracker.add(List.of(aapl));
        tracker.remove(List.of(aapl));
        tracker.applyAck("subscribed to: T.AAPL");
        assertThat(tracker.statuses()).isEmpty();
    }

    @Test
    void anErrorNamingATopicRejectsItWithTheServersWords() {
        tracker.add(List.of(aapl, brk, Topic.parse("T.BRK")));
        assertThat(tracker.applyError("not authorized: T.BRK.A")).isEqualTo(1);
        TopicStatus status = tracker.statuses().get(brk);
        assertThat(status.state()).isEqualTo(TopicState.REJECTED);
        assertThat(status.serverMessage()).isEqualTo("not authorized: T.BRK.A");
        assertThat(tracker.statuses().get(Topic.parse("T.BRK")).state()).isEqualTo(TopicState.PENDING);
    }

    @Test
    void aRefusalNamingNoTopicRefusesTheOldestUnansweredOne() {
        tracker.add(List.of(aapl, msft, brk));
        tracker.sent(List.of(aapl, msft, brk));
        tracker.applyAck("subscribed to: T.AAPL");
        assertThat(tracker.applyError("not authorized")).isEqualTo(1);
        assertThat(tracker.statuses().get(msft).state()).isEqualTo(TopicState.REJECTED);
        assertThat(tracker.statuses().get(brk).state()).isEqualTo(TopicState.PENDING);
        tracker.applyAck("subscribed to: T.BRK.A");
        assertThat(tracker.count(TopicState.PENDING)).isZero();
    }

    @Test
    void aRefusalWithNothingUnansweredMarksNothing() {
        tracker.add(List.of(aapl));
        assertThat(tracker.applyError("not authorized")).isZero();
        assertThat(tracker.statuses().get(aapl).state()).isEqualTo(TopicState.PENDING);
    }

    @Test
    void aReconnectMakesEverythingPendingAgain() {
        tracker.add(List.of(aapl, msft));
        tracker.applyAck("subscribed to: T.AAPL");
        tracker.applyError("not authorized: T.MSFT");
        tracker.markAllPending();
        assertThat(tracker.count(TopicState.PENDING)).isEqualTo(2);
    }
}
