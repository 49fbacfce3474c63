package com.tickstock.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSummaryTest {

    @Test
    void withoutARepublisherItSaysOff() {
        assertThat(RedisSummary.describe(null, 0)).isEqualTo("Redis: off");
    }

    @Test
    void aConnectedRepublisherShowsPublishedBufferedAndDropped() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("state", "connected");
        section.put("down_since", null);
        section.put("published", 1234L);
        section.put("buffered", 5L);
        section.put("dropped_total", 0L);
        assertThat(RedisSummary.describe(section, 0))
                .startsWith("Redis: connected · ")
                .contains(" published").contains("5 buffered").contains("0 dropped")
                .doesNotContain(" for ");
    }

    @Test
    void anOutageLeadsWithItsStateAndHowLongItHasLasted() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("state", "reconnecting");
        section.put("down_since", 1.0); // epoch seconds: 1,000 ms
        section.put("published", 10L);
        section.put("buffered", 90_000L);
        section.put("dropped_total", 0L);
        assertThat(RedisSummary.describe(section, 13_000)).startsWith("Redis: reconnecting for 12 s · ");
    }

    @Test
    void aCatchUpShowsItsBacklogAndEtaAndALostSubscriberIsCounted() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("state", "connected");
        section.put("published", 10L);
        section.put("buffered", 120_000L);
        section.put("dropped_total", 0L);
        section.put("catch_up", "catching up: 120,000 buffered, ETA 3 s");
        section.put("subscribers_lost", 1L);
        assertThat(RedisSummary.describe(section, 0))
                .contains(" · catching up: 120,000 buffered, ETA 3 s").contains(" · 1 subscriber(s) lost");
    }

    @Test
    void aFrozenRedisReadsNotAnswering() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("state", "not_answering");
        section.put("down_since", 1.0);
        assertThat(RedisSummary.describe(section, 4_000)).startsWith("Redis: not answering for 3 s · ");
    }

    @Test
    void theTileShowsTheStateAndWhatNeedsAttentionWhileTheCountersGoToTheTooltip() {
        assertThat(RedisSummary.brief("Redis: off")).isEqualTo("off");
        assertThat(RedisSummary.brief("Redis: connected · 1,234 published · 5 buffered · 0 dropped"))
                .isEqualTo("connected");
        assertThat(RedisSummary.brief("Redis: reconnecting for 12 s · 10 published · 90,000 buffered · 0 dropped"))
                .isEqualTo("reconnecting for 12 s");
        assertThat(RedisSummary.brief("Redis: connected · 10 published · 120,000 buffered · 0 dropped"
                + " · catching up: 120,000 buffered, ETA 3 s · 1 subscriber(s) lost"))
                .isEqualTo("connected · catching up · 1 subscriber(s) lost");
    }
}
