package com.tickstock.console.feed;

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
    private final int mask;

    SymbolCache(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new String[capacity];
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
        // Same function as String.hashCode, so the cached string's memoised hash rejects most misses.
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + chars[i];
        }
        int index = (hash ^ (hash >>> 13)) & mask;
        String cached = slots[index];
        if (cached != null && cached.hashCode() == hash && sameChars(cached, chars, offset, length)) {
            return cached;
        }
        String created = new String(chars, offset, length);
        slots[index] = created;
        return created;
    }

    private static boolean sameChars(String s, char[] chars, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
