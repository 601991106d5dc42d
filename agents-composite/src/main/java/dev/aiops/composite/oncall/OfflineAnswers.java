package dev.aiops.composite.oncall;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Answers free text without a model: the objects, namespaces and kinds of problem named in the question are matched
 * against the diagnosis, and the answer is the matching findings with their root cause, evidence and fix.
 */
final class OfflineAnswers {

    static final String NOTE = "(Answered from the diagnosis without a model; configure one (AIOPS_LLM_MODEL, see"
            + " the README) for conversation.)";
    private static final int MAX_FINDINGS = 6;
    private static final Map<String, List<Category>> WORDS = Map.ofEntries(
            Map.entry("crash", List.of(Category.CrashLoopBackOff)), Map.entry("crashing", List.of(Category.CrashLoopBackOff)),
            Map.entry("crashloop", List.of(Category.CrashLoopBackOff)), Map.entry("restarting", List.of(Category.CrashLoopBackOff)),
            Map.entry("oom", List.of(Category.OOMKilled)), Map.entry("memory", List.of(Category.OOMKilled)),
            Map.entry("image", List.of(Category.ImagePullError)), Map.entry("pull", List.of(Category.ImagePullError)),
            Map.entry("pending", List.of(Category.Unschedulable, Category.PVCPending)),
            Map.entry("scheduled", List.of(Category.Unschedulable)), Map.entry("schedule", List.of(Category.Unschedulable)),
            Map.entry("probe", List.of(Category.ProbeFailure)), Map.entry("ready", List.of(Category.ProbeFailure)),
            Map.entry("endpoints", List.of(Category.ServiceNoEndpoints)),
            Map.entry("service", List.of(Category.ServiceNoEndpoints, Category.ServiceMisconfigured)),
            Map.entry("ingress", List.of(Category.IngressMisconfigured)),
            Map.entry("volume", List.of(Category.VolumeMountError, Category.PVCPending)),
            Map.entry("storage", List.of(Category.PVCPending)), Map.entry("pvc", List.of(Category.PVCPending)),
            Map.entry("secret", List.of(Category.ContainerConfigError)), Map.entry("config", List.of(Category.ContainerConfigError)),
            Map.entry("rollout", List.of(Category.RolloutStuck)), Map.entry("deploy", List.of(Category.RolloutStuck)),
            Map.entry("job", List.of(Category.JobFailed)), Map.entry("cronjob", List.of(Category.CronJobMisconfigured)),
            Map.entry("node", List.of(Category.NodeUnhealthy)), Map.entry("hpa", List.of(Category.HPAMisconfigured)),
            Map.entry("autoscaler", List.of(Category.HPAMisconfigured)), Map.entry("rbac", List.of(Category.RBACDenied)),
            Map.entry("forbidden", List.of(Category.RBACDenied)), Map.entry("quota", List.of(Category.QuotaExceeded)),
            Map.entry("network", List.of(Category.NetworkPolicyIssue, Category.DependencyUnreachable)),
            Map.entry("dns", List.of(Category.DependencyUnreachable)),
            Map.entry("connection", List.of(Category.DependencyUnreachable)),
            Map.entry("database", List.of(Category.DependencyUnreachable)));

    private OfflineAnswers() {
    }

