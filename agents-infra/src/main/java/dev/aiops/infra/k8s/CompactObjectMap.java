package dev.aiops.infra.k8s;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The properties of one JSON object in insertion order, kept as keys and values side by side in one array.
 * Kubernetes objects are mostly small maps ({@code metadata}, {@code involvedObject}, a probe, a port), where a
 * {@code LinkedHashMap} spends a table and an entry object per property: this keeps three objects per map instead
 * of a dozen, so a snapshot of 66,000 objects retains a fraction of the memory and costs the collector a fraction of
 * the copying. Lookups scan the keys, which Jackson has already canonicalised; a map that grows past
 * {@link #LINEAR_LIMIT} properties (a large ConfigMap, many labels) moves into a {@code LinkedHashMap}.
 */
final class CompactObjectMap extends AbstractMap<String, JsonNode> {

    static final int LINEAR_LIMIT = 16;

    private Object[] slots;
    private int size;
    private Map<String, JsonNode> large;
    private int modCount;

    CompactObjectMap() {
        slots = new Object[8];
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    private int indexOf(Object key) {
        Object[] s = slots;
        for (int i = 0, n = size << 1; i < n; i += 2) {
            Object k = s[i];
            if (k == key || k.equals(key)) return i;
        }
        return -1;
    }

    @Override
    public JsonNode get(Object key) {
        if (large != null) return large.get(key);
        int i = indexOf(key);
        return i < 0 ? null : (JsonNode) slots[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        if (large != null) return large.put(key, value);
        int i = indexOf(key);
        if (i >= 0) {
            JsonNode old = (JsonNode) slots[i + 1];
            slots[i + 1] = value;
            return old;
        }
        if (size == LINEAR_LIMIT) {
            large = new LinkedHashMap<>(LINEAR_LIMIT * 4);
            for (int j = 0; j < size << 1; j += 2) large.put((String) slots[j], (JsonNode) slots[j + 1]);
            slots = null;
            size = 0;
            modCount++;
            return large.put(key, value);
        }
        if (size << 1 == slots.length) slots = Arrays.copyOf(slots, slots.length << 1);
        slots[size << 1] = key;
        slots[(size << 1) + 1] = value;
        size++;
        modCount++;
        return null;
    }

    @Override
    public JsonNode remove(Object key) {
        if (large != null) return large.remove(key);
        int i = indexOf(key);
        if (i < 0) return null;
        JsonNode old = (JsonNode) slots[i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        int end = size << 1;
        System.arraycopy(slots, i + 2, slots, i, end - i - 2);
        slots[end - 2] = null;
        slots[end - 1] = null;
        size--;
        modCount++;
    }

    @Override
    public void clear() {
        if (large != null) {
            large.clear();
            return;
        }
        Arrays.fill(slots, null);
        size = 0;
        modCount++;
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        if (large != null) return large.entrySet();
        return new AbstractSet<>() {
            @Override
            public int size() {
                return CompactObjectMap.this.size();
            }

            @Override
            public Iterator<Entry<String, JsonNode>> iterator() {
                return large != null ? large.entrySet().iterator() : new Entries();
            }
        };
    }

    private final class Entries implements Iterator<Entry<String, JsonNode>> {
        private int next;
        private int last = -1;
        private int expected = modCount;

        @Override
        public boolean hasNext() {
            return next < size << 1;
        }

        @Override
        public Entry<String, JsonNode> next() {
            if (expected != modCount) throw new ConcurrentModificationException();
            if (!hasNext()) throw new NoSuchElementException();
            last = next;
            next += 2;
            int at = last;
            return new SimpleEntry<>((String) slots[at], (JsonNode) slots[at + 1]) {
                private static final long serialVersionUID = 1L;

                @Override
                public JsonNode setValue(JsonNode value) {
                    if (expected != modCount) throw new ConcurrentModificationException();
                    slots[at + 1] = value;
                    return super.setValue(value);
                }
            };
        }

        @Override
        public void remove() {
            if (last < 0) throw new IllegalStateException();
            if (expected != modCount) throw new ConcurrentModificationException();
            removeAt(last);
            next = last;
            last = -1;
            expected = modCount;
        }
    }
}
