package dev.aiops.infra.k8s;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The elements of one array on a {@link JsonTape}, read in place; the array counterpart of {@link TapeObjectMap},
 * with the same rules: elements are made on access, and the first write copies the elements into an
 * {@link ArrayList} and makes the parent keep this array. Iteration walks the tape; {@code get(i)} skips to the
 * i-th element.
 */
final class TapeList extends AbstractList<JsonNode> implements JsonTape.Parent {

    private final JsonTape tape;
    private final int pos;
    private final JsonTape.Parent parent;
    private final Object slot;
    private ArrayNode self;
    private volatile List<JsonNode> own;

    private TapeList(JsonTape tape, int pos, JsonTape.Parent parent, Object slot) {
        this.tape = tape;
        this.pos = pos;
        this.parent = parent;
        this.slot = slot;
    }

    static ArrayNode wrap(JsonTape tape, int pos, JsonTape.Parent parent, Object slot) {
        TapeList list = new TapeList(tape, pos, parent, slot);
        ArrayNode node = new ArrayNode(JsonTape.nodes(), list);
        list.self = node;
        return node;
    }

    @Override
    public int size() {
        List<JsonNode> o = own;
        return o != null ? o.size() : tape.payload(pos);
    }

    @Override
    public JsonNode get(int index) {
        List<JsonNode> o = own;
        if (o != null) return o.get(index);
        if (index < 0 || index >= tape.payload(pos)) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + tape.payload(pos));
        }
        int at = JsonTape.first(pos);
        for (int i = 0; i < index; i++) at = tape.end(at);
        return tape.node(at, this, index);
    }

    @Override
    public JsonNode set(int index, JsonNode element) {
        return writable().set(index, element);
    }

    @Override
    public void add(int index, JsonNode element) {
        writable().add(index, element);
        modCount++;
    }

    @Override
    public JsonNode remove(int index) {
        JsonNode old = writable().remove(index);
        modCount++;
        return old;
    }

    @Override
    public void adopt(Object childSlot, JsonNode child) {
        writable().set((Integer) childSlot, child);
    }

    private synchronized List<JsonNode> writable() {
        List<JsonNode> o = own;
        if (o != null) return o;
        int n = tape.payload(pos);
        o = new ArrayList<>(n + 1);
        int at = JsonTape.first(pos);
        for (int i = 0; i < n; i++) {
            o.add(tape.node(at, this, i));
            at = tape.end(at);
        }
        own = o;
        if (parent != null) parent.adopt(slot, self);
        return o;
    }

    @Override
    public Iterator<JsonNode> iterator() {
        List<JsonNode> o = own;
        if (o != null) return o.iterator();
        return new Iterator<>() {
            private final int count = tape.payload(pos);
            private int index;
            private int at = JsonTape.first(pos);

            @Override
            public boolean hasNext() {
                return index < count && own == null || own != null && index < own.size();
            }

            @Override
            public JsonNode next() {
                if (!hasNext()) throw new NoSuchElementException();
                List<JsonNode> now = own;
                if (now != null) return now.get(index++);
                JsonNode n = tape.node(at, TapeList.this, index);
                at = tape.end(at);
                index++;
                return n;
            }

            @Override
            public void remove() {
                if (index == 0) throw new IllegalStateException();
                writable().remove(--index);
            }
        };
    }
}
