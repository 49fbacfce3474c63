package com.tickstock.console.feed;

/**
 * The fields of the event being decoded, held as raw JSON values until the whole object has been
 * read. JSON objects are unordered, so {@code ev} may come last and the meaning of a field
 * ({@code c} is an int array in a trade, an int in a quote and a price in a bar) is only known
 * then. One instance is reused for every event: {@link #reset(long)} is a single store.
 *
 * <p>The typed accessors validate on the way out and remember the first problem of the event as
 * {@link #error()}; later problems of the same event add nothing an operator could act on.
 */
final class EventFields {

    // Slots, one per field name any supported event uses. Must stay below 64 (presence bit mask).
    static final int EV = 0;
    static final int SYM = 1;
    static final int TICKER = 2;      // "T", the ticker of LULD and NOI
    static final int X = 3;
    static final int I = 4;
    static final int Z = 5;
    static final int P = 6;
    static final int S = 7;
    static final int C = 8;
    static final int TIME = 9;        // "t"
    static final int Q = 10;
    static final int TRFI = 11;
    static final int TRFT = 12;
    static final int BX = 13;
    static final int BP = 14;
    static final int BS = 15;
    static final int AX = 16;
    static final int AP = 17;
    static final int AS = 18;
    static final int V = 19;
    static final int AV = 20;
    static final int OP = 21;
    static final int VW = 22;
    static final int O = 23;
    static final int H = 24;
    static final int L = 25;
    static final int A = 26;
    static final int E = 27;
    static final int OTC = 28;
    static final int STATUS = 29;
    static final int MESSAGE = 30;
    static final int SLOTS = 31;

    private static final String[] NAMES = {
        "ev", "sym", "T", "x", "i", "z", "p", "s", "c", "t", "q", "trfi", "trft",
        "bx", "bp", "bs", "ax", "ap", "as", "v", "av", "op", "vw", "o", "h", "l", "a", "e", "otc",
        "status", "message",
    };

    // Kinds of raw value.
    static final byte INT = 1;
    static final byte FLOAT = 2;        // also integers beyond the long range
    static final byte STRING = 3;       // text materialised in strings[] only where needed
    static final byte BOOL = 4;
    static final byte INT_ARRAY = 5;    // elements in intArrays[slot], count in longs[slot]
    static final byte BAD_ARRAY = 6;    // an array with something other than ints in it
    static final byte LONG_ARRAY = 7;   // an int array longer than MAX_ARRAY
    static final byte OBJECT = 8;
    static final byte ARRAY = 9;

    /** Feed int arrays hold a few conditions or indicators; more is garbage, not worth buffering. */
    static final int MAX_ARRAY = 64;

    private static final double LONG_LIMIT = 0x1p63;

    private long present;
    private final byte[] kinds = new byte[SLOTS];
    private final long[] longs = new long[SLOTS];
    private final double[] doubles = new double[SLOTS];
    private final String[] strings = new String[SLOTS];
    private final long[] offsets = new long[SLOTS];
    private final int[][] intArrays = new int[SLOTS][];

    private EventType type;
    private String eventName = "";
    private long eventOffset;
    private String error;
    private long errorOffset;

    EventFields() {
        intArrays[C] = new int[MAX_ARRAY];
        intArrays[I] = new int[MAX_ARRAY];
    }

    /** The slot of a field name, or -1 for a field no supported event uses. */
    static int slotOf(String name) {
        switch (name) {
            case "ev": return EV;
            case "sym": return SYM;
            case "T": return TICKER;
            case "x": return X;
            case "i": return I;
            case "z": return Z;
            case "p": return P;
            case "s": return S;
            case "c": return C;
            case "t": return TIME;
            case "q": return Q;
            case "trfi": return TRFI;
            case "trft": return TRFT;
            case "bx": return BX;
            case "bp": return BP;
            case "bs": return BS;
            case "ax": return AX;
            case "ap": return AP;
            case "as": return AS;
            case "v": return V;
            case "av": return AV;
            case "op": return OP;
            case "vw": return VW;
            case "o": return O;
            case "h": return H;
            case "l": return L;
            case "a": return A;
            case "e": return E;
            case "otc": return OTC;
            case "status": return STATUS;
            case "message": return MESSAGE;
            default: return -1;
        }
    }

    static String nameOf(int slot) {
        return NAMES[slot];
    }

    void reset(long startOffset) {
        present = 0L;
        type = null;
        eventName = "";
        error = null;
        eventOffset = startOffset;
    }

    // ---- filled by the decoder while reading the object

    void putLong(int slot, long value, long offset) {
        set(slot, INT, offset);
        longs[slot] = value;
    }

    void putDouble(int slot, double value, long offset) {
        set(slot, FLOAT, offset);
        doubles[slot] = value;
    }

    void putString(int slot, String value, long offset) {
        set(slot, STRING, offset);
        strings[slot] = value;
    }

    void putBoolean(int slot, boolean value, long offset) {
        set(slot, BOOL, offset);
        longs[slot] = value ? 1L : 0L;
    }

    void putKind(int slot, byte kind, long offset) {
        set(slot, kind, offset);
    }

    /** The reusable buffer for an int array in {@code slot}, or null when the slot takes none. */
    int[] arrayBuffer(int slot) {
        return intArrays[slot];
    }

