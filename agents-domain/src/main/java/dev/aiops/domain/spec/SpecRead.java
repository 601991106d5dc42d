package dev.aiops.domain.spec;

import java.util.List;

/**
 * What {@link SpecReader} made of one file.
 *
 * @param spec     the spec, or null unless the file had no problem at all
 * @param problems every problem found, in document order
 */
public record SpecRead(DeploymentSpec spec, List<SpecProblem> problems) {

    public SpecRead {
        problems = List.copyOf(problems);
        if (spec != null && !problems.isEmpty()) {
            throw new IllegalArgumentException("a spec with problems is not handed out");
        }
        if (spec == null && problems.isEmpty()) {
            throw new IllegalArgumentException("a file that yields no spec has a problem");
        }
    }

    /** False when the file could not be read or is not YAML. */
    public boolean readable() {
        return problems.stream().noneMatch(p -> p.kind() == SpecProblem.Kind.UNREADABLE);
    }

    /** True when the file holds a spec without problems. */
    public boolean valid() {
        return spec != null;
    }
}
