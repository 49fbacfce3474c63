package com.tickstock.console.republish;

import com.tickstock.console.republish.RepublisherConfig.Format;
import com.tickstock.console.republish.RepublisherConfig.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepublisherConfigTest {

    @Test
    void defaultsFollowTheSeedContract() {
        RepublisherConfig config = RepublisherConfig.fromUrl("redis://localhost:6379");
        assertThat(config.channel()).isEqualTo("tickstock:market:ticks");
        assertThat(config.enabled()).isTrue();
        assertThat(config.format()).isEqualTo(Format.PER_TICK);
        assertThat(config.mode()).isEqualTo(Mode.PUBSUB);
        assertThat(config.bufferSize()).isEqualTo(1_000_000);
    }

    @Test
    void withersChangeOneSettingAndKeepTheRest() {
        RepublisherConfig config = RepublisherConfig.fromUrl("redis://localhost").withChannel("c")
                .withFormat(Format.BATCH).withMode(Mode.STREAM).withStreamMaxLen(10).withBufferSize(64)
                .withBatchSize(8).withEnabled(false);
        assertThat(config).isEqualTo(new RepublisherConfig(RedisEndpoint.parse("redis://localhost"), "c", false,
                Format.BATCH, Mode.STREAM, 10, 64, 8));
    }

    @ParameterizedTest
    @CsvSource({"per_tick,PER_TICK", "PER-TICK,PER_TICK", " batch ,BATCH", "Batch,BATCH"})
    void formatParsesTheEnvironmentValues(String value, Format expected) {
        assertThat(Format.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"pubsub,PUBSUB", "PUB_SUB,PUBSUB", "stream,STREAM"})
    void modeParsesTheEnvironmentValues(String value, Mode expected) {
        assertThat(Mode.parse(value)).isEqualTo(expected);
    }

    @Test
    void badValuesNameTheSettingAndTheValue() {
        assertThatThrownBy(() -> Format.parse("json")).hasMessage("REDIS_FORMAT must be per_tick or batch, not 'json'");
        assertThatThrownBy(() -> Mode.parse("list")).hasMessage("REDIS_MODE must be pubsub or stream, not 'list'");
        RepublisherConfig config = RepublisherConfig.fromUrl("redis://localhost");
        assertThatThrownBy(() -> config.withBufferSize(0)).hasMessageContaining("REDIS_BUFFER_SIZE")
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> config.withChannel(" ")).hasMessageContaining("REDIS_CHANNEL");
        assertThatThrownBy(() -> config.withBatchSize(0)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> config.withStreamMaxLen(0)).hasMessageContaining("MAXLEN");
    }

    @Test
    void replicaConfirmationIsAcceptedWithAClusterInStreamModeOnly() {
        // Each master's share is confirmed by its own WAIT; whether enough replicas exist is the start check's.
        RepublisherConfig cluster = RepublisherConfig.fromUrl("redis-cluster://h1:7000,h2:7001").withMode(Mode.STREAM)
                .withShards(12).withReplicasAck(1);
        assertThat(cluster.confirmsWithReplicas()).isTrue();
        assertThatThrownBy(() -> RepublisherConfig.fromUrl("redis-cluster://h1:7000").withReplicasAck(1))
                .hasMessageContaining("REDIS_REPLICAS_ACK=1 needs REDIS_MODE=stream");
    }
}
