package dev.aiops.infra.k8s.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The demo cluster's objects and logs, read from {@code dev/aiops/infra/k8s/demo/} on the class path:
 * {@code index.txt} names the files and the instant their timestamps were written against ({@code anchor=}); every
 * RFC 3339 timestamp in the objects and the logs is moved by (now - anchor), so that the cluster always looks as
 * if the faults started minutes ago.
 */
final class DemoSeed {

    static final String BASE = "/dev/aiops/infra/k8s/demo/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\b(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})?Z\\b");
    private static final Pattern LOG_FILE = Pattern.compile("^logs/([^/]+)/([^/]+)/([^/]+?)(\\.previous)?\\.log$");

    /** One container log. */
    record Log(String namespace, String pod, String container, boolean previous, String text) {
    }

    final List<ObjectNode> objects = new ArrayList<>();
    final List<Log> logs = new ArrayList<>();

    private DemoSeed() {
    }

    static DemoSeed load(Instant now) {
        DemoSeed seed = new DemoSeed();
        Instant anchor = null;
        List<String> files = new ArrayList<>();
        for (String line : read("index.txt").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.startsWith("anchor=")) {
                anchor = Instant.parse(l.substring("anchor=".length()));
            } else {
                files.add(l);
            }
        }
        if (anchor == null) throw new IllegalStateException(BASE + "index.txt has no anchor= line");
        Duration shift = Duration.between(anchor, now.truncatedTo(ChronoUnit.SECONDS));
        for (String file : files) {
            if (file.startsWith("objects/")) {
                JsonNode doc = JSON.readTree(read(file));
                for (JsonNode item : doc.path("items")) {
                    if (item instanceof ObjectNode o) {
                        shiftTimestamps(o, shift);
                        seed.objects.add(o);
                    }
                }
            } else {
                Matcher m = LOG_FILE.matcher(file);
                if (!m.matches()) throw new IllegalStateException(BASE + "index.txt: not a log file: " + file);
                seed.logs.add(new Log(m.group(1), m.group(2), m.group(3), m.group(4) != null,
                        shiftText(read(file), shift)));
            }
        }
        return seed;
    }

    private static String read(String file) {
        try (InputStream in = DemoSeed.class.getResourceAsStream(BASE + file)) {
            if (in == null) throw new IllegalStateException("missing demo seed file " + BASE + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void shiftTimestamps(JsonNode node, Duration shift) {
        if (node instanceof ObjectNode o) {
            for (String name : new ArrayList<>(o.propertyNames())) {
                JsonNode v = o.get(name);
                if (v.isString()) {
                    String shifted = shiftText(v.asString(), shift);
                    if (!shifted.equals(v.asString())) o.put(name, shifted);
                } else {
                    shiftTimestamps(v, shift);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = a.get(i);
                if (v.isString()) {
                    a.set(i, StringNode.valueOf(shiftText(v.asString(), shift)));
                } else {
                    shiftTimestamps(v, shift);
                }
            }
        }
    }

    /** Moves every RFC 3339 UTC timestamp in {@code text}, keeping its precision. */
    static String shiftText(String text, Duration shift) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.find()) return text;
        StringBuilder sb = new StringBuilder();
        do {
            String fraction = m.group(2) == null ? "" : m.group(2);
            String replacement;
            try {
                Instant t = Instant.parse(m.group(1) + fraction + "Z").plus(shift);
                String whole = t.truncatedTo(ChronoUnit.SECONDS).toString();
                whole = whole.substring(0, whole.length() - 1);
                String frac = "";
                if (!fraction.isEmpty()) {
                    String nanos = String.format("%09d", t.getNano());
                    frac = "." + nanos.substring(0, fraction.length() - 1);
                }
                replacement = whole + frac + "Z";
            } catch (DateTimeParseException e) {
                replacement = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
