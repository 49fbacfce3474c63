package com.tickstock.console.feed;

/**
 * Receives what {@link FrameDecoder} finds in one frame, in frame order. Called on the thread
 * that calls {@code decode}: implementations must not block.
 */
public interface FrameHandler {

    /** A well-formed event of a known type. */
    void onEvent(FeedEvent event);

    /** An event whose {@code ev} this console does not know; it was skipped. */
    void onUnknownEvent(String ev);

    /** A malformed event or frame; decoding went on with the next event where the JSON allowed it. */
    void onDecodeError(DecodeError error);
}
