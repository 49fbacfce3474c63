package com.tickstock.console.republish;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The RESP commands the publisher renders itself, byte for byte. */
class PublishFramesTest {

    private static final byte[] CHANNEL = "tickstock:market:ticks".getBytes(StandardCharsets.US_ASCII);

    @Test
    void publishIsAThreeElementArrayOfBulkStrings() {
        PublishCommand.Frames frames = new PublishCommand.Frames(CHANNEL, 0);
        JsonBytes json = new JsonBytes(16);
        json.raw("{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(frames.frame(json), StandardCharsets.US_ASCII))
                .isEqualTo("*3\r\n$7\r\nPUBLISH\r\n$22\r\ntickstock:market:ticks\r\n$7\r\n{\"a\":1}\r\n");
        assertThat(frames.type().name()).isEqualTo("PUBLISH");
    }

    @Test
    void aClustersShardedPublishIsSpublish() {
        PublishCommand.Frames frames = new PublishCommand.Frames(CHANNEL, 0, false, true);
        JsonBytes json = new JsonBytes(16);
        json.raw("{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(frames.frame(json), StandardCharsets.US_ASCII))
                .isEqualTo("*3\r\n$8\r\nSPUBLISH\r\n$22\r\ntickstock:market:ticks\r\n$7\r\n{\"a\":1}\r\n");
        assertThat(frames.type().name()).isEqualTo("SPUBLISH");
    }

    @Test
    void xaddCarriesApproximateMaxlenAndOneDataField() {
        PublishCommand.Frames frames = new PublishCommand.Frames("k".getBytes(StandardCharsets.US_ASCII), 1000);
        JsonBytes json = new JsonBytes(16);
        json.raw("[]".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(frames.frame(json), StandardCharsets.US_ASCII)).isEqualTo(
                "*8\r\n$4\r\nXADD\r\n$1\r\nk\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$4\r\n1000\r\n$1\r\n*\r\n$4\r\ndata\r\n$2\r\n[]\r\n");
        assertThat(frames.type().name()).isEqualTo("XADD");
    }

    @Test
    void framingInPlaceGivesTheSameBytesAsCopying() {
        PublishCommand.Frames frames = new PublishCommand.Frames(CHANNEL, 0);
        byte[] message = "x".repeat(12_345).getBytes(StandardCharsets.US_ASCII);

        JsonBytes copied = new JsonBytes(16);
        copied.raw(message);
        byte[] expected = frames.frame(copied);

        JsonBytes inPlace = new JsonBytes(16);
        inPlace.resetWithHeadroom(frames.headroom());
        inPlace.raw(message);
        int[] span = new int[2];
        byte[] array = frames.frameInPlace(inPlace, span);
        assertThat(Arrays.copyOfRange(array, span[0], span[0] + span[1])).isEqualTo(expected);
        assertThat(inPlace.length()).isZero(); // the buffer moved on to a fresh array
    }
}
