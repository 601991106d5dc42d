package dev.aiops.domain.diagnosis;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a diagnosis produced, in the shape of the diagnosis-report v1 contract, plus the inputs that could not
 * be read ({@code warnings}).
 */
public record DiagnosisReport(
        Instant generatedAt,
        String sourceType,
        String sourceName,
        int objectsScanned,
        long durationMs,
        List<Finding> findings,
        List<String> warnings) {

    public static final String SCHEMA_VERSION = "1";

    public DiagnosisReport {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    public Map<Severity, Integer> bySeverity() {
        Map<Severity, Integer> out = new EnumMap<>(Severity.class);
        for (Finding f : findings) out.merge(f.severity(), 1, Integer::sum);
        return out;
    }

    /** True when some finding is at least as severe as {@code threshold}. */
    public boolean hasFindingsAtLeast(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }
}
