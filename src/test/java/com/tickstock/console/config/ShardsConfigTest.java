package com.tickstock.console.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static com.tickstock.console.config.ConfigFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code REDIS_SHARDS}: 1 by default, 1..1024, and per-tick messages only (a batch mixes every shard's symbols). */
class ShardsConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToOneAndTakesUpTo1024() throws Exception {
        assertThat(ConfigFixture.load(dir, minimal("REDIS_URL", "redis://h")).redis().shards()).isEqualTo(1);
        assertThat(ConfigFixture.load(dir, minimal("REDIS_URL", "redis://h", "REDIS_SHARDS", "1024")).redis().shards())
                .isEqualTo(1024);
    }

    @Test
    void zeroOr1025OrABatchFormatIsAnErrorNamingTheKeyAndValue() throws Exception {
        assertThat(ConfigFixture.failure(dir, minimal("REDIS_URL", "redis://h", "REDIS_SHARDS", "0"))
                .problems().get(0).message()).startsWith("REDIS_SHARDS='0'").contains("out of range").contains("1..1024");
        assertThat(ConfigFixture.failure(dir, minimal("REDIS_URL", "redis://h", "REDIS_SHARDS", "1025"))
                .problems().get(0).message()).startsWith("REDIS_SHARDS='1025'").contains("out of range");
        assertThat(ConfigFixture.failure(dir, minimal("REDIS_URL", "redis://h", "REDIS_SHARDS", "12",
                "REDIS_FORMAT", "batch")).problems().get(0).message()).startsWith("REDIS_SHARDS='12'")
                .contains("needs REDIS_FORMAT=per_tick");
    }
}
