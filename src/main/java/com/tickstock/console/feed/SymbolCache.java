package com.tickstock.console.feed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded, direct-mapped cache of ticker strings keyed by their characters, so the decoder hands
 * out one shared {@code String} per ticker instead of allocating one per event. A few thousand
 * tickers trade on a busy day; a collision simply replaces the slot, which keeps memory bounded no
 * matter what the feed sends. Not thread-safe: owned by one {@link FrameDecoder}.
 */
final class SymbolCache {

    /** Longer strings are not tickers worth keeping (and could be huge garbage). */
    static final int MAX_CACHED_LENGTH = 16;

    private final String[] slots;
    // The characters of each cached string, compared with a vectorised Arrays.equals.
    private final char[][] keys;
    private final int mask;

    SymbolCache(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new String[capacity];
        keys = new char[capacity][];
        mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** The string made of {@code chars[offset, offset + length)}, shared when it was seen before. */
    String get(char[] chars, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return new String(chars, offset, length);
        }
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + chars[i];
        }
        int index = (hash ^ (hash >>> 13)) & mask;
        char[] key = keys[index];
        if (key != null && Arrays.equals(key, 0, key.length, chars, offset, offset + length)) {
            return slots[index];
        }
        String created = new String(chars, offset, length);
        slots[index] = created;
        keys[index] = Arrays.copyOfRange(chars, offset, offset + length);
        return created;
    }

    /**
     * The string made of the ASCII bytes {@code bytes[offset, offset + length)}, shared when it was seen before
     * ({@link FrameCounter}'s tickers; one cache holds either char or byte keys, as its owner reads).
     */
    String get(byte[] bytes, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        int index = (hash ^ (hash >>> 13)) & mask;
        char[] key = keys[index];
        if (key != null && sameChars(key, bytes, offset, length)) {
            return slots[index];
        }
        String created = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        slots[index] = created;
        keys[index] = created.toCharArray();
        return created;
    }

    private static boolean sameChars(char[] key, byte[] bytes, int offset, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != bytes[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
