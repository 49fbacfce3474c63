package com.tickstock.console.feed;

import java.util.Arrays;

/**
 * Counts the events of a frame given as its UTF-8 bytes without building them, for {@code --inspect} (an hour of
 * recording is ten million events; decoding each into a record through Jackson was most of its time).
 *
 * <p><b>Sure or nothing.</b> {@link #count} returns true only for a frame it understood byte for byte and that
 * {@link FrameDecoder} would deliver as exactly the events it reports: a JSON array of (or a single) trade, quote or
 * bar objects, every one well-formed. It then tells the sink each event's type and ticker in frame order, as the
 * decoder's {@code onEvent} would, and nothing else happens for that frame (no unknown events, no decode errors).
 * For any other frame it returns false having told the sink nothing, and the caller decodes it with
 * {@link FrameDecoder}: a status, an unknown or another event type, anything malformed, and also anything merely
 * unusual it does not check to the decoder's letter — a string with an escape or a byte outside ASCII, a number
 * with an exponent or too many digits to tell its range without converting it, a value that is an object, an
 * array other than an int array in {@code c}/{@code i}, a duplicate field, empty or huge frames. So every verdict
 * (events, unknown events, decode errors) is the decoder's own; this class only skips its work where the answer is
 * certain.
 *
 * <p>What it checks is what {@link FrameDecoder} and {@link EventFields} check for the three kinds it accepts
 * (required fields present and typed, ints that fit an int, int arrays of at most {@value EventFields#MAX_ARRAY}
 * ints, JSON {@code null} as absent) and what Jackson checks for JSON (strict number syntax, no leading zeros, no
 * control characters in strings, whitespace, nothing after the root value). Numbers are classified by their digit
 * count, never converted: at most 9 integer digits fit an int, at most 18 a long, and a decimal without exponent
 * is finite.
 *
 * <p>Not thread-safe: one instance per thread (it reuses its buffers between frames).
 */
public final class FrameCounter {

    /** What a counted frame held, event by event. */
    @FunctionalInterface
    public interface Sink {
        /** A well-formed event of {@code type} (trade, quote or bar) for {@code symbol}, as the decoder delivers it. */
        void event(EventType type, String symbol);
    }

    /** Frames longer than this go to the decoder: far beyond the feed's frames, and Jackson has limits there. */
    static final int MAX_FRAME = 1 << 20;
    /** Longer numbers go to the decoder: Jackson limits number length, and range is told by digits only. */
    private static final int MAX_NUMBER_CHARS = 40;
    private static final int END = -1;

    // Kinds of a field's value; ABSENT also for JSON null (the decoder clears the field).
    private static final byte ABSENT = 0;
    private static final byte INT = 1;
    private static final byte FLOAT = 2;
    private static final byte STRING = 3;
    private static final byte BOOL = 4;
    private static final byte INT_ARRAY = 5;

    // What a type makes of a field: the EventFields accessor FrameDecoder calls for it.
    private static final byte REQUIRED_TEXT = 1;
    private static final byte OPTIONAL_TEXT = 2;
    private static final byte REQUIRED_DOUBLE = 3;
    private static final byte OPTIONAL_DOUBLE = 4;
    private static final byte REQUIRED_LONG = 5;
    private static final byte OPTIONAL_LONG = 6;
    private static final byte OPTIONAL_INT = 7;
    private static final byte OPTIONAL_INT_ARRAY = 8;
    private static final byte OPTIONAL_BOOLEAN = 9;

    private static final byte[] TRADE_ROLES = roles(new int[][] {
        {EventFields.SYM, REQUIRED_TEXT}, {EventFields.P, REQUIRED_DOUBLE}, {EventFields.S, REQUIRED_LONG},
        {EventFields.TIME, REQUIRED_LONG}, {EventFields.X, OPTIONAL_INT}, {EventFields.I, OPTIONAL_TEXT},
        {EventFields.Z, OPTIONAL_INT}, {EventFields.C, OPTIONAL_INT_ARRAY}, {EventFields.Q, OPTIONAL_LONG},
        {EventFields.TRFI, OPTIONAL_INT}, {EventFields.TRFT, OPTIONAL_LONG}});
    private static final byte[] QUOTE_ROLES = roles(new int[][] {
        {EventFields.SYM, REQUIRED_TEXT}, {EventFields.BP, REQUIRED_DOUBLE}, {EventFields.AP, REQUIRED_DOUBLE},
        {EventFields.TIME, REQUIRED_LONG}, {EventFields.BX, OPTIONAL_INT}, {EventFields.BS, OPTIONAL_LONG},
        {EventFields.AX, OPTIONAL_INT}, {EventFields.AS, OPTIONAL_LONG}, {EventFields.C, OPTIONAL_INT},
        {EventFields.I, OPTIONAL_INT_ARRAY}, {EventFields.Q, OPTIONAL_LONG}, {EventFields.Z, OPTIONAL_INT}});
    private static final byte[] BAR_ROLES = roles(new int[][] {
        {EventFields.SYM, REQUIRED_TEXT}, {EventFields.V, REQUIRED_LONG}, {EventFields.O, REQUIRED_DOUBLE},
        {EventFields.C, REQUIRED_DOUBLE}, {EventFields.H, REQUIRED_DOUBLE}, {EventFields.L, REQUIRED_DOUBLE},
        {EventFields.S, REQUIRED_LONG}, {EventFields.E, REQUIRED_LONG}, {EventFields.AV, OPTIONAL_LONG},
        {EventFields.OP, OPTIONAL_DOUBLE}, {EventFields.VW, OPTIONAL_DOUBLE}, {EventFields.A, OPTIONAL_DOUBLE},
        {EventFields.Z, OPTIONAL_LONG}, {EventFields.OTC, OPTIONAL_BOOLEAN}});

