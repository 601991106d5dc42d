package dev.aiops.domain.diagnosis;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Masks the names of a cluster in a report, consistently (the same name always gets the same mask, so the
 * report still reads), everywhere: object references, summaries, root causes, evidence, commands. Namespaces,
 * object names, node names, image repositories and IP addresses are masked.
 */
public final class Anonymizer {

    private static final Pattern IP = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b");

    private final Map<String, String> masks = new LinkedHashMap<>();
    private final List<String> ordered;
    private final Map<String, Integer> counters = new HashMap<>();

    private Anonymizer(ClusterSnapshot snapshot) {
        for (String ns : snapshot.namespaces()) mask(ns, "ns");
        for (JsonNode n : snapshot.objects("Node")) mask(K8s.name(n), "node");
        for (JsonNode p : snapshot.objects("Pod")) mask(K8s.name(p), "pod");
        for (String kind : snapshot.kinds()) {
            for (JsonNode o : snapshot.objects(kind)) {
                // a Deployment, its Service and its Endpoints usually share a name: one neutral mask for all of them
                mask(K8s.name(o), "name");
                for (JsonNode c : o.path("spec").path("containers")) {
                    mask(K8s.text(c.get("name")), "container");
                    String image = K8s.text(c.get("image"));
                    if (image != null) mask(image.replaceFirst("[:@].*$", ""), "image");
                }
            }
        }
        List<String> names = new ArrayList<>(masks.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        this.ordered = names;
    }

    public static Anonymizer forSnapshot(ClusterSnapshot snapshot) {
        return new Anonymizer(snapshot);
    }

    private void mask(String name, String prefix) {
        if (name == null || name.length() < 3 || masks.containsKey(name)) return;
        masks.put(name, prefix + "-" + counters.merge(prefix, 1, Integer::sum));
    }

    public DiagnosisReport apply(DiagnosisReport r) {
        List<Finding> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            List<Evidence> ev = new ArrayList<>();
            f.evidence().forEach(e -> ev.add(new Evidence(e.source(), text(e.text()))));
            List<Remediation> rem = new ArrayList<>();
            f.remediation().forEach(m -> rem.add(new Remediation(text(m.description()),
                    m.command() == null ? null : text(m.command()), m.destructive())));
            List<ObjectRef> related = new ArrayList<>();
            f.related().forEach(x -> related.add(ref(x)));
            findings.add(new Finding(f.id(), f.category(), f.severity(), ref(f.object()),
                    f.owner() == null ? null : ref(f.owner()), text(f.summary()), text(f.rootCause()), ev, rem, related,
                    f.explanation() == null ? null : text(f.explanation())));
        }
        List<String> warnings = new ArrayList<>();
        r.warnings().forEach(w -> warnings.add(text(w)));
        return new DiagnosisReport(r.generatedAt(), r.sourceType(), "anonymized", r.objectsScanned(), r.durationMs(),
                findings, warnings);
    }

    private ObjectRef ref(ObjectRef r) {
        return new ObjectRef(r.kind(), r.namespace() == null ? null : name(r.namespace()), name(r.name()));
    }

    private String name(String n) {
        String m = masks.get(n);
        return m != null ? m : text(n);
    }

    /** Replaces every known name in {@code s}, longest first so that a pod name wins over its prefix. */
    public String text(String s) {
        if (s == null) return null;
        String out = s;
        for (String name : ordered) {
            if (out.contains(name)) {
                out = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(name) + "(?![A-Za-z0-9])").matcher(out)
                        .replaceAll(Matcher.quoteReplacement(masks.get(name)));
            }
        }
        return IP.matcher(out).replaceAll("x.x.x.x");
    }
}
