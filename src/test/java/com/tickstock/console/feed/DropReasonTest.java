package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One enum for every drop; each part counts its own reasons under the keys health JSON and metrics always used. */
class DropReasonTest {

    @Test
    void eachPartHasItsOwnReasonsUnderTheirStableKeys() {
        assertThat(DropReason.ofConnections()).extracting(DropReason::key).containsExactly("consumer_behind", "shutdown");
        assertThat(DropReason.ofRepublisher()).extracting(DropReason::key)
                .containsExactly("invalid_tick", "buffer_full", "buffer_full_oldest", "publish_failed", "shutdown");
    }

    @Test
    void everyReasonBelongsToAPartAndKeysAreUnique() {
        for (DropReason reason : DropReason.values()) {
            assertThat(DropReason.ofConnections().contains(reason) || DropReason.ofRepublisher().contains(reason))
                    .as("%s is counted somewhere", reason).isTrue();
        }
        assertThat(Arrays.stream(DropReason.values()).map(DropReason::key)).doesNotHaveDuplicates();
    }
}
