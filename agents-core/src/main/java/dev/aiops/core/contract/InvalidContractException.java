package dev.aiops.core.contract;

import java.util.List;
import java.util.stream.Collectors;

/** A descriptor, contract or schema that cannot be accepted, with every violation found (not just the first). */
public class InvalidContractException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<SchemaViolation> violations;

    public InvalidContractException(String message, List<SchemaViolation> violations) {
        super(message + (violations.isEmpty() ? "" : ": " + violations.stream()
                .map(SchemaViolation::toString).collect(Collectors.joining("; "))));
        this.violations = List.copyOf(violations);
    }

    public List<SchemaViolation> violations() {
        return violations;
    }
}
