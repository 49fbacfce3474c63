package com.tickstock.console.feed;

import java.util.ArrayList;
import java.util.List;

/** Records what a decoder reports, in order, for assertions. */
final class RecordingHandler implements FrameHandler {

    /** Everything in call order: FeedEvent, Unknown or DecodeError. */
    final List<Object> log = new ArrayList<>();
    final List<FeedEvent> events = new ArrayList<>();
    final List<String> unknown = new ArrayList<>();
    final List<DecodeError> errors = new ArrayList<>();

    /** The name passed to onUnknownEvent, wrapped so it is told apart from errors in the log. */
    record Unknown(String ev) {
    }

    @Override
    public void onEvent(FeedEvent event) {
        log.add(event);
        events.add(event);
    }

    @Override
    public void onUnknownEvent(String ev) {
        log.add(new Unknown(ev));
        unknown.add(ev);
    }

    @Override
    public void onDecodeError(DecodeError error) {
        log.add(error);
        errors.add(error);
    }

    static RecordingHandler decode(FrameDecoder decoder, String frame) {
        RecordingHandler handler = new RecordingHandler();
        decoder.decode(frame, handler);
        return handler;
    }

    static RecordingHandler decode(String frame) {
        return decode(new FrameDecoder(), frame);
    }

    /** The single event of a frame that must decode cleanly to exactly one event. */
    static FeedEvent single(String frame) {
        RecordingHandler handler = decode(frame);
        if (!handler.errors.isEmpty() || !handler.unknown.isEmpty() || handler.events.size() != 1) {
            throw new AssertionError("expected exactly one event from " + frame + " but got " + handler.log);
        }
        return handler.events.get(0);
    }

    /** The single error of a frame that must yield exactly one error and nothing else. */
    static DecodeError singleError(String frame) {
        RecordingHandler handler = decode(frame);
        if (handler.errors.size() != 1 || handler.log.size() != 1) {
            throw new AssertionError("expected exactly one error from " + frame + " but got " + handler.log);
        }
        return handler.errors.get(0);
    }
}
