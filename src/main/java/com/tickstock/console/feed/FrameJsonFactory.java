package com.tickstock.console.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.io.ContentReference;

/**
 * A {@link JsonFactory} whose parsers do not reference the frame they read. Jackson would
 * otherwise build a content reference per parser (measurable on one-event frames) and use it to
 * quote frame content in exception messages, which could carry the API key into a log. The
 * decoder reports char offsets itself and never shows Jackson's messages.
 */
final class FrameJsonFactory extends JsonFactory {

    private static final long serialVersionUID = 1L;

    FrameJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    @Override
    protected ContentReference _createContentReference(Object content) {
        return ContentReference.redacted();
    }

    @Override
    protected ContentReference _createContentReference(Object content, int offset, int length) {
        return ContentReference.redacted();
    }
}
