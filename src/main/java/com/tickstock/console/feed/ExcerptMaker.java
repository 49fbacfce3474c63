package com.tickstock.console.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Cuts short, log-safe excerpts out of frames: bounded length, known secrets masked, control
 * characters blanked (an excerpt ends up in log lines and status bars).
 *
 * <p>Secrets are searched in a window wider than the excerpt by the longest secret, and every
 * occurrence touching the excerpt is masked as a whole, so a secret cut by the excerpt boundary
 * cannot leak its visible part. A frame that itself starts or ends inside a secret (the sender cut
 * it) is masked too when at least {@link #MIN_PARTIAL} characters of the secret are visible.
 */
final class ExcerptMaker {

    static final String MASK = "****";
    static final int MIN_PARTIAL = 4;

    private final String[] secrets;
    private final int longestSecret;

    ExcerptMaker(Collection<String> secrets) {
        List<String> usable = new ArrayList<>();
        int longest = 0;
        if (secrets != null) {
            for (String secret : secrets) {
                // An empty "secret" would match everywhere and mask every excerpt away.
                if (secret != null && !secret.isEmpty()) {
                    usable.add(secret);
                    longest = Math.max(longest, secret.length());
                }
            }
        }
        this.secrets = usable.toArray(new String[0]);
        this.longestSecret = longest;
    }

    /** At most {@code max} characters of {@code text} around {@code fault} (a char offset, clamped). */
    String around(String text, long fault, int max) {
        int length = text.length();
        int faultAt = (int) Math.max(0, Math.min(fault, length));
        // A third before the fault, two thirds after: what follows usually explains more.
        int start = Math.max(0, faultAt - max / 3);
        int end = Math.min(length, start + max);
        start = Math.max(0, end - max);
        if (start > 0 && start < end && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        if (end < length && end > start && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        int windowStart = Math.max(0, start - longestSecret);
        int windowEnd = Math.min(length, end + longestSecret);
        boolean[] masked = secrets.length == 0 ? null : maskSecrets(text, windowStart, windowEnd);

        StringBuilder out = new StringBuilder(Math.min(max, end - start) + MASK.length());
        int i = start;
        while (i < end) {
            if (masked != null && masked[i - windowStart]) {
                out.append(MASK);
                while (i < end && masked[i - windowStart]) {
                    i++;
                }
            } else {
                char c = text.charAt(i++);
                out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        if (out.length() > max) {
            // Masks of short secrets can lengthen the text; the bound is the contract.
            int cut = Character.isHighSurrogate(out.charAt(max - 1)) ? max - 1 : max;
            out.setLength(cut);
        }
        return out.toString();
    }

    /** {@code text} redacted and cut to at most {@code max} characters from its start. */
    String head(String text, int max) {
        return around(text, 0, max);
    }

    private boolean[] maskSecrets(String text, int windowStart, int windowEnd) {
        boolean[] masked = new boolean[windowEnd - windowStart];
        int length = text.length();
        for (String secret : secrets) {
            int secretLength = secret.length();
            for (int i = windowStart; i + secretLength <= windowEnd; i++) {
                if (text.regionMatches(i, secret, 0, secretLength)) {
                    mark(masked, windowStart, i, i + secretLength);
                }
            }
            if (windowEnd == length) {
                int visible = longestPrefixAtEnd(text, secret);
                if (visible >= Math.min(MIN_PARTIAL, secretLength)) {
                    mark(masked, windowStart, Math.max(windowStart, length - visible), length);
                }
            }
            if (windowStart == 0) {
                int visible = longestSuffixAtStart(text, secret);
                if (visible >= Math.min(MIN_PARTIAL, secretLength)) {
                    mark(masked, 0, 0, Math.min(windowEnd, visible));
                }
            }
        }
        return masked;
    }

    /** Length of the longest proper prefix of {@code secret} that {@code text} ends with. */
    private static int longestPrefixAtEnd(String text, String secret) {
        for (int k = Math.min(secret.length() - 1, text.length()); k > 0; k--) {
            if (text.regionMatches(text.length() - k, secret, 0, k)) {
                return k;
            }
        }
        return 0;
    }

    /** Length of the longest proper suffix of {@code secret} that {@code text} starts with. */
    private static int longestSuffixAtStart(String text, String secret) {
        for (int k = Math.min(secret.length() - 1, text.length()); k > 0; k--) {
            if (text.regionMatches(0, secret, secret.length() - k, k)) {
                return k;
            }
        }
        return 0;
    }

    private static void mark(boolean[] masked, int windowStart, int from, int to) {
        for (int i = from; i < to; i++) {
            masked[i - windowStart] = true;
        }
    }
}
