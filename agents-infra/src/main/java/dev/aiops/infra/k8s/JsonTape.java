package dev.aiops.infra.k8s;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Parsed JSON kept flat: every value of a file as words in one {@code int[]}, the characters of its strings in one
 * {@code byte[]}, and each distinct property name once. A snapshot's tens of thousands of objects then cost the
 * garbage collector two arrays instead of millions of small nodes (ADR 0011).
 *
 * <p>Layout, one value after another in document order: an object is a header word (tag, property count), the
 * position just past its end, then each property as a name id followed by its value; an array is the same without
 * names; a string is a header (tag, byte length) and its offset in {@code chars}; numbers take one or two further
 * words; {@code true}, {@code false} and {@code null} are one word.
 *
 * <p>{@link #node(int, Parent, Object)} hands out ordinary Jackson nodes: objects and arrays are {@link ObjectNode}
 * and {@link ArrayNode} whose children are read from the tape on access ({@link TapeObjectMap}, {@link TapeList});
 * scalars are made when asked for. A tape is never changed once written, so views over it can be read from any
 * number of threads; a view that is written to copies itself first (see {@link TapeObjectMap}).
 */
final class JsonTape {

    static final int OBJECT = 1;
    static final int ARRAY = 2;
    static final int ASCII = 3;
    static final int UTF8 = 4;
    static final int INT = 5;
    static final int LONG = 6;
    static final int DOUBLE = 7;
    static final int TRUE = 8;
    static final int FALSE = 9;
    static final int NULL = 10;
    static final int BIG_INTEGER = 11;
    static final int BIG_DECIMAL = 12;

    private static final int TAG_BITS = 4;
    private static final int MAX_PAYLOAD = (1 << (31 - TAG_BITS)) - 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Who holds a view, so that a view that is written to can make its holder keep it. */
    interface Parent {
        void adopt(Object slot, JsonNode child);
    }

    private int[] words;
    private int size;
    private byte[] chars;
    private int charCount;
    private String[] names = new String[64];
    private int nameCount;
    private final Map<String, Integer> nameIds = new HashMap<>();
    private static final int RECENT_NAMES = 512;
    private final String[] recentNames = new String[RECENT_NAMES];
    private final int[] recentIds = new int[RECENT_NAMES];
    private static final int RECENT_VALUES = 64;
    private final String[] recentValues = new String[RECENT_VALUES];

    /** An empty tape sized for about {@code jsonBytes} of input. */
    JsonTape(long jsonBytes) {
        // kubectl's JSON takes about one word per 6-8 bytes and half its bytes are string content
        words = new int[(int) Math.min(Integer.MAX_VALUE - 16, 64 + jsonBytes / 6)];
        chars = new byte[(int) Math.min(Integer.MAX_VALUE - 16, 64 + jsonBytes / 2)];
    }

    /** Reads the next value of {@code p} onto a tape of its own and returns it as a node. */
    static JsonNode read(JsonParser p, long sizeHint) {
        JsonTape tape = new JsonTape(sizeHint);
        JsonToken t = p.currentToken() != null ? p.currentToken() : p.nextToken();
        if (t == null) return tools.jackson.databind.node.MissingNode.getInstance();
        tape.copy(p, t);
        return tape.node(0, null, null);
    }

    // ---- reading -------------------------------------------------------------------------------------------

    int tag(int pos) {
        return words[pos] & ((1 << TAG_BITS) - 1);
    }

    /** Property or element count of a container; byte length of a string. */
    int payload(int pos) {
        return words[pos] >>> TAG_BITS;
    }

    /** The position just past the value at {@code pos}. */
    int end(int pos) {
        return switch (tag(pos)) {
            case OBJECT, ARRAY -> words[pos + 1];
            case ASCII, UTF8, INT -> pos + 2;
            case LONG, DOUBLE, BIG_INTEGER, BIG_DECIMAL -> pos + 3;
            default -> pos + 1;
        };
    }

    /** Position of the first property (its name word) or element of a container. */
    static int first(int pos) {
        return pos + 2;
    }

    String name(int namePos) {
        return names[words[namePos]];
    }

    /** The value position of property {@code key} of the object at {@code pos}, or -1. */
    int find(int pos, Object key) {
        int n = payload(pos);
        int at = first(pos);
        for (int i = 0; i < n; i++) {
            String name = names[words[at]];
            if (name == key || name.equals(key)) return at + 1;
            at = end(at + 1);
        }
        return -1;
    }

    /** Text of the string at {@code pos}; callers check the tag. */
    String string(int pos) {
        int length = payload(pos);
        int offset = words[pos + 1];
        return new String(chars, offset, length, tag(pos) == UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private long longAt(int pos) {
        return ((long) words[pos + 1] << 32) | (words[pos + 2] & 0xFFFF_FFFFL);
    }

    /** The value at {@code pos} as a Jackson node; containers are views held by {@code parent} at {@code slot}. */
    JsonNode node(int pos, Parent parent, Object slot) {
        return switch (tag(pos)) {
            case OBJECT -> TapeObjectMap.wrap(this, pos, parent, slot);
            case ARRAY -> TapeList.wrap(this, pos, parent, slot);
            case ASCII, UTF8 -> StringNode.valueOf(string(pos));
            case INT -> IntNode.valueOf(words[pos + 1]);
            case LONG -> LongNode.valueOf(longAt(pos));
            case DOUBLE -> DoubleNode.valueOf(Double.longBitsToDouble(longAt(pos)));
            case TRUE -> BooleanNode.TRUE;
            case FALSE -> BooleanNode.FALSE;
            case BIG_INTEGER -> BigIntegerNode.valueOf(new BigInteger(string(pos + 1)));
            case BIG_DECIMAL -> DecimalNode.valueOf(new BigDecimal(string(pos + 1)));
            default -> NullNode.getInstance();
        };
    }

    static JsonNodeFactory nodes() {
        return NODES;
    }

    // ---- writing --------------------------------------------------------------------------------------------

    private void ensure(int more) {
        if (size + more > words.length) {
            words = Arrays.copyOf(words, Math.max(size + more, words.length + (words.length >> 1)));
        }
    }

    private void header(int tag, int payload) {
        if (payload > MAX_PAYLOAD) throw new IllegalStateException("JSON value too large for a snapshot: " + payload);
        ensure(1);
        words[size++] = tag | (payload << TAG_BITS);
    }

    /** Starts an object; returns its position for {@link #endContainer(int, int)}. */
    int beginObject() {
        int at = size;
        header(OBJECT, 0);
        ensure(1);
        size++;
        return at;
    }

    int beginArray() {
        int at = size;
        header(ARRAY, 0);
        ensure(1);
        size++;
        return at;
    }

    void endContainer(int at, int count) {
        if (count > MAX_PAYLOAD) throw new IllegalStateException("JSON container too large for a snapshot: " + count);
        words[at] = tag(at) | (count << TAG_BITS);
        words[at + 1] = size;
    }

    /**
     * The string the parser has just read, as one shared instance for equal strings seen recently: kinds and
     * namespaces repeat object after object, so this mostly costs a compare, not a new String.
     */
    String shared(JsonParser p) {
        char[] text = p.getStringCharacters();
        int offset = p.getStringOffset();
        int length = p.getStringLength();
        int h = 0;
        for (int i = 0; i < length; i++) h = 31 * h + text[offset + i];
        int slot = (h ^ (h >>> 16)) & (RECENT_VALUES - 1);
        String seen = recentValues[slot];
        if (seen != null && seen.length() == length) {
            int i = 0;
            while (i < length && seen.charAt(i) == text[offset + i]) i++;
            if (i == length) return seen;
        }
        String s = new String(text, offset, length);
        recentValues[slot] = s;
        return s;
    }

    void name(String name) {
        // the parser hands out one String instance per distinct name, so a reference check usually settles it
        int h = name.hashCode() & (RECENT_NAMES - 1);
        int id;
        if (recentNames[h] == name) {
            id = recentIds[h];
        } else {
            id = nameId(name);
            recentNames[h] = name;
            recentIds[h] = id;
        }
        ensure(1);
        words[size++] = id;
    }

    private int nameId(String name) {
        Integer id = nameIds.get(name);
        if (id == null) {
            id = nameCount;
            if (nameCount == names.length) names = Arrays.copyOf(names, nameCount * 2);
            // interned, so lookups with string literals usually match by reference
            names[nameCount++] = name.intern();
            nameIds.put(name, id);
        }
        return id;
    }

    void string(String s) {
        int length = s.length();
        if (charCount + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(charCount + length, chars.length + (chars.length >> 1)));
        }
        int start = charCount;
        for (int i = 0; i < length; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                string(s.toCharArray(), 0, length);
                return;
            }
            chars[start + i] = (byte) ch;
        }
        header(ASCII, length);
        ensure(1);
        words[size++] = start;
        charCount = start + length;
    }

    /** The string the parser has just read, copied from its buffer without making a String. */
    void string(JsonParser p) {
        string(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
    }

    private void string(char[] text, int offset, int length) {
        if (charCount + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(charCount + length, chars.length + (chars.length >> 1)));
        }
        byte[] out = chars;
        int start = charCount;
        int i = 0;
        for (; i < length; i++) {
            char ch = text[offset + i];
            if (ch >= 0x80) break;
            out[start + i] = (byte) ch;
        }
        if (i == length) {
            header(ASCII, length);
        } else {
            byte[] utf8 = new String(text, offset, length).getBytes(StandardCharsets.UTF_8);
            if (start + utf8.length > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(start + utf8.length, chars.length + (chars.length >> 1)));
            }
            System.arraycopy(utf8, 0, chars, start, utf8.length);
            length = utf8.length;
            header(UTF8, length);
        }
        ensure(1);
        words[size++] = start;
        charCount = start + length;
    }

    /** A number too large for a long, or not finite: its text follows the header as a string. */
    private void bigNumber(int tag, String text) {
        header(tag, 0);
        string(text);
    }

    private void longWords(int tag, long v) {
        header(tag, 0);
        ensure(2);
        words[size++] = (int) (v >>> 32);
        words[size++] = (int) v;
    }

    /** Copies the value whose first token {@code t} the parser has just read, with everything inside it. */
    void copy(JsonParser p, JsonToken t) {
        switch (t) {
            case START_OBJECT -> {
                int at = beginObject();
                int count = 0;
                String field;
                while ((field = p.nextName()) != null) {
                    name(field);
                    copy(p, p.nextToken());
                    count++;
                }
                endContainer(at, count);
            }
            case START_ARRAY -> {
                int at = beginArray();
                int count = 0;
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    copy(p, e);
                    count++;
                }
                endContainer(at, count);
            }
            case VALUE_STRING -> string(p);
            case VALUE_NUMBER_INT -> {
                switch (p.getNumberType()) {
                    case INT -> {
                        header(INT, 0);
                        ensure(1);
                        words[size++] = p.getIntValue();
                    }
                    case LONG -> longWords(LONG, p.getLongValue());
                    default -> bigNumber(BIG_INTEGER, p.getString());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (Double.isFinite(d)) {
                    longWords(DOUBLE, Double.doubleToRawLongBits(d));
                } else {
                    bigNumber(BIG_DECIMAL, p.getString());
                }
            }
            case VALUE_TRUE -> header(TRUE, 0);
            case VALUE_FALSE -> header(FALSE, 0);
            case VALUE_NULL -> header(NULL, 0);
            default -> throw new IllegalStateException("unexpected JSON token " + t);
        }
    }
}
