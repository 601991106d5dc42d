package dev.aiops.domain.scaling;

import dev.aiops.core.contract.Durations;
import java.util.Locale;

/** A {@link ScalingReport} for people: plain text for terminals, Markdown for tickets and pull requests. */
public final class ScalingReportText {

    private ScalingReportText() {
    }

    public static String text(ScalingReport r) {
        StringBuilder b = new StringBuilder();
        b.append("Scaling advice from ").append(source(r)).append(", ").append(r.start()).append(" to ")
                .append(r.end()).append(r.step() == null ? "" : " at " + Durations.text(r.step())).append('\n');
        Workload last = null;
        for (ContainerAdvice a : r.containers()) {
            if (!a.workload().equals(last)) {
                b.append('\n').append(a.workload()).append('\n');
                last = a.workload();
            }
            b.append("  ").append(a.container()).append(": ");
            if (a.recommended() == null) {
                b.append(a.status().wire()).append(": ").append(a.reason()).append('\n');
                continue;
            }
            b.append("cpu ").append(or(Sizes.cpu(a.current().cpuRequest()))).append(" -> ")
                    .append(Sizes.cpu(a.recommended().cpuRequest())).append(", memory ")
                    .append(or(Sizes.memory(a.current().memoryRequest()))).append(" -> ")
                    .append(Sizes.memory(a.recommended().memoryRequest())).append(" (limit ")
                    .append(Sizes.memory(a.recommended().memoryLimit())).append("), confidence ")
                    .append(String.format(Locale.ROOT, "%.2f", a.confidence())).append(", ")
                    .append(money(a.monthlyCostDelta(), r.currency())).append("/month\n");
            b.append("    why: ").append(a.reasoning().path("cpu").path("formula").asString()).append("; ")
                    .append(a.reasoning().path("memory").path("formula").asString()).append('\n');
            if (a.reasoning().has("oom")) {
                b.append("    OOM kills: ").append(a.reasoning().path("oom").path("kills").asInt()).append(", memory at"
                        + " kill ").append(a.reasoning().path("oom").path("memoryAtKill").asString()).append('\n');
            }
        }
        if (!r.replicas().isEmpty()) b.append("\nReplicas\n");
        for (ReplicaAdvice a : r.replicas()) {
            b.append("  ").append(a.workload()).append(": ").append(a.current()).append(" -> ")
                    .append(a.recommended()).append(" (").append(a.reasoning().path("formula").asString())
                    .append(")\n");
        }
        b.append('\n').append(summary(r)).append('\n');
        for (String w : r.warnings()) b.append("warning: ").append(w).append('\n');
        return b.toString();
    }

    public static String markdown(ScalingReport r) {
        StringBuilder b = new StringBuilder("# Scaling advice\n\n");
        b.append("Source: ").append(source(r)).append(". Window: ").append(r.start()).append(" to ").append(r.end())
                .append(r.step() == null ? "" : ", step " + Durations.text(r.step())).append(".\n\n");
        b.append("| workload | container | status | CPU request | memory request | memory limit | confidence | "
                + "monthly | why |\n|---|---|---|---|---|---|---|---|---|\n");
        for (ContainerAdvice a : r.containers()) {
            b.append("| ").append(cell(a.workload().toString())).append(" | ").append(cell(a.container())).append(" | ");
            if (a.recommended() == null) {
                b.append(a.status().wire()).append(" | | | | | | ").append(cell(a.reason())).append(" |\n");
                continue;
            }
            b.append("ok | ").append(or(Sizes.cpu(a.current().cpuRequest()))).append(" → ")
                    .append(Sizes.cpu(a.recommended().cpuRequest())).append(" | ")
                    .append(or(Sizes.memory(a.current().memoryRequest()))).append(" → ")
                    .append(Sizes.memory(a.recommended().memoryRequest())).append(" | ")
                    .append(Sizes.memory(a.recommended().memoryLimit())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", a.confidence())).append(" | ")
                    .append(money(a.monthlyCostDelta(), r.currency())).append(" | ")
                    .append(cell(a.reasoning().path("memory").path("formula").asString())).append(" |\n");
        }
        if (!r.replicas().isEmpty()) {
            b.append("\n## Replicas\n\n| workload | current | recommended | why |\n|---|---|---|---|\n");
            for (ReplicaAdvice a : r.replicas()) {
                b.append("| ").append(cell(a.workload().toString())).append(" | ").append(a.current()).append(" | ")
                        .append(a.recommended()).append(" | ").append(cell(a.reasoning().path("formula").asString()))
                        .append(" |\n");
            }
        }
        b.append('\n').append(summary(r)).append('\n');
        if (!r.warnings().isEmpty()) {
            b.append("\n## Warnings\n\n");
            r.warnings().forEach(w -> b.append("- ").append(cell(w)).append('\n'));
        }
        return b.toString();
    }

    static String summary(ScalingReport r) {
        long ok = r.containers().stream().filter(a -> a.recommended() != null).count();
        double savings = 0;
        double increases = 0;
        for (ContainerAdvice a : r.containers()) {
            if (a.recommended() == null) continue;
            if (a.monthlyCostDelta() < 0) savings -= a.monthlyCostDelta();
            else increases += a.monthlyCostDelta();
        }
        return String.format(Locale.ROOT, "%d of %d containers with a recommendation: saves %.2f %s and adds %.2f %s"
                + " per month", ok, r.containers().size(), savings, r.currency(), increases, r.currency());
    }

    static String money(double v, String currency) {
        return String.format(Locale.ROOT, "%+.2f %s", v, currency);
    }

    private static String source(ScalingReport r) {
        return r.sourceUrl() == null ? r.sourceType() : r.sourceType() + " " + r.sourceUrl();
    }

    private static String or(String s) {
        return s == null ? "unset" : s;
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
