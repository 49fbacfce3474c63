package com.tickstock.console.feed;

/**
 * Why a frame or an event in it could not be decoded.
 *
 * @param reason      short human-readable cause, e.g. "missing field 'sym' in T event"
 * @param excerpt     at most {@link #MAX_EXCERPT} characters of the frame around the fault, with
 *                    secrets redacted; never the whole of a long frame
 * @param frameLength length of the whole frame in characters, or -1 for a frame never seen as text (a binary
 *                    frame, a frame over the size limit): its reason then says all there is
 */
public record DecodeError(String reason, String excerpt, int frameLength) {

    public static final int MAX_EXCERPT = 120;

    /** An error about a whole frame that never reached the decoder. */
    static DecodeError wholeFrame(String reason) {
        return new DecodeError(reason, "", -1);
    }

    @Override
    public String toString() {
        if (frameLength < 0) {
            return reason;
        }
        return reason + " (frame of " + frameLength + " chars: " + excerpt + ")";
    }
}
