package dev.aiops.domain.diagnosis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One problem, with the most specific root cause the evidence supports. Pod-level problems name a pod in
 * {@code object} and its top-level controller in {@code owner}.
 */
public record Finding(
        String id,
        Category category,
        Severity severity,
        ObjectRef object,
        ObjectRef owner,
        String summary,
        String rootCause,
        List<Evidence> evidence,
        List<Remediation> remediation,
        List<ObjectRef> related,
        String explanation) {

    public Finding {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(object, "object");
        evidence = List.copyOf(evidence);
        remediation = List.copyOf(remediation);
        related = related == null ? List.of() : List.copyOf(related);
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("a finding needs evidence");
        }
        if (id == null) {
            id = stableId(category, owner != null ? owner : object);
        }
    }

    /** The object findings are grouped and deduplicated by: the owner when there is one. */
    public ObjectRef subject() {
        return owner != null ? owner : object;
    }

    public Finding withExplanation(String text) {
        return new Finding(id, category, severity, object, owner, summary, rootCause, evidence, remediation, related,
                text);
    }

    /** Stable across runs: derived from the category and the object (or its owner) only. */
    static String stableId(Category category, ObjectRef ref) {
        String key = category + "|" + ref.kind() + "|" + ref.namespace() + "|" + ref.name();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return category.name().toLowerCase() + "-" + HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
