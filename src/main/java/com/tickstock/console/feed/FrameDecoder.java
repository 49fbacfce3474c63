package com.tickstock.console.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decodes one text frame of the Massive stocks feed (a JSON array of events, or a single event
 * object) with Jackson's streaming parser and hands the results to a {@link FrameHandler}.
 *
 * <h2>What a frame yields</h2>
 * <ul>
 *   <li>{@code T}, {@code Q}, {@code A}/{@code AM}, {@code status} become {@link Trade},
 *       {@link Quote}, {@link Bar}, {@link StatusMessage}; {@code LULD} and {@code NOI} (ticker in
 *       {@code T}) and {@code FMV} (ticker in {@code sym}) become {@link OtherEvent}.</li>
 *   <li>Required fields: {@code T} needs {@code sym p s t}; {@code Q} needs {@code sym bp ap t};
 *       bars need {@code sym v o c h l s e}; {@code LULD}/{@code NOI} need {@code T}; {@code FMV}
 *       needs {@code sym}. Every other field is optional and takes the default the record
 *       documents (0, {@code ""}, empty list, false). A JSON {@code null} counts as absent.</li>
 *   <li>Numbers are accepted in either JSON form: {@code "p":114} is 114.0 and {@code "s":100.0}
 *       is 100; a fraction in an integral field is truncated toward zero. Trade ids ({@code i})
 *       sent as numbers are taken as their decimal text. Unknown fields are skipped, however
 *       deeply nested; int arrays ({@code c}, {@code i}) may hold at most
 *       {@value EventFields#MAX_ARRAY} elements.</li>
 *   <li>An unknown {@code ev} calls {@link FrameHandler#onUnknownEvent} with the name (cut to
 *       {@value #MAX_UNKNOWN_NAME} characters, secrets masked) and the event is skipped.</li>
 *   <li>A malformed event (no {@code ev}, no ticker, a field of the wrong type or out of range, an
 *       array element that is not an object) calls {@link FrameHandler#onDecodeError} naming the
 *       field and event type, and decoding goes on with the next event.</li>
 *   <li>A malformed frame (invalid or truncated JSON, neither array nor object, nesting deeper
 *       than {@value #MAX_DEPTH}, content after the root value) calls
 *       {@link FrameHandler#onDecodeError} once and nothing else: a frame decodes whole or not at
 *       all, so none of its events, unknown events or event errors are reported. A frame cut
 *       short and sent again in part therefore never delivers an event twice.</li>
 * </ul>
 * To do so, what the frame yields is kept in a list reused across frames and handed to the
 * handler only once the root value and the end of the input have been parsed.
 * Excerpts in {@link DecodeError} hold at most {@link DecodeError#MAX_EXCERPT} characters around
 * the fault, with every secret given to the constructor replaced by {@code ****}.
 *
 * <h2>Exceptions</h2>
 * {@code decode} reports every problem of the input through the handler and throws nothing of its
 * own (a null handler is a programming error and throws {@link NullPointerException}). An exception
 * thrown <em>by the handler</em> propagates unchanged and ends the frame; the decoder stays usable.
 *
 * <h2>Threads</h2>
 * Not thread-safe: it reuses buffers and caches between frames, so use one instance per thread
 * (typically one per connection's reading thread).
 */
public final class FrameDecoder {

    static final int MAX_DEPTH = 64;
    static final int MAX_UNKNOWN_NAME = 32;
    private static final int END_OF_OBJECT = -2;

    /** A pending list grown beyond this by a huge frame is not kept for the next frames. */
    private static final int PENDING_KEPT = 4096;

    /** Frames up to this size are copied into a reused buffer; longer ones are streamed. */
    private static final int BUFFERED_FRAME_LIMIT = 64 * 1024;

    // Thread-safe and expensive to build; its field-name table is shared, so names are interned once.
    private static final JsonFactory JSON = new FrameJsonFactory(new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER));

    private final ExcerptMaker excerpts;
    private final SymbolCache symbols = new SymbolCache(4096);
    private final IntListCache intLists = new IntListCache(256);
    private final EventFields fields = new EventFields();
    private final FieldOrder order = new FieldOrder();
    private char[] input = new char[4096];
    // What the frame in progress yields, in frame order: FeedEvent, DecodeError (of one event) or
    // String (an unknown event's name). Delivered once the whole frame parsed, else dropped.
    private ArrayList<Object> pending = new ArrayList<>();

    // State of the decode call in progress.
    private String frame = "";
    private FrameHandler handler;
    private boolean inHandler;

    /** A decoder that knows no secrets to mask. */
    public FrameDecoder() {
        this(Set.of());
    }

    /**
     * @param secrets strings that must never appear in an excerpt (the API key, typically);
     *                null and empty entries are ignored
     */
    public FrameDecoder(Collection<String> secrets) {
        this.excerpts = new ExcerptMaker(secrets);
    }

    /**
     * Decodes one frame, calling {@code handler} for each event, unknown event and error in frame
     * order, on the calling thread. A null frame is reported as an empty frame.
     */
    public void decode(String frame, FrameHandler handler) {
        Objects.requireNonNull(handler, "handler");
        this.handler = handler;
        this.frame = frame == null ? "" : frame;
        this.inHandler = false;
        JsonParser parser = null;
        try {
            parser = openParser(this.frame);
            decodeFrame(parser);
        } catch (JsonProcessingException e) {
            failFrame(reasonFor(e), faultOffset(e.getLocation(), parser));
        } catch (IOException e) {
            failFrame("invalid JSON", faultOffset(null, parser));
        } catch (RuntimeException e) {
            if (inHandler) {
                throw e;
            }
            // A parser bug must not kill the reading thread; the frame is lost, not the connection.
            failFrame("decoder failure (" + e.getClass().getSimpleName() + ")", faultOffset(null, parser));
        } finally {
            closeQuietly(parser);
            if (pending.size() > PENDING_KEPT) {
                pending = new ArrayList<>();
            } else {
                pending.clear();
            }
            // Do not keep a possibly huge frame alive until the next call.
            this.frame = "";
            this.handler = null;
        }
    }

    private JsonParser openParser(String text) throws IOException {
        int length = text.length();
        if (length > BUFFERED_FRAME_LIMIT) {
            return JSON.createParser(new StringReader(text));
        }
        if (input.length < length) {
            input = new char[Math.min(BUFFERED_FRAME_LIMIT, Math.max(length, input.length * 2))];
        }
        text.getChars(0, length, input, 0);
        return JSON.createParser(input, 0, length);
    }

    private void decodeFrame(JsonParser parser) throws IOException {
        JsonToken root = parser.nextToken();
        if (root == JsonToken.START_ARRAY) {
            // A non-object element is reported only once the next token proves it complete: a
            // string cut by the frame's end is one truncated frame, not also a bad event.
            long notAnObject = -1;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (notAnObject >= 0) {
                    rejectEvent("event is not a JSON object", notAnObject);
                    notAnObject = -1;
                }
                if (token == JsonToken.START_OBJECT) {
                    decodeEvent(parser);
                } else if (token == null) {
                    // Jackson reports an unclosed array itself; this only guards the loop.
                    failFrame("truncated frame", frame.length());
                    return;
                } else {
                    notAnObject = tokenOffset(parser);
                    parser.skipChildren();
                }
            }
            if (notAnObject >= 0) {
                rejectEvent("event is not a JSON object", notAnObject);
            }
        } else if (root == JsonToken.START_OBJECT) {
            decodeEvent(parser);
        } else if (root == null) {
            failFrame("empty frame", 0);
            return;
        } else {
            failFrame("frame is not a JSON array or object", tokenOffset(parser));
            return;
        }
        if (parser.nextToken() != null) {
            failFrame("trailing content after the frame", tokenOffset(parser));
            return;
        }
        deliverPending();
    }

    private void deliverPending() {
        ArrayList<Object> found = pending;
        FrameHandler h = handler;
        inHandler = true;
        for (int i = 0, n = found.size(); i < n; i++) {
            Object item = found.get(i);
            if (item instanceof FeedEvent) {
                h.onEvent((FeedEvent) item);
            } else if (item instanceof DecodeError) {
                h.onDecodeError((DecodeError) item);
            } else {
                h.onUnknownEvent((String) item);
            }
        }
        inHandler = false;
    }

    // ---- one event object: collect its fields, then build the record

    private void decodeEvent(JsonParser parser) throws IOException {
        EventFields f = fields;
        f.reset(tokenOffset(parser));
        int previous = FieldOrder.START;
        int slot;
        while ((slot = nextField(parser, f.type(), previous)) != END_OF_OBJECT) {
            JsonToken value = parser.nextToken();
            if (value == null) {
                throw new JsonEOFException(parser, null, "end of input after a field name");
            }
            if (slot < 0) {
                parser.skipChildren();
                previous = FieldOrder.UNKNOWN_FIELD;
            } else {
                readValue(parser, value, slot);
                previous = slot;
            }
        }
        emit(f);
    }

    /**
     * Advances to the next field name and returns its slot (-1 for a field no event uses), or
     * {@link #END_OF_OBJECT}. Tries the predicted name first: a match skips Jackson's symbol lookup.
     */
    private int nextField(JsonParser parser, EventType type, int previous) throws IOException {
        SerializableString expected = order.expectedName(type, previous);
        String name;
        if (expected == null) {
            name = parser.nextFieldName();
            if (name == null) {
                return END_OF_OBJECT;
            }
        } else if (parser.nextFieldName(expected)) {
            return order.expectedSlot(type, previous);
        } else if (parser.currentToken() == JsonToken.FIELD_NAME) {
            name = parser.currentName();
        } else {
            return END_OF_OBJECT;   // Jackson itself throws on the end of input inside an object
        }
        int slot = EventFields.slotOf(name);
        order.learn(type, previous, name, slot);
        return slot;
    }

    private void readValue(JsonParser parser, JsonToken value, int slot) throws IOException {
        EventFields f = fields;
        long offset = tokenOffset(parser);
        switch (value) {
            case VALUE_NUMBER_INT:
                try {
                    f.putLong(slot, parser.getLongValue(), offset);
                } catch (InputCoercionException beyondLong) {
                    f.putDouble(slot, parser.getDoubleValue(), offset);
                }
                break;
            case VALUE_NUMBER_FLOAT:
                f.putDouble(slot, parser.getDoubleValue(), offset);
                break;
            case VALUE_STRING:
                readString(parser, slot, offset);
                break;
            case START_ARRAY:
                readArray(parser, slot, offset);
                break;
            case VALUE_TRUE:
                f.putBoolean(slot, true, offset);
                break;
            case VALUE_FALSE:
                f.putBoolean(slot, false, offset);
                break;
            case VALUE_NULL:
                f.clear(slot);
                break;
            default:
                parser.skipChildren();
                f.putKind(slot, EventFields.OBJECT, offset);
                break;
        }
    }

    private void readString(JsonParser parser, int slot, long offset) throws IOException {
        EventFields f = fields;
        EventType type = f.type();
        switch (slot) {
            case EventFields.SYM:
            case EventFields.TICKER:
                f.putString(slot, symbols.get(parser.getTextCharacters(), parser.getTextOffset(),
                        parser.getTextLength()), offset);
                break;
            case EventFields.EV:
                readEventType(parser, offset);
                break;
            case EventFields.I:
                // Only a trade's id is a string; skip the copy when the type already says otherwise.
                f.putString(slot, type == null || type == EventType.TRADE ? parser.getText() : null, offset);
                break;
            case EventFields.STATUS:
            case EventFields.MESSAGE:
                f.putString(slot, type == null || type == EventType.STATUS ? parser.getText() : null, offset);
                break;
            default:
                // Strings no record keeps (NOI's auction type, say): only the kind matters.
                f.putString(slot, null, offset);
                break;
        }
    }

    private void readEventType(JsonParser parser, long offset) throws IOException {
        EventFields f = fields;
        if (f.has(EventFields.EV)) {
            // Other fields may already have been read with the first type's meaning.
            f.fail("duplicate field 'ev' in event", offset);
            return;
        }
        EventType type = wireType(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        if (type != null) {
            f.type(type, type.wireName());
            f.putString(EventFields.EV, type.wireName(), offset);
        } else {
            f.putString(EventFields.EV, parser.getText(), offset);
        }
    }

    private void readArray(JsonParser parser, int slot, long offset) throws IOException {
        EventFields f = fields;
        int[] buffer = f.arrayBuffer(slot);
        if (buffer == null) {
            parser.skipChildren();
            f.putKind(slot, EventFields.ARRAY, offset);
            return;
        }
        byte kind = EventFields.INT_ARRAY;
        int size = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            long value;
            if (token == JsonToken.VALUE_NUMBER_INT) {
                try {
                    value = parser.getLongValue();
                } catch (InputCoercionException beyondLong) {
                    value = Long.MIN_VALUE;
                }
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                double d = parser.getDoubleValue();
                value = d == (int) d ? (int) d : Long.MIN_VALUE;
            } else if (token == null) {
                throw new JsonEOFException(parser, null, "end of input in an array");
            } else {
                parser.skipChildren();
                value = Long.MIN_VALUE;
            }
            if (kind != EventFields.INT_ARRAY) {
                continue;
            }
            if (value != (int) value) {
                kind = EventFields.BAD_ARRAY;
            } else if (size == buffer.length) {
                kind = EventFields.LONG_ARRAY;
            } else {
                buffer[size++] = (int) value;
            }
        }
        if (kind == EventFields.INT_ARRAY) {
            f.putIntArray(slot, size, offset);
        } else {
            f.putKind(slot, kind, offset);
        }
    }

    private void emit(EventFields f) {
        if (!f.has(EventFields.EV)) {
            rejectEvent("missing field 'ev' in event", f.eventOffset());
            return;
        }
        if (f.kind(EventFields.EV) != EventFields.STRING) {
            rejectEvent("field 'ev' is not a string", f.eventOffset());
            return;
        }
        if (f.error() != null) {
            rejectEvent(f.error(), f.errorOffset());
            return;
        }
        EventType type = f.type();
        if (type == null) {
            pending.add(excerpts.head(f.optionalText(EventFields.EV), MAX_UNKNOWN_NAME));
            return;
        }
        FeedEvent event = build(type, f);
        if (f.error() != null) {
            rejectEvent(f.error(), f.errorOffset());
            return;
        }
        pending.add(event);
    }

    private FeedEvent build(EventType type, EventFields f) {
        switch (type) {
            case TRADE: return trade(f);
            case QUOTE: return quote(f);
            case SECOND_BAR:
            case MINUTE_BAR: return bar(type, f);
            case STATUS: return new StatusMessage(f.optionalText(EventFields.STATUS), f.optionalText(EventFields.MESSAGE));
            case LULD:
            case IMBALANCE: return other(type, f, EventFields.TICKER);
            case FAIR_MARKET_VALUE: return other(type, f, EventFields.SYM);
            default: throw new IllegalStateException("no decoder for " + type);
        }
    }

    private Trade trade(EventFields f) {
        String symbol = f.requiredText(EventFields.SYM);
        double price = f.requiredDouble(EventFields.P);
        long size = f.requiredLong(EventFields.S);
        long time = f.requiredLong(EventFields.TIME);
        int exchange = f.optionalInt(EventFields.X);
        String tradeId = f.optionalText(EventFields.I);
        int tape = f.optionalInt(EventFields.Z);
        int conditionCount = f.optionalIntArray(EventFields.C);
        long sequence = f.optionalLong(EventFields.Q);
        int trfId = f.optionalInt(EventFields.TRFI);
        long trfTime = f.optionalLong(EventFields.TRFT);
        if (f.error() != null) {
            return null;
        }
        List<Integer> conditions = intLists.get(f.arrayBuffer(EventFields.C), conditionCount);
        return new Trade(symbol, exchange, tradeId, tape, price, size, conditions, time, sequence, trfId, trfTime);
    }

    private Quote quote(EventFields f) {
        String symbol = f.requiredText(EventFields.SYM);
        double bidPrice = f.requiredDouble(EventFields.BP);
        double askPrice = f.requiredDouble(EventFields.AP);
        long time = f.requiredLong(EventFields.TIME);
        int bidExchange = f.optionalInt(EventFields.BX);
        long bidSize = f.optionalLong(EventFields.BS);
        int askExchange = f.optionalInt(EventFields.AX);
        long askSize = f.optionalLong(EventFields.AS);
        int condition = f.optionalInt(EventFields.C);
        int indicatorCount = f.optionalIntArray(EventFields.I);
        long sequence = f.optionalLong(EventFields.Q);
        int tape = f.optionalInt(EventFields.Z);
        if (f.error() != null) {
            return null;
        }
        List<Integer> indicators = intLists.get(f.arrayBuffer(EventFields.I), indicatorCount);
        return new Quote(symbol, bidExchange, bidPrice, bidSize, askExchange, askPrice, askSize,
                condition, indicators, time, sequence, tape);
    }

    private Bar bar(EventType type, EventFields f) {
        String symbol = f.requiredText(EventFields.SYM);
        long volume = f.requiredLong(EventFields.V);
        double open = f.requiredDouble(EventFields.O);
        double close = f.requiredDouble(EventFields.C);
        double high = f.requiredDouble(EventFields.H);
        double low = f.requiredDouble(EventFields.L);
        long start = f.requiredLong(EventFields.S);
        long end = f.requiredLong(EventFields.E);
        long dayVolume = f.optionalLong(EventFields.AV);
        double officialOpen = f.optionalDouble(EventFields.OP);
        double vwap = f.optionalDouble(EventFields.VW);
        double dayVwap = f.optionalDouble(EventFields.A);
        long averageSize = f.optionalLong(EventFields.Z);
        boolean otc = f.optionalBoolean(EventFields.OTC);
        if (f.error() != null) {
            return null;
        }
        return new Bar(type, symbol, volume, dayVolume, officialOpen, vwap, open, close, high, low,
                dayVwap, averageSize, start, end, otc);
    }

    private static OtherEvent other(EventType type, EventFields f, int tickerSlot) {
        String symbol = f.requiredText(tickerSlot);
        long time = f.optionalLong(EventFields.TIME);
        return f.error() != null ? null : new OtherEvent(type, symbol, time);
    }

    /** The known type named by {@code chars[offset, offset + length)}, without building a string. */
    static EventType wireType(char[] chars, int offset, int length) {
        switch (length) {
            case 1:
                switch (chars[offset]) {
                    case 'T': return EventType.TRADE;
                    case 'Q': return EventType.QUOTE;
                    case 'A': return EventType.SECOND_BAR;
                    default: return null;
                }
            case 2:
                return chars[offset] == 'A' && chars[offset + 1] == 'M' ? EventType.MINUTE_BAR : null;
            case 3:
                if (same(chars, offset, "NOI")) {
                    return EventType.IMBALANCE;
                }
                return same(chars, offset, "FMV") ? EventType.FAIR_MARKET_VALUE : null;
            case 4:
                return same(chars, offset, "LULD") ? EventType.LULD : null;
            case 6:
                return same(chars, offset, "status") ? EventType.STATUS : null;
            default:
                return null;
        }
    }

    private static boolean same(char[] chars, int offset, String expected) {
        for (int i = 0; i < expected.length(); i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- errors

    /** One event is bad: it is skipped, and reported with the rest if the frame turns out whole. */
    private void rejectEvent(String reason, long offset) {
        pending.add(error(reason, offset));
    }

    /** The frame is bad: it is reported as one error, and nothing it yielded so far is. */
    private void failFrame(String reason, long offset) {
        pending.clear();
        DecodeError error = error(reason, offset);
        inHandler = true;
        handler.onDecodeError(error);
        inHandler = false;
    }

    private DecodeError error(String reason, long offset) {
        return new DecodeError(reason, excerpts.around(frame, offset, DecodeError.MAX_EXCERPT), frame.length());
    }

    /** Our own words, never the exception's message: that quotes frame content, secrets included. */
    private static String reasonFor(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "truncated frame (unexpected end of input)";
        }
        if (e instanceof StreamConstraintsException) {
            String message = String.valueOf(e.getOriginalMessage());
            return message.contains("nesting depth")
                    ? "frame nested deeper than " + MAX_DEPTH + " levels"
                    : "frame exceeds the parser's size limits";
        }
        return "invalid JSON";
    }

    private long faultOffset(JsonLocation location, JsonParser parser) {
        if (location != null && location.getCharOffset() >= 0) {
            return location.getCharOffset();
        }
        if (parser != null) {
            long offset = parser.currentLocation().getCharOffset();
            if (offset >= 0) {
                return offset;
            }
        }
        return 0;
    }

    private static long tokenOffset(JsonParser parser) {
        // ParserBase exposes the offset without allocating a JsonLocation per field.
        return parser instanceof ParserBase
                ? ((ParserBase) parser).getTokenCharacterOffset()
                : parser.currentTokenLocation().getCharOffset();
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser == null) {
            return;
        }
        try {
            parser.close();
        } catch (IOException | RuntimeException ignored) {
            // Nothing to release but buffers; the frame's outcome is already reported.
        }
    }
}
