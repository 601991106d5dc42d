package dev.aiops.infra.k8s;

import tools.jackson.databind.JsonNode;

/** Equality-based label selectors, as {@code kubectl -l} takes them. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Whether {@code labels} satisfy an equality-based selector ({@code app=web,tier!=cache,release,!canary}); blank matches all. */
    public static boolean matches(JsonNode labels, String selector) {
        if (selector == null || selector.isBlank()) {
            return true;
        }
        for (String part : selector.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            boolean ok;
            int ne = p.indexOf("!=");
            int eq = p.indexOf('=');
            if (ne > 0) {
                ok = !p.substring(ne + 2).strip().equals(labels.path(p.substring(0, ne).strip()).asString(null));
            } else if (eq > 0) {
                ok = p.substring(p.lastIndexOf('=') + 1).strip()
                        .equals(labels.path(p.substring(0, eq).strip()).asString(null));
            } else if (p.startsWith("!")) {
                ok = !labels.has(p.substring(1).strip());
            } else {
                ok = labels.has(p);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