    /** Bytes a string may hold as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    private static final boolean[] DIGIT = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
        for (int c = '0'; c <= '9'; c++) {
            DIGIT[c] = true;
        }
    }

    private final SymbolCache symbols = new SymbolCache(4096);

    // The frame in progress.
    private byte[] buf;
    private int pos;
    private int end;

    // The event in progress: per field slot its kind and, for numbers, the count of integer digits.
    private long seen;
    private final byte[] kinds = new byte[EventFields.SLOTS];
    /** Per slot: a number's count of integer digits, a string's length. */
    private final int[] digits = new int[EventFields.SLOTS];
    private EventType type;
    private int symbolStart;
    private int symbolLength;

    // What the frame yielded so far; handed to the sink only once the whole frame is known good.
    private EventType[] types = new EventType[64];
    private String[] found = new String[64];
    private int events;

    /**
     * Counts the frame in {@code bytes[offset, offset + length)}: true when it was sure, after telling {@code sink}
     * each event; false, having told it nothing, when the frame must be decoded by {@link FrameDecoder}.
     */
    public boolean count(byte[] bytes, int offset, int length, Sink sink) {
        if (length <= 0 || length > MAX_FRAME) {
            return false;
        }
        buf = bytes;
        pos = offset;
        end = offset + length;
        events = 0;
        boolean sure;
        try {
            sure = frame();
        } finally {
            buf = null;
        }
        if (sure) {
            for (int i = 0; i < events; i++) {
                sink.event(types[i], found[i]);
            }
        }
        if (types.length > 4096) {
            types = new EventType[64];
            found = new String[64];
        } else {
            Arrays.fill(found, 0, events, null);
        }
        return sure;
    }

    private boolean frame() {
        int c = skipWhitespace();
        if (c == '[') {
            pos++;
            c = skipWhitespace();
            if (c == ']') {
                pos++;
            } else {
                while (true) {
                    if (c != '{' || !event()) {
                        return false;
                    }
                    c = skipWhitespace();
                    if (c == ']') {
                        pos++;
                        break;
                    }
                    if (c != ',') {
                        return false;
                    }
                    pos++;
                    c = skipWhitespace();
                }
            }
        } else if (c != '{' || !event()) {
            return false;
        }
        return skipWhitespace() == END;
    }

    /** One object from its '{': its fields read and checked as the decoder would; false when not sure. */
    private boolean event() {
        pos++;
        seen = 0L;
        Arrays.fill(kinds, ABSENT);
        type = null;
        int c = skipWhitespace();
        while (true) {
            if (c != '"') {
                return false;   // also the empty object: no 'ev'
            }
            int slot = fieldName();
            if (slot < -1 || skipWhitespace() != ':') {
                return false;
            }
            pos++;
            c = skipWhitespace();
            if (slot >= 0) {
                if ((seen & (1L << slot)) != 0) {
                    return false;   // a duplicate: the decoder keeps the last, or rejects a second 'ev'
                }
                seen |= 1L << slot;
                if (!value(slot, c)) {
                    return false;
                }
            } else if (!skipSimpleValue(c)) {
                return false;
            }
            c = skipWhitespace();
            if (c == '}') {
                pos++;
                break;
            }
            if (c != ',') {
                return false;
            }
            pos++;
            c = skipWhitespace();
        }
        return type != null && checkFields() && add();
    }

    private boolean add() {
        if (events == types.length) {
            types = Arrays.copyOf(types, events * 2);
            found = Arrays.copyOf(found, events * 2);
        }
        types[events] = type;
        found[events] = symbols.get(buf, symbolStart, symbolLength);
        events++;
        return true;
    }

