package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the objects of one file of a snapshot, without adding them anywhere: JSON is streamed onto a
 * {@link JsonTape}, YAML (small, hand-written files) is read as a tree. Independent of every other file, so a
 * directory's files can be read on several threads and added in order afterwards.
 */
final class DumpFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /**
     * One object of the file. Streamed objects carry their kind and namespace as read (null when absent) and have
     * had their kind and the directory's namespace written in; the others still need {@code defaultKind}. An element
     * of {@code items} that is not an object is an item with no node and a {@code problem}.
     */
    static final class Item {
        ObjectNode node;
        String kind;
        String namespace;
        boolean streamed = true;
        /** Its place in {@code items}, or -1 for an object that is a whole document. */
        int index = -1;
        /** Its YAML document, counted from 1; 0 in a JSON file. */
        int document;
        String problem;

        /** Where it is, for a warning about an object that cannot be named: {@code items[3]}, {@code document 2}. */
        String position() {
            String doc = document > 0 ? "document " + document : "the object";
            return index < 0 ? doc : "items[" + index + "]" + (document > 0 ? " of " + doc : "");
        }
    }

    private DumpFile() {
    }

    /**
     * The objects of {@code f}; {@code namespaceDir} is the namespace folder it lies in (null at the top).
     *
     * @param where prefix for error messages (the file's path for a file given on its own, else empty)
     * @throws SnapshotException when the file is not a regular file, is empty or over {@code limits}, is not valid
     *                           JSON or YAML, or holds no Kubernetes objects
     */
    static List<Item> read(Path f, String namespaceDir, String where, ReadLimits limits) {
        String name = f.getFileName().toString();
        String stem = name.replaceFirst("\\.(json|ya?ml)$", "");
        checkSize(f, where, limits);
        return name.endsWith(".json") ? readJson(f, stem, namespaceDir, where) : readYaml(f, stem, where);
    }

    /** A FIFO would block a read and a device never end: refused before a byte is read. */
    static void requireRegularFile(Path f, String where) {
        if (!Files.isRegularFile(f)) {
            throw new SnapshotException(where + "not a regular file (a FIFO, device or socket); give a dump folder or"
                    + " a JSON or YAML file");
        }
    }

    /** A FIFO or device would block or never end, and a file larger than the limit could not be held in memory. */
    private static void checkSize(Path f, String where, ReadLimits limits) {
        requireRegularFile(f, where);
        long size;
        try {
            size = Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size == 0) throw new SnapshotException(where + "empty file (0 bytes)");
        if (size > limits.maxFileBytes()) {
            throw new SnapshotException(where + "is " + ReadLimits.describe(size) + ", over the "
                    + ReadLimits.describe(limits.maxFileBytes()) + " limit for one JSON or YAML file (raise it with"
                    + " --max-file-size or -D" + ReadLimits.MAX_FILE_PROPERTY + ")");
        }
    }

    private static List<Item> readYaml(Path f, String stem, String where) {
        List<JsonNode> documents = new ArrayList<>();
        try {
            String text = utf8(Files.readAllBytes(f), where);
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).with(new CompactNodeFactory()).readValues(text)) {
                while (it.hasNextValue()) documents.add(it.nextValue());
            }
        } catch (JacksonException e) {
            throw invalid(where, "YAML", e);
        } catch (CharacterCodingException e) {
            // JSON is decoded by its parser; YAML is read as text first (found by SnapshotFuzzTest)
            throw new SnapshotException(where + "not valid YAML: not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Item> out = new ArrayList<>();
        int number = 0;
        boolean any = false;
        for (JsonNode doc : documents) {
            number++;
            if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
            any = true;
            if (!doc.isObject()) {
                throw new SnapshotException(where + "not a Kubernetes object or list (a JSON "
                        + doc.getNodeType().toString().toLowerCase() + ")");
            }
            int document = documents.size() > 1 ? number : 0;
            if (doc.has("items")) {
                JsonNode items = doc.get("items");
                if (!items.isArray() && !items.isNull()) throw itemsNotAnArray(where, items);
                JsonNode listKind = doc.get("kind");
                String itemKind = itemKind(listKind != null && listKind.isString() ? listKind.asString() : null, stem);
                for (int i = 0; i < items.size(); i++) {
                    JsonNode item = items.get(i);
                    Item it = item.isObject() ? tree((ObjectNode) item, itemKind) : notAnObject(FieldTypes.describe(item));
                    it.index = i;
                    it.document = document;
                    out.add(it);
                }
            } else if (doc.has("kind") && doc.has("metadata")) {
                Item it = tree((ObjectNode) doc, null);
                it.document = document;
                out.add(it);
            } else {
                throw notKubernetes(where);
            }
        }
        if (!any) throw new SnapshotException(where + "empty: no YAML document in it");
        return out;
    }

    /** The text of a YAML file; a byte that is not UTF-8 means it is not text at all (random bytes, a binary). */
    private static String utf8(byte[] bytes, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (MalformedInputException e) {
            int at = firstMalformed(bytes);
            throw new SnapshotException(where + "not a Kubernetes JSON or YAML file: byte " + (at + 1) + " (0x"
                    + String.format("%02X", bytes[at] & 0xff) + ") is not UTF-8 text (is it a binary file?)", e);
        } catch (CharacterCodingException e) {
            throw new SnapshotException(where + "not UTF-8 text: " + e.getMessage(), e);
        }
    }

    private static int firstMalformed(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(bytes.length), true);
        return Math.min(in.position(), bytes.length - 1);
    }

    private static Item tree(ObjectNode node, String defaultKind) {
        Item i = new Item();
        i.node = node;
        i.kind = defaultKind;
        i.streamed = false;
        return i;
    }

    private static Item notAnObject(String what) {
        Item i = new Item();
        i.problem = "is " + what + ", expected a Kubernetes object";
        return i;
    }

    private static SnapshotException itemsNotAnArray(String where, JsonNode items) {
        return new SnapshotException(where + "'items' is " + FieldTypes.describe(items) + ", expected an array of"
                + " Kubernetes objects");
    }

    /** The kind of a List's items: {@code PodList} holds Pods; a plain {@code List} says nothing, the file name may. */
    static String itemKind(String listKind, String stem) {
        return listKind != null && listKind.endsWith("List") && !listKind.equals("List")
                ? listKind.substring(0, listKind.length() - 4) : SnapshotReader.KIND_OF_FILE.get(stem);
    }

    /**
     * Streams one JSON file onto a {@link JsonTape} (ADR 0011): each object of a List, or the file's one object, becomes
     * a tape-backed node. What {@code SnapshotReader} would otherwise patch in is written while streaming, so no object needs
     * copying off the tape: the kind of List items that lack one, the namespace of the directory, and the
     * managedFields and last-applied annotation, which are skipped unread.
     */
    private static List<Item> readJson(Path f, String stem, String namespaceDir, String where) {
        List<Item> items = new ArrayList<>();
        JsonTape tape;
        try (InputStream in = Files.newInputStream(f); JsonParser p = JSON.createParser(in)) {
            tape = new JsonTape(Files.size(f));
            JsonToken t = p.nextToken();
            if (t == null) throw new SnapshotException(where + "empty: no JSON value in it, only white space");
            if (t == JsonToken.VALUE_NULL) throw new SnapshotException(where + "holds only JSON null");
            if (t != JsonToken.START_OBJECT) {
                throw new SnapshotException(where + "not a Kubernetes object or list (a JSON " + describe(t) + ")");
            }
            int root = tape.beginObject();
            int count = 0;
            String listKind = null;
            boolean list = false;
            boolean hasKind = false;
            boolean hasMetadata = false;
            String field;
            while ((field = p.nextName()) != null) {
                t = p.nextToken();
                if (field.equals("items") && t == JsonToken.START_ARRAY) {
                    list = true;
                    String kind = itemKind(listKind, stem);
                    int index = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        Item item;
                        if (t == JsonToken.START_OBJECT) {
                            item = copyObject(p, tape, kind, namespaceDir);
                        } else {
                            item = notAnObject(t == JsonToken.VALUE_NULL ? "null" : describeValue(p, t));
                            p.skipChildren();
                        }
                        item.index = index++;
                        items.add(item);
                    }
                    continue;
                }
                if (field.equals("items") && t != JsonToken.VALUE_NULL) {
                    throw new SnapshotException(where + "'items' is " + describeValue(p, t) + ", expected an array of"
                            + " Kubernetes objects");
                }
                if (field.equals("kind") && t == JsonToken.VALUE_STRING) {
                    listKind = p.getString();
                    hasKind = true;
                }
                hasMetadata |= field.equals("metadata");
                tape.name(field);
                tape.copy(p, t);
                count++;
            }
            tape.endContainer(root, count);
            if (p.nextToken() != null) {
                throw new SnapshotException(where + "not valid JSON: more content after the first value (line "
                        + p.currentLocation().getLineNr() + ")");
            }
            if (!list) {
                if (!(hasKind && hasMetadata)) throw notKubernetes(where);
                // a single object: stream it again the way List items are, so its metadata is trimmed alike
                return readSingle(f, namespaceDir);
            }
        } catch (JacksonException e) {
            throw invalid(where, "JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    private static List<Item> readSingle(Path f, String namespaceDir) throws IOException {
        JsonTape tape = new JsonTape(Files.size(f));
        try (InputStream in = Files.newInputStream(f); JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            return List.of(copyObject(p, tape, null, namespaceDir));
        }
    }

    /** Copies a Kubernetes object whose START_OBJECT was just read, adding its kind when missing. */
    private static Item copyObject(JsonParser p, JsonTape tape, String defaultKind, String namespaceDir) {
        Item out = new Item();
        int at = tape.beginObject();
        int count = 0;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            tape.name(field);
            if (field.equals("kind") && t == JsonToken.VALUE_STRING) {
                out.kind = tape.shared(p);
                tape.string(p);
            } else if (field.equals("metadata") && t == JsonToken.START_OBJECT) {
                copyMetadata(p, tape, out.kind != null ? out.kind : defaultKind, namespaceDir, out);
            } else {
                tape.copy(p, t);
            }
            count++;
        }
        if (out.kind == null && defaultKind != null) {
            out.kind = defaultKind;
            tape.name("kind");
            tape.string(defaultKind);
            count++;
        }
        tape.endContainer(at, count);
        out.node = TapeObjectMap.wrap(tape, at, null, null);
        return out;
    }

    /** managedFields and the last-applied annotation are often most of an object's size, and no analyzer reads them. */
    private static void copyMetadata(JsonParser p, JsonTape tape, String kind, String namespaceDir, Item out) {
        int at = tape.beginObject();
        int count = 0;
        boolean hasNamespace = false;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            if (field.equals("managedFields") || field.equals("namespace") && t == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            tape.name(field);
            if (t == JsonToken.VALUE_STRING && field.equals("name")) {
                tape.string(p);
            } else if (t == JsonToken.VALUE_STRING && field.equals("namespace")) {
                hasNamespace = true;
                out.namespace = tape.shared(p);
                tape.string(p);
            } else if (field.equals("annotations") && t == JsonToken.START_OBJECT) {
                int annotations = tape.beginObject();
                int n = 0;
                String key;
                while ((key = p.nextName()) != null) {
                    JsonToken v = p.nextToken();
                    if (key.equals(LAST_APPLIED)) {
                        p.skipChildren();
                        continue;
                    }
                    tape.name(key);
                    tape.copy(p, v);
                    n++;
                }
                tape.endContainer(annotations, n);
            } else {
                tape.copy(p, t);
            }
            count++;
        }
        if (!hasNamespace && namespaceDir != null && kind != null && SnapshotReader.isNamespaced(kind)) {
            out.namespace = namespaceDir;
            tape.name("namespace");
            tape.string(namespaceDir);
            count++;
        }
        tape.endContainer(at, count);
    }

    /** The value the parser is at, as a warning names it (as {@link FieldTypes#describe} does for a node). */
    private static String describeValue(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> {
                String s = p.getString();
                yield "a string (\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\")";
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + p.getString() + ")";
            default -> p.getString();
        };
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> t.name().toLowerCase();
        };
    }


    private static SnapshotException invalid(String where, String format, JacksonException e) {
        return new SnapshotException(where + "not valid " + format + ": " + oneLine(e.getOriginalMessage())
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }

    private static SnapshotException notKubernetes(String where) {
        return new SnapshotException(where + "not Kubernetes JSON/YAML: no 'items' list and no 'kind' with 'metadata'");
    }

    /** Parser messages span several lines with a caret under the column; a report line needs one. */
    private static String oneLine(String message) {
        return message == null ? "" : message.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("\\^+")).reduce((a, b) -> a + " " + b).orElse("");
    }
}
