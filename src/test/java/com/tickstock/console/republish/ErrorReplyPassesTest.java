package com.tickstock.console.republish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which error replies keep a tick for another try ("not now") and which drop it ("never"), counted. */
class ErrorReplyPassesTest {

    @ParameterizedTest
    @ValueSource(strings = {"NOREPLICAS Not enough good replicas to write.", "BUSY Redis is busy running a script.",
        "LOADING Redis is loading the dataset in memory", "OOM command not allowed when used memory > 'maxmemory'.",
        "READONLY You can't write against a read only replica.", "MASTERDOWN Link with MASTER is down",
        "TRYAGAIN Multiple keys request during rehashing of slot", "CLUSTERDOWN The cluster is down",
        "MISCONF Redis is configured to save RDB snapshots", "NOAUTH Authentication required."})
    void notNowKeepsTheTick(String error) {
        assertThat(PublisherLoop.passes(error)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"WRONGTYPE Operation against a key holding the wrong kind of value",
        "ERR unknown command 'SPUBLISH'", "NOPERM User pub has no permissions to run the 'xadd' command"})
    void neverDropsItCounted(String error) {
        assertThat(PublisherLoop.passes(error)).isFalse();
    }
}
