package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolAndListCacheTest {

    @Test
    void aTickerSeenBeforeIsReturnedAsTheSameString() {
        SymbolCache cache = new SymbolCache(64);
        char[] chars = "xxAAPLxx".toCharArray();
        String first = cache.get(chars, 2, 4);
        assertThat(first).isEqualTo("AAPL");
        assertThat(cache.get("AAPL".toCharArray(), 0, 4)).isSameAs(first);
    }

    @Test
    void manyMoreTickersThanSlotsAreStillReturnedCorrectly() {
        SymbolCache cache = new SymbolCache(16);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                String ticker = "T" + i;
                assertThat(cache.get(ticker.toCharArray(), 0, ticker.length())).isEqualTo(ticker);
            }
        }
        assertThat(cache.capacity()).isEqualTo(16);
    }

    @Test
    void longStringsAreNotCached() {
        SymbolCache cache = new SymbolCache(16);
        char[] chars = "A_VERY_LONG_NOT_A_TICKER".toCharArray();
        String first = cache.get(chars, 0, chars.length);
        assertThat(cache.get(chars, 0, chars.length)).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void cacheSizesMustBePowersOfTwo() {
        assertThatThrownBy(() -> new SymbolCache(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntListCache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortIntListsAreSharedAndImmutable() {
        IntListCache cache = new IntListCache(16);
        List<Integer> first = cache.get(new int[] {0, 12, 99}, 2);
        assertThat(first).containsExactly(0, 12);
        assertThat(cache.get(new int[] {0, 12}, 2)).isSameAs(first);
        assertThat(cache.get(new int[] {12, 0}, 2)).containsExactly(12, 0);
        assertThat(cache.get(new int[0], 0)).isEmpty();
        assertThatThrownBy(() -> first.add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void longIntListsAreBuiltCorrectlyWithoutCaching() {
        IntListCache cache = new IntListCache(16);
        int[] values = {1, 2, 3, 4, 5, 6};
        List<Integer> first = cache.get(values, 6);
        assertThat(first).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(cache.get(values, 6)).isNotSameAs(first);
    }

    @Test
    void collidingIntListsNeverReturnAWrongList() {
        IntListCache cache = new IntListCache(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(cache.get(new int[] {i, -i}, 2)).containsExactly(i, -i);
        }
    }
}
