package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExcerptMakerTest {

    private static final int MAX = DecodeError.MAX_EXCERPT;

    @Test
    void aShortTextIsReturnedWhole() {
        assertThat(new ExcerptMaker(Set.of()).around("[1,2]", 3, MAX)).isEqualTo("[1,2]");
    }

    @Test
    void theExcerptOfALongTextIsBoundedAndContainsTheFault() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append((char) ('a' + i % 26));
        }
        text.setCharAt(500, '#');
        String excerpt = new ExcerptMaker(Set.of()).around(text.toString(), 500, MAX);
        assertThat(excerpt).hasSize(MAX).contains("#");
        assertThat(excerpt.indexOf('#')).isEqualTo(MAX / 3);
    }

    @Test
    void faultsAtOrBeyondTheEndsStillGiveAFullWindow() {
        String text = "0123456789".repeat(50);
        ExcerptMaker maker = new ExcerptMaker(Set.of());
        assertThat(maker.around(text, 0, MAX)).isEqualTo(text.substring(0, MAX));
        assertThat(maker.around(text, text.length(), MAX)).isEqualTo(text.substring(text.length() - MAX));
        assertThat(maker.around(text, Long.MAX_VALUE, MAX)).isEqualTo(text.substring(text.length() - MAX));
        assertThat(maker.around(text, -5, MAX)).isEqualTo(text.substring(0, MAX));
    }

    @Test
    void aSecretCutByEitherWindowEdgeIsMaskedWhole() {
        String secret = "SECRETKEY123";
        ExcerptMaker maker = new ExcerptMaker(Set.of(secret));
        String text = "a".repeat(300) + secret + "b".repeat(300);
        for (int fault = 0; fault <= text.length(); fault++) {
            String excerpt = maker.around(text, fault, MAX);
            assertThat(excerpt).as("fault %d", fault).doesNotContainPattern("[A-Z0-9]").hasSizeLessThanOrEqualTo(MAX);
        }
    }

    @Test
    void textEndingOrStartingInsideASecretMasksTheVisiblePart() {
        ExcerptMaker maker = new ExcerptMaker(Set.of("SECRETKEY123"));
        assertThat(maker.around("xxxx SECRET", 0, MAX)).isEqualTo("xxxx ****");
        assertThat(maker.around("KEY123 xxxx", 0, MAX)).isEqualTo("**** xxxx");
        // too little of it to be a meaningful leak, and too likely to be ordinary text
        assertThat(maker.around("xxxx SEC", 0, MAX)).isEqualTo("xxxx SEC");
    }

    @Test
    void masksOfShortSecretsNeverPushTheExcerptOverItsBound() {
        ExcerptMaker maker = new ExcerptMaker(List.of("x"));
        String excerpt = maker.around("xy".repeat(500), 500, MAX);
        assertThat(excerpt).hasSizeLessThanOrEqualTo(MAX).doesNotContain("x").startsWith("****y****y");
    }

    @Test
    void controlCharactersAreBlankedSoAnExcerptIsOneLogLine() {
        assertThat(new ExcerptMaker(Set.of()).around("[1,\n2\r\t\u0000]", 0, MAX)).isEqualTo("[1, 2   ]");
    }

    @Test
    void surrogatePairsAreNeverSplitAtTheEdges() {
        String text = "😀".repeat(400);
        ExcerptMaker maker = new ExcerptMaker(Set.of());
        for (int fault = 0; fault < text.length(); fault += 7) {
            String excerpt = maker.around(text, fault, MAX);
            assertThat(excerpt.length()).isLessThanOrEqualTo(MAX);
            assertThat(Character.isLowSurrogate(excerpt.charAt(0))).as("fault %d", fault).isFalse();
            assertThat(Character.isHighSurrogate(excerpt.charAt(excerpt.length() - 1))).as("fault %d", fault).isFalse();
        }
    }

    @Test
    void headCutsFromTheStart() {
        assertThat(new ExcerptMaker(Set.of()).head("abcdefghij", 4)).isEqualTo("abcd");
    }
}
