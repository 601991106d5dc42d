package dev.aiops.domain.scaling;

import java.util.Comparator;

/** A workload: the Deployment, StatefulSet, DaemonSet, ... that owns pods (a bare pod is its own workload). */
public record Workload(String kind, String namespace, String name) implements Comparable<Workload> {

    private static final Comparator<Workload> ORDER = Comparator.comparing(Workload::namespace)
            .thenComparing(Workload::name).thenComparing(Workload::kind);

    @Override
    public int compareTo(Workload o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