    void putIntArray(int slot, int size, long offset) {
        set(slot, INT_ARRAY, offset);
        longs[slot] = size;
    }

    /** A null value: the field counts as absent, as optional fields are. */
    void clear(int slot) {
        present &= ~(1L << slot);
    }

    void type(EventType type, String eventName) {
        this.type = type;
        this.eventName = eventName;
    }

    private void set(int slot, byte kind, long offset) {
        present |= 1L << slot;
        kinds[slot] = kind;
        offsets[slot] = offset;
    }

    // ---- read by the decoder once the object is complete

    boolean has(int slot) {
        return (present & (1L << slot)) != 0;
    }

    byte kind(int slot) {
        return kinds[slot];
    }

    /** The type from {@code ev} once it was read, null before or when unknown. */
    EventType type() {
        return type;
    }

    long eventOffset() {
        return eventOffset;
    }

    String error() {
        return error;
    }

    long errorOffset() {
        return errorOffset;
    }

    /** A non-empty string field without which the event means nothing (the ticker). */
    String requiredText(int slot) {
        if (!has(slot)) {
            missing(slot);
            return "";
        }
        if (kinds[slot] != STRING) {
            wrongType(slot, "a string");
            return "";
        }
        String value = strings[slot];
        if (value.isEmpty()) {
            fail("empty field '" + NAMES[slot] + "' in " + eventName + " event", offsets[slot]);
        }
        return value;
    }

    /** A string field, {@code ""} when absent; a number is taken as its decimal text (ids are opaque). */
    String optionalText(int slot) {
        if (!has(slot)) {
            return "";
        }
        switch (kinds[slot]) {
            case STRING: return strings[slot];
            case INT: return Long.toString(longs[slot]);
            default:
                wrongType(slot, "a string");
                return "";
        }
    }

    double requiredDouble(int slot) {
        if (!has(slot)) {
            missing(slot);
            return 0.0;
        }
        return doubleValue(slot);
    }

    double optionalDouble(int slot) {
        return has(slot) ? doubleValue(slot) : 0.0;
    }

    long requiredLong(int slot) {
        if (!has(slot)) {
            missing(slot);
            return 0L;
        }
        return longValue(slot);
    }

    long optionalLong(int slot) {
        return has(slot) ? longValue(slot) : 0L;
    }

    int optionalInt(int slot) {
        if (!has(slot)) {
            return 0;
        }
        long value = longValue(slot);
        if (value != (int) value) {
            outOfRange(slot);
            return 0;
        }
        return (int) value;
    }

    boolean optionalBoolean(int slot) {
        if (!has(slot)) {
            return false;
        }
        if (kinds[slot] != BOOL) {
            wrongType(slot, "a boolean");
            return false;
        }
        return longs[slot] != 0L;
    }

    /**
     * The size of the int array in {@code slot} (elements in {@link #arrayBuffer}), 0 when absent,
     * -1 after recording why it is not an acceptable int array.
     */
    int optionalIntArray(int slot) {
        if (!has(slot)) {
            return 0;
        }
        switch (kinds[slot]) {
            case INT_ARRAY:
                return (int) longs[slot];
            case LONG_ARRAY:
                fail("field '" + NAMES[slot] + "' in " + eventName + " event has more than "
                        + MAX_ARRAY + " elements", offsets[slot]);
                return -1;
            default:
                wrongType(slot, "an int array");
                return -1;
        }
    }

    /** Records a problem found outside the typed accessors. */
    void fail(String reason, long offset) {
        if (error == null) {
            error = reason;
            errorOffset = offset;
        }
    }

    private double doubleValue(int slot) {
        double value;
        switch (kinds[slot]) {
            case FLOAT:
                value = doubles[slot];
                break;
            case INT:
                return longs[slot];
            default:
                wrongType(slot, "a number");
                return 0.0;
        }
        if (!Double.isFinite(value)) {
            outOfRange(slot);
            return 0.0;
        }
        return value;
    }

    /** Integral fields accept floats ("s":100.0); a fraction is truncated toward zero. */
    private long longValue(int slot) {
        switch (kinds[slot]) {
            case INT:
                return longs[slot];
            case FLOAT:
                double value = doubles[slot];
                if (value >= -LONG_LIMIT && value < LONG_LIMIT) {
                    return (long) value;
                }
                outOfRange(slot);
                return 0L;
            default:
                wrongType(slot, "a number");
                return 0L;
        }
    }

    private void missing(int slot) {
        fail("missing field '" + NAMES[slot] + "' in " + eventName + " event", eventOffset);
    }

    private void outOfRange(int slot) {
        fail("field '" + NAMES[slot] + "' in " + eventName + " event is out of range", offsets[slot]);
    }

    private void wrongType(int slot, String expected) {
        fail("field '" + NAMES[slot] + "' in " + eventName + " event is not " + expected
                + " but " + describe(kinds[slot]), offsets[slot]);
    }

    private static String describe(byte kind) {
        switch (kind) {
            case INT:
            case FLOAT: return "a number";
            case STRING: return "a string";
            case BOOL: return "a boolean";
            case INT_ARRAY:
            case BAD_ARRAY:
            case LONG_ARRAY:
            case ARRAY: return "an array";
            case OBJECT: return "an object";
            default: return "something else";
        }
    }
}