    /** Whether every field the type reads is as its EventFields accessor accepts it. */
    private boolean checkFields() {
        byte[] roles = type == EventType.TRADE ? TRADE_ROLES : type == EventType.QUOTE ? QUOTE_ROLES : BAR_ROLES;
        for (int i = 0; i < roles.length; i += 2) {
            int slot = roles[i];
            if (!accepts(roles[i + 1], kinds[slot], digits[slot])) {
                return false;
            }
        }
        return true;
    }

    private static boolean accepts(byte role, byte kind, int integerDigits) {
        switch (role) {
            case REQUIRED_TEXT:
                return kind == STRING && integerDigits > 0;   // for strings: the length, and empty is an error
            case OPTIONAL_TEXT:
                return kind == ABSENT || kind == STRING || kind == INT;
            case REQUIRED_DOUBLE:
                return kind == INT || kind == FLOAT;
            case OPTIONAL_DOUBLE:
                return kind == ABSENT || kind == INT || kind == FLOAT;
            case REQUIRED_LONG:
                return (kind == INT || kind == FLOAT) && integerDigits <= 18;
            case OPTIONAL_LONG:
                return kind == ABSENT || ((kind == INT || kind == FLOAT) && integerDigits <= 18);
            case OPTIONAL_INT:
                return kind == ABSENT || ((kind == INT || kind == FLOAT) && integerDigits <= 9);
            case OPTIONAL_INT_ARRAY:
                return kind == ABSENT || kind == INT_ARRAY;
            case OPTIONAL_BOOLEAN:
                return kind == ABSENT || kind == BOOL;
            default:
                return false;
        }
    }

    /** A field's value into its slot; false for anything this class does not take (the decoder then decides). */
    private boolean value(int slot, int c) {
        if (c == '"') {
            int start = pos + 1;
            if (!string()) {
                return false;
            }
            int length = pos - 1 - start;
            kinds[slot] = STRING;
            digits[slot] = length;
            if (slot == EventFields.EV) {
                type = marketDataType(start, length);
                return type != null;
            }
            if (slot == EventFields.SYM) {
                symbolStart = start;
                symbolLength = length;
            }
            return true;
        }
        if (slot == EventFields.EV) {
            return false;   // null, a number...: the decoder reports it
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int integerDigits = number();
            if (integerDigits < 0) {
                return false;
            }
            kinds[slot] = integerDigits >= 1000 ? FLOAT : INT;
            digits[slot] = integerDigits % 1000;
            return true;
        }
        if (c == '[') {
            kinds[slot] = INT_ARRAY;
            return (slot == EventFields.C || slot == EventFields.I) && intArray();
        }
        if (literal("true") || literal("false")) {
            kinds[slot] = BOOL;
            return true;
        }
        return literal("null");   // absent, as the decoder clears it
    }

