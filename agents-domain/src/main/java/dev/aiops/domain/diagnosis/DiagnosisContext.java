package dev.aiops.domain.diagnosis;

import dev.aiops.core.context.ContextBlock;
import dev.aiops.core.context.ContextProvider;
import java.util.List;
import java.util.function.Supplier;

/**
 * A diagnosis report as injected context for agents that talk to a model: the Markdown rendering (findings by
 * severity with their root causes and remediation), which reads better to a model than the JSON contract.
 */
public final class DiagnosisContext {

    private DiagnosisContext() {
    }

    /** A provider that renders the report {@code report} supplies, when a request is assembled. */
    public static ContextProvider provider(Supplier<DiagnosisReport> report, int priority, int maxTokens) {
        return query -> {
            DiagnosisReport r = report.get();
            if (r == null) {
                return List.of();
            }
            return List.of(new ContextBlock("diagnosis", "Diagnosis of " + r.sourceType() + " " + r.sourceName(),
                    ReportText.markdown(r), priority, maxTokens));
        };
    }
}
