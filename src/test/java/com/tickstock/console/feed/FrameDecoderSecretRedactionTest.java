package com.tickstock.console.feed;

import static com.tickstock.console.feed.RecordingHandler.decode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A planted API key must never reach an excerpt, a reason or an unknown-event name, not even in
 * part. The key is made of capitals and digits and the frames around it use neither, so any
 * leaked character of it is visible.
 */
class FrameDecoderSecretRedactionTest {

    private static final String KEY = "SK9ZX7QW3VB8MN2P";
    private static final String KEY_CHARS = "[SK9ZX7QW3VB8MN2P]";

    private final FrameDecoder decoder = new FrameDecoder(Set.of(KEY));

    private static void assertNoKeyCharacters(DecodeError error) {
        assertThat(error.excerpt()).doesNotContainPattern(KEY_CHARS).hasSizeLessThanOrEqualTo(DecodeError.MAX_EXCERPT);
        // Reasons are fixed English text with capitals of their own; no three key characters in a row.
        for (int i = 0; i + 3 <= KEY.length(); i++) {
            assertThat(error.reason()).doesNotContain(KEY.substring(i, i + 3));
        }
    }

    @Test
    void theKeyIsMaskedWhereverTheExcerptWindowCutsIt() {
        List<DecodeError> errors = new ArrayList<>();
        for (int shift = 0; shift < 200; shift++) {
            // the fault ("true", not an object) after the key: the window's start slides over the key
            String before = "[{\"ev\":\"status\",\"message\":\"" + "x".repeat(shift) + KEY + "y".repeat(200 - shift)
                    + "\"},true]";
            // the fault before the key: the window's end slides over it
            String after = "[true,{\"ev\":\"status\",\"message\":\"" + "x".repeat(shift) + KEY + "\"}]";
            errors.addAll(decode(decoder, before).errors);
            errors.addAll(decode(decoder, after).errors);
        }
        assertThat(errors).hasSize(400).allSatisfy(FrameDecoderSecretRedactionTest::assertNoKeyCharacters);
        assertThat(errors).filteredOn(error -> error.excerpt().contains(ExcerptMaker.MASK)).hasSizeGreaterThan(50);
    }

    @Test
    void theKeyAsABareTokenIsNeitherInTheReasonNorInTheExcerpt() {
        RecordingHandler handler = decode(decoder, "[{\"ev\":\"status\"}," + KEY + "]");
        assertThat(handler.errors).singleElement().satisfies(error -> {
            assertNoKeyCharacters(error);
            assertThat(error.excerpt()).contains(ExcerptMaker.MASK);
        });
    }

    @Test
    void aFrameEndingInsideTheKeyDoesNotLeakTheVisiblePart() {
        for (int visible = ExcerptMaker.MIN_PARTIAL; visible < KEY.length(); visible++) {
            String frame = "[{\"ev\":\"status\",\"message\":\"auth with " + KEY.substring(0, visible);
            RecordingHandler handler = decode(decoder, frame);
            assertThat(handler.errors).singleElement().satisfies(FrameDecoderSecretRedactionTest::assertNoKeyCharacters);
        }
    }

    @Test
    void anUnknownEventNamedLikeTheKeyIsMasked() {
        RecordingHandler handler = decode(decoder, "{\"ev\":\"" + KEY + "\"}");
        assertThat(handler.unknown).containsExactly(ExcerptMaker.MASK);
    }

    @Test
    void withoutSecretsNothingIsMasked() {
        RecordingHandler handler = decode(new FrameDecoder(), "[true,{\"ev\":\"status\",\"message\":\"" + KEY + "\"}]");
        assertThat(handler.errors.get(0).excerpt()).contains(KEY);
    }

    @Test
    void everySecretGivenIsMaskedAndEmptyOnesAreIgnored() {
        FrameDecoder several = new FrameDecoder(java.util.Arrays.asList("", null, "abcdef", "ghijkl"));
        RecordingHandler handler = decode(several, "[true,{\"ev\":\"status\",\"message\":\"abcdef ghijkl mnop\"}]");
        String excerpt = handler.errors.get(0).excerpt();
        assertThat(excerpt).doesNotContain("abc").doesNotContain("jkl").contains("**** **** mnop");
    }
}