    /** The value of a field no event uses: skipped by the decoder whatever it is, if it is valid JSON. */
    private boolean skipSimpleValue(int c) {
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number() >= 0;
        }
        return literal("true") || literal("false") || literal("null");
    }

    /** An array of ints (each at most 9 digits, at most MAX_ARRAY of them), from its '['. */
    private boolean intArray() {
        pos++;
        int c = skipWhitespace();
        if (c == ']') {
            pos++;
            return true;
        }
        for (int n = 1; n <= EventFields.MAX_ARRAY; n++) {
            if (!(c == '-' || (c >= '0' && c <= '9'))) {
                return false;
            }
            int integerDigits = number();
            if (integerDigits < 0 || integerDigits > 9) {
                return false;   // a float (even 3.0) or a big int: the decoder's call
            }
            c = skipWhitespace();
            if (c == ']') {
                pos++;
                return true;
            }
            if (c != ',') {
                return false;
            }
            pos++;
            c = skipWhitespace();
        }
        return false;
    }

    /**
     * A number in strict JSON syntax without exponent: its count of integer digits, plus 1000 when it has a
     * fraction; -1 when it is not one this class takes.
     */
    private int number() {
        byte[] b = buf;
        int e = end;
        int start = pos;
        int p = start;
        if (b[p] == '-') {
            p++;
        }
        int integerStart = p;
        if (p == e) {
            return -1;
        }
        byte first = b[p];
        if (first == '0') {
            p++;
        } else if (first >= '1' && first <= '9') {
            do {
                p++;
            } while (p < e && DIGIT[b[p] & 0xff]);
        } else {
            return -1;
        }
        int integerDigits = p - integerStart;
        boolean fraction = false;
        if (p < e && b[p] == '.') {
            p++;
            int fractionStart = p;
            while (p < e && DIGIT[b[p] & 0xff]) {
                p++;
            }
            if (p == fractionStart) {
                return -1;
            }
            fraction = true;
        }
        pos = p;
        if ((p < e && (b[p] == 'e' || b[p] == 'E')) || p - start > MAX_NUMBER_CHARS) {
            return -1;
        }
        if (!fraction && integerDigits > 18) {
            return -1;   // beyond what surely fits a long: the decoder makes it a float or an error
        }
        return fraction ? 1000 + Math.min(integerDigits, 999) : integerDigits;
    }

    /** A string from its opening quote to after its closing one: printable ASCII without escapes only. */
    private boolean string() {
        int p = pos + 1;
        byte[] b = buf;
        int e = end;
        while (p < e && PLAIN[b[p] & 0xff]) {
            p++;
        }
        if (p < e && b[p] == '"') {
            pos = p + 1;
            return true;
        }
        return false;   // an escape, a control character, a byte outside ASCII, or the end of the frame
    }

    /** A field name from its opening quote: its slot, -1 for a name no event uses, -2 when not sure. */
    private int fieldName() {
        int start = pos + 1;
        // Most names are one letter: "x", "p", "s"...
        if (start + 1 < end && buf[start + 1] == '"' && PLAIN[buf[start] & 0xff]) {
            pos = start + 2;
            return slotOf(buf, start, 1);
        }
        if (!string()) {
            return -2;
        }
        return slotOf(buf, start, pos - 1 - start);
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** The byte at the first non-whitespace position (JSON whitespace only), or END. */
    private int skipWhitespace() {
        while (pos < end) {
            byte c = buf[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            pos++;
        }
        return END;
    }

    private EventType marketDataType(int start, int length) {
        if (length == 1) {
            switch (buf[start]) {
                case 'T': return EventType.TRADE;
                case 'Q': return EventType.QUOTE;
                case 'A': return EventType.SECOND_BAR;
                default: return null;
            }
        }
        return length == 2 && buf[start] == 'A' && buf[start + 1] == 'M' ? EventType.MINUTE_BAR : null;
    }

    /** {@link EventFields#slotOf} over ASCII bytes, without a string per field. */
    static int slotOf(byte[] b, int start, int length) {
        switch (length) {
            case 1:
                switch (b[start]) {
                    case 'T': return EventFields.TICKER;
                    case 'x': return EventFields.X;
                    case 'i': return EventFields.I;
                    case 'z': return EventFields.Z;
                    case 'p': return EventFields.P;
                    case 's': return EventFields.S;
                    case 'c': return EventFields.C;
                    case 't': return EventFields.TIME;
                    case 'q': return EventFields.Q;
                    case 'v': return EventFields.V;
                    case 'o': return EventFields.O;
                    case 'h': return EventFields.H;
                    case 'l': return EventFields.L;
                    case 'a': return EventFields.A;
                    case 'e': return EventFields.E;
                    default: return -1;
                }
            case 2:
                return twoLetterSlot(b[start], b[start + 1]);
            case 3:
                return is(b, start, "sym") ? EventFields.SYM : is(b, start, "otc") ? EventFields.OTC : -1;
            case 4:
                return is(b, start, "trfi") ? EventFields.TRFI : is(b, start, "trft") ? EventFields.TRFT : -1;
            case 6:
                return is(b, start, "status") ? EventFields.STATUS : -1;
            case 7:
                return is(b, start, "message") ? EventFields.MESSAGE : -1;
            default:
                return -1;
        }
    }

    private static int twoLetterSlot(byte first, byte second) {
        switch (first) {
            case 'e': return second == 'v' ? EventFields.EV : -1;
            case 'b':
                switch (second) {
                    case 'x': return EventFields.BX;
                    case 'p': return EventFields.BP;
                    case 's': return EventFields.BS;
                    default: return -1;
                }
            case 'a':
                switch (second) {
                    case 'x': return EventFields.AX;
                    case 'p': return EventFields.AP;
                    case 's': return EventFields.AS;
                    case 'v': return EventFields.AV;
                    default: return -1;
                }
            case 'o': return second == 'p' ? EventFields.OP : -1;
            case 'v': return second == 'w' ? EventFields.VW : -1;
            default: return -1;
        }
    }

    private static boolean is(byte[] b, int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (b[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Slot, role, slot, role...: only the fields the type reads are looked at. */
    private static byte[] roles(int[][] pairs) {
        byte[] roles = new byte[pairs.length * 2];
        for (int i = 0; i < pairs.length; i++) {
            roles[2 * i] = (byte) pairs[i][0];
            roles[2 * i + 1] = (byte) pairs[i][1];
        }
        return roles;
    }
}
