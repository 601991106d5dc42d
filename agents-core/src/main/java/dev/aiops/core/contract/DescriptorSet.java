package dev.aiops.core.contract;

import java.util.List;

/**
 * What loading a set of descriptor files produced: every descriptor that could be read, and every problem
 * with the ones that could not. One broken file never hides the others.
 */
public record DescriptorSet(List<AgentDescriptor> descriptors, List<DescriptorProblem> problems) {

    public DescriptorSet {
        descriptors = List.copyOf(descriptors);
        problems = List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }
}
