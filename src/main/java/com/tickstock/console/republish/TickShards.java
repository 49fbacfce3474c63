package com.tickstock.console.republish;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which shard channel or stream a tick goes to ({@code REDIS_SHARDS}): the CRC-32 (IEEE 802.3, the one of zlib,
 * Python's {@code zlib.crc32}, Java's {@link CRC32}, Go's {@code hash/crc32.ChecksumIEEE}) of the symbol's UTF-8
 * bytes, taken as an unsigned 32-bit number, modulo the number of shards. A downstream reader in any language can
 * compute it to read only the shards of the symbols it wants; every tick of one symbol goes to one shard, so one
 * reader sees a symbol's ticks in order. Example: CRC-32("AAPL") = 0xB665575C = 3060094812, so with 12 shards AAPL
 * is on shard 3060094812 mod 12 = 0, {@code tickstock:market:ticks:0}.
 *
 * <p>Stateless; any thread.
 */
public final class TickShards {

    /** Most shards {@code REDIS_SHARDS} may ask for. */
    public static final int MAX_SHARDS = 1024;

    private TickShards() {
    }

    /** The shard of {@code symbol} among {@code shards}: 0 with one shard. */
    public static int shardOf(String symbol, int shards) {
        if (shards == 1) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(symbol.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    /** {@code channel:shard}; with one shard the channel itself, so that the default keeps today's name. */
    public static String name(String channel, int shard, int shards) {
        return shards == 1 ? channel : channel + ":" + shard;
    }
}
