package dev.aiops.infra.k8s;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The properties of one object on a {@link JsonTape}, read in place: a lookup scans the object's property names on
 * the tape and makes the value node it finds. Nothing is kept between lookups, so the children of a view are new
 * nodes each time they are asked for; compare them with {@code equals}, not {@code ==}.
 *
 * <p>Writing through the map (a put, a remove, {@code Entry.setValue}) first copies the properties into a
 * {@link CompactObjectMap} that this map uses from then on, and asks the parent to keep this object, so that the
 * change is seen through the parent too: a write on {@code snapshotObject.get("metadata")} stays in the snapshot
 * object, as with ordinary Jackson trees.
 */
final class TapeObjectMap extends AbstractMap<String, JsonNode> implements JsonTape.Parent {

    private final JsonTape tape;
    private final int pos;
    private final JsonTape.Parent parent;
    private final Object slot;
    private ObjectNode self;
    private volatile CompactObjectMap own;

    private TapeObjectMap(JsonTape tape, int pos, JsonTape.Parent parent, Object slot) {
        this.tape = tape;
        this.pos = pos;
        this.parent = parent;
        this.slot = slot;
    }

    /** Returned by {@link #text} when the answer needs the general path. */
    static final String NOT_ON_TAPE = new String("not on tape");

    /** An object node over the object at {@code pos}; {@code parent} (may be null) holds it at {@code slot}. */
    static ObjectNode wrap(JsonTape tape, int pos, JsonTape.Parent parent, Object slot) {
        TapeObjectMap map = new TapeObjectMap(tape, pos, parent, slot);
        ObjectNode node = new Node(map);
        map.self = node;
        return node;
    }

    /** The object node of a tape object, so that {@link K8s} can read common paths without making nodes. */
    static final class Node extends ObjectNode {
        private static final long serialVersionUID = 1L;

        private Node(TapeObjectMap map) {
            super(JsonTape.nodes(), map);
        }

        /** {@code K8s.text(path(a).get(b))} (or {@code K8s.text(get(a))} with b null), else {@link #NOT_ON_TAPE}. */
        String text(String a, String b) {
            return ((TapeObjectMap) _children).text(a, b);
        }

        /** The tape this object lies on while nothing has been written to it (readers may walk it), else null. */
        JsonTape unchangedTape() {
            TapeObjectMap map = (TapeObjectMap) _children;
            return map.own == null ? map.tape : null;
        }

        /** Where this object starts on its tape. */
        int position() {
            return ((TapeObjectMap) _children).pos;
        }
    }

    private String text(String a, String b) {
        if (own != null) return NOT_ON_TAPE;
        int at = tape.find(pos, a);
        if (at < 0) return null;
        if (b != null) {
            if (tape.tag(at) != JsonTape.OBJECT) return NOT_ON_TAPE;
            at = tape.find(at, b);
            if (at < 0) return null;
        }
        return switch (tape.tag(at)) {
            case JsonTape.ASCII, JsonTape.UTF8 -> tape.string(at);
            case JsonTape.NULL -> null;
            default -> NOT_ON_TAPE;
        };
    }

    @Override
    public int size() {
        CompactObjectMap o = own;
        return o != null ? o.size() : tape.payload(pos);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public JsonNode get(Object key) {
        CompactObjectMap o = own;
        if (o != null) return o.get(key);
        int at = tape.find(pos, key);
        return at < 0 ? null : tape.node(at, this, key);
    }

    @Override
    public boolean containsKey(Object key) {
        CompactObjectMap o = own;
        return o != null ? o.containsKey(key) : tape.find(pos, key) >= 0;
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        return writable().put(key, value);
    }

    @Override
    public JsonNode remove(Object key) {
        return writable().remove(key);
    }

    @Override
    public void clear() {
        writable().clear();
    }

    @Override
    public void adopt(Object childSlot, JsonNode child) {
        writable().put((String) childSlot, child);
    }

    /** The properties as an ordinary map, made on the first write; the parent keeps this object from then on. */
    private synchronized CompactObjectMap writable() {
        CompactObjectMap o = own;
        if (o != null) return o;
        o = new CompactObjectMap();
        int n = tape.payload(pos);
        int at = JsonTape.first(pos);
        for (int i = 0; i < n; i++) {
            String name = tape.name(at);
            o.put(name, tape.node(at + 1, this, name));
            at = tape.end(at + 1);
        }
        own = o;
        if (parent != null) parent.adopt(slot, self);
        return o;
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        CompactObjectMap o = own;
        if (o != null) return o.entrySet();
        return new AbstractSet<>() {
            @Override
            public int size() {
                return TapeObjectMap.this.size();
            }

            @Override
            public Iterator<Entry<String, JsonNode>> iterator() {
                CompactObjectMap now = own;
                return now != null ? now.entrySet().iterator() : new Properties();
            }
        };
    }

    /** Walks the properties on the tape; after a write through it, values come from the copied map. */
    private final class Properties implements Iterator<Entry<String, JsonNode>> {
        private final int count = tape.payload(pos);
        private int index;
        private int at = JsonTape.first(pos);
        private String last;

        @Override
        public boolean hasNext() {
            return index < count;
        }

        @Override
        public Entry<String, JsonNode> next() {
            if (!hasNext()) throw new NoSuchElementException();
            String name = tape.name(at);
            CompactObjectMap o = own;
            JsonNode value = o != null ? o.get(name) : tape.node(at + 1, TapeObjectMap.this, name);
            at = tape.end(at + 1);
            index++;
            last = name;
            return new SimpleEntry<>(name, value) {
                private static final long serialVersionUID = 1L;

                @Override
                public JsonNode setValue(JsonNode v) {
                    writable().put(name, v);
                    return super.setValue(v);
                }
            };
        }

        @Override
        public void remove() {
            if (last == null) throw new IllegalStateException();
            writable().remove(last);
            last = null;
        }
    }
}
