package com.tickstock.console.feed;

import java.util.Arrays;
import java.util.List;

/**
 * Shares immutable {@code List<Integer>} instances for the short int arrays of the feed (trade
 * conditions, quote indicators): a handful of combinations such as {@code [0,12]} or {@code [37]}
 * make up almost all of them, so a small direct-mapped cache avoids a list and boxes per event.
 * The lists are {@code List.of} instances, which the records' {@code List.copyOf} keeps as they are.
 * Bounded and not thread-safe: owned by one {@link FrameDecoder}.
 */
final class IntListCache {

    static final int MAX_CACHED_SIZE = 4;

    private final List<?>[] slots;
    // The values of each cached list, compared without unboxing.
    private final int[][] keys;
    private final int mask;

    IntListCache(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new List<?>[capacity];
        keys = new int[capacity][];
        mask = capacity - 1;
    }

    /** An immutable list of {@code values[0, size)}. */
    List<Integer> get(int[] values, int size) {
        if (size == 0) {
            return List.of();
        }
        if (size > MAX_CACHED_SIZE) {
            return newList(values, size);
        }
        int hash = size;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + values[i];
        }
        int index = (hash ^ (hash >>> 11)) & mask;
        int[] key = keys[index];
        if (key != null && Arrays.equals(key, 0, key.length, values, 0, size)) {
            @SuppressWarnings("unchecked")
            List<Integer> cached = (List<Integer>) slots[index];
            return cached;
        }
        List<Integer> created = newList(values, size);
        slots[index] = created;
        keys[index] = Arrays.copyOf(values, size);
        return created;
    }

    private static List<Integer> newList(int[] values, int size) {
        switch (size) {
            case 1: return List.of(values[0]);
            case 2: return List.of(values[0], values[1]);
            case 3: return List.of(values[0], values[1], values[2]);
            default:
                Integer[] boxed = new Integer[size];
                for (int i = 0; i < size; i++) {
                    boxed[i] = values[i];
                }
                return List.of(boxed);
        }
    }
}
