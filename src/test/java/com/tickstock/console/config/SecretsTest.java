package com.tickstock.console.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void maskShowsFourCharactersAndLengthOfLongSecrets() {
        assertThat(Secrets.mask("abcd1234efgh5678ijkl9012mnop3456")).isEqualTo("abcd…(32 chars)");
    }

    @Test
    void maskHidesShortSecretsCompletely() {
        assertThat(Secrets.mask("hunter2")).isEqualTo("****");
        assertThat(Secrets.mask("fifteen-chars-x")).isEqualTo("****");
    }

    @Test
    void maskNamesMissingAndEmptyValues() {
        assertThat(Secrets.mask(null)).isEqualTo("(not set)");
        assertThat(Secrets.mask("")).isEqualTo("(empty)");
    }

    @Test
    void redactUriHidesPasswordButKeepsHost() {
        assertThat(Secrets.redactUri("redis://:s3cret@redis.local:6379/0")).isEqualTo("redis://****@redis.local:6379/0");
        assertThat(Secrets.redactUri("rediss://user:pw@host")).isEqualTo("rediss://****@host");
    }

    @Test
    void redactUriLeavesUrisWithoutUserInfoAlone() {
        assertThat(Secrets.redactUri("redis://localhost:6379/0")).isEqualTo("redis://localhost:6379/0");
    }

    @Test
    void redactUriMasksNonUriTextContainingAnAt() {
        assertThat(Secrets.redactUri("pw@host")).isEqualTo("****");
    }

    @Test
    void secretToStringIsMasked() {
        Secret s = Secret.of("abcd1234efgh5678ijkl9012mnop3456");
        assertThat(s.toString()).isEqualTo("abcd…(32 chars)").doesNotContain("5678");
        assertThat(s.reveal()).isEqualTo("abcd1234efgh5678ijkl9012mnop3456");
    }

    @Test
    void blankSecretIsAbsent() {
        assertThat(Secret.of("  ").isPresent()).isFalse();
        assertThat(Secret.of(null)).isEqualTo(Secret.absent());
        assertThat(Secret.absent().toString()).isEqualTo("(not set)");
    }

    @Test
    void recordsHoldingSecretsPrintThemMasked() {
        StatusEndpointSettings status = new StatusEndpointSettings(true, 8080, "0.0.0.0",
                Secret.of("token-token-token-1234"));
        assertThat(status.toString()).doesNotContain("token-token-token-1234").contains("toke…(22 chars)");
    }
}