    /** The findings the question is about, most severe first. */
    static List<Finding> relevant(String question, DiagnosisReport report, Grounding names) {
        List<String> words = words(question);
        Set<Finding> byObject = new LinkedHashSet<>();
        Set<Finding> byCategory = new LinkedHashSet<>();
        Set<Category> categories = new LinkedHashSet<>();
        for (String w : words) {
            for (Category c : Category.values()) {
                if (c.name().toLowerCase(Locale.ROOT).equals(w)) {
                    categories.add(c);
                }
            }
            categories.addAll(WORDS.getOrDefault(w, List.of()));
        }
        for (Finding f : report.findings()) {
            for (String w : words) {
                if (w.length() >= 3 && names.exists(w) && about(f, w)) {
                    byObject.add(f);
                }
            }
            if (categories.contains(f.category())) {
                byCategory.add(f);
            }
        }
        List<Finding> out = new ArrayList<>();
        if (!byObject.isEmpty()) {
            // named objects narrow down; a category word then picks among them
            for (Finding f : byObject) {
                if (categories.isEmpty() || categories.contains(f.category()) || byObject.size() <= MAX_FINDINGS) {
                    out.add(f);
                }
            }
        } else if (!byCategory.isEmpty()) {
            out.addAll(byCategory);
        } else if (general(words) && unknownNames(words, names).isEmpty()) {
            out.addAll(report.findings());
        }
        out.sort((a, b) -> a.severity().compareTo(b.severity()));
        return out.size() > MAX_FINDINGS ? out.subList(0, MAX_FINDINGS) : out;
    }

    static String answer(String question, DiagnosisReport report, Grounding names) {
        List<Finding> found = relevant(question, report, names);
        StringBuilder sb = new StringBuilder();
        if (found.isEmpty()) {
            List<String> unknown = unknownNames(words(question), names);
            sb.append("The diagnosis has no finding about that");
            if (!unknown.isEmpty()) {
                sb.append("; no object named ").append(String.join(", ", unknown)).append(" exists in the cluster");
            }
            sb.append(". ").append(report.findings().size()).append(" findings in all: /findings lists them, ")
                    .append("/diagnose runs the diagnosis again.\n");
        } else {
            sb.append(found.size() == 1 ? "One finding matches:" : found.size() + " findings match, most severe first:")
                    .append('\n');
            for (Finding f : found) {
                sb.append('\n').append(describe(f));
            }
        }
        return sb.append('\n').append(NOTE).append('\n').toString();
    }

    static String describe(Finding f) {
        StringBuilder sb = new StringBuilder();
        ObjectRef s = f.subject();
        sb.append("- ").append(f.severity().label().toUpperCase(Locale.ROOT)).append(' ').append(f.category())
                .append(" on ").append(s.kind()).append(' ').append(s.namespace() == null ? "" : s.namespace() + "/")
                .append(s.name()).append(" (").append(f.id()).append(")\n");
        sb.append("  cause: ").append(f.rootCause()).append('\n');
        int shown = 0;
        for (Evidence e : f.evidence()) {
            if (shown++ == 3) {
                break;
            }
            sb.append("  [").append(e.source()).append("] ").append(e.text()).append('\n');
        }
        for (Remediation r : f.remediation()) {
            if (r.command() != null) {
                sb.append("  fix: ").append(r.description()).append(": ").append(r.command()).append('\n');
                break;
            }
        }
        return sb.toString();
    }

    /** Words that look like object names (with a dash) but name nothing in the cluster. */
    private static List<String> unknownNames(List<String> words, Grounding names) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.contains("-") && !names.exists(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean about(Finding f, String word) {
        if (matches(f.object(), word) || (f.owner() != null && matches(f.owner(), word))) {
            return true;
        }
        for (ObjectRef r : f.related()) {
            if (matches(r, word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(ObjectRef r, String word) {
        return word.equals(r.name()) || word.equals(r.namespace());
    }

    private static boolean general(List<String> words) {
        for (String w : words) {
            if (List.of("wrong", "broken", "failing", "fail", "failed", "problem", "problems", "issue", "issues",
                    "down", "unhealthy", "error", "errors", "status", "health", "happening").contains(w)) {
                return true;
            }
        }
        return false;
    }

    static List<String> words(String question) {
        List<String> out = new ArrayList<>();
        for (String w : question.toLowerCase(Locale.ROOT).split("[^a-z0-9.\\-/]+")) {
            for (String part : w.split("/")) {
                String t = part.replaceAll("^[.\\-]+|[.\\-]+$", "");
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
