package dev.aiops.domain.runbook;

import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runbooks from findings, with no model: confirm the cause, save the current state of every object the fix will
 * change ({@code kubectl get -o yaml} to a file), apply the finding's reviewed remediation, verify (rollout status
 * or endpoints, then a fresh diagnosis of the category), and a rollback plan that re-applies the saved state (or
 * deletes what the fix created). The objects a command changes are read from the command itself.
 */
public final class RunbookGenerator {

    private static final Set<String> MUTATING = Set.of("patch", "set", "scale", "edit", "apply", "replace", "create",
            "delete", "label", "annotate", "drain", "cordon", "uncordon", "taint", "autoscale");
    private static final Set<String> WORKLOADS = Set.of("deployment", "statefulset", "daemonset");

    private RunbookGenerator() {
    }

    /** The runbook for {@code finding}. */
    public static Runbook generate(Finding finding) {
        ObjectRef target = finding.owner() != null ? finding.owner() : finding.object();
        List<Runbook.Step> steps = new ArrayList<>();
        steps.add(new Runbook.Step("Confirm the cause: " + finding.rootCause(),
                "kubectl describe " + kind(target) + " " + target.name() + ns(target.namespace()), false));
        Map<String, Change> changes = new LinkedHashMap<>();
        for (Remediation r : finding.remediation()) {
            Change c = r.command() == null ? null : change(r.command());
            if (c != null) {
                changes.putIfAbsent(c.kind() + "/" + c.name() + "@" + c.namespace(), c);
            }
        }
        for (Change c : changes.values()) {
            if (!c.creates()) {
                steps.add(new Runbook.Step("Save the current " + c.kind() + " " + c.name()
                        + " so the change can be rolled back", "kubectl get " + c.kind() + " " + c.name()
                        + ns(c.namespace()) + " -o yaml > " + c.file(), false));
            }
        }
        for (Remediation r : finding.remediation()) {
            steps.add(new Runbook.Step(r.description(), r.command(), r.destructive()));
        }
        if (WORKLOADS.contains(kind(target))) {
            steps.add(new Runbook.Step("Verify the rollout completes", "kubectl rollout status " + kind(target) + "/"
                    + target.name() + ns(target.namespace()) + " --timeout=5m", false));
        } else if (kind(target).equals("service")) {
            steps.add(new Runbook.Step("Verify the Service has ready endpoints", "kubectl get endpoints "
                    + target.name() + ns(target.namespace()), false));
        }
        steps.add(new Runbook.Step("Verify the finding is gone", "aiops diagnose -n "
                + (target.namespace() == null ? "<namespace>" : target.namespace()) + " --filter "
                + finding.category().name(), false));
        List<Runbook.Step> rollback = new ArrayList<>();
        for (Change c : changes.values()) {
            if (c.creates()) {
                rollback.add(new Runbook.Step("Remove the " + c.kind() + " the fix created", "kubectl delete "
                        + c.kind() + " " + c.name() + ns(c.namespace()), true));
            } else {
                rollback.add(new Runbook.Step("Restore the saved " + c.kind() + " " + c.name(),
                        "kubectl apply -f " + c.file(), false));
                if (WORKLOADS.contains(c.kind())) {
                    rollback.add(new Runbook.Step("Or return the " + c.kind() + " to its previous revision",
                            "kubectl rollout undo " + c.kind() + "/" + c.name() + ns(c.namespace()), false));
                }
            }
        }
        if (rollback.isEmpty()) {
            rollback.add(new Runbook.Step("Nothing to roll back: no step changes the cluster.", null, false));
        }
        String title = finding.category().name() + ": " + target.kind() + " "
                + (target.namespace() == null ? "" : target.namespace() + "/") + target.name();
        return new Runbook(finding.id(), title, steps, rollback);
    }

    /** An object a command changes. */
    record Change(String kind, String name, String namespace, boolean creates) {
        String file() {
            return "before-" + kind + "-" + name + ".yaml";
        }
    }

    /** What {@code command} changes, or null when it only reads. */
    static Change change(String command) {
        String[] pipeline = command.split("\\|");
        boolean pipedWrite = false;
        for (int i = 1; i < pipeline.length; i++) {
            String p = pipeline[i].trim();
            pipedWrite |= p.startsWith("kubectl replace") || p.startsWith("kubectl apply");
        }
        List<String> t = new ArrayList<>(List.of(pipeline[0].trim().split("\\s+")));
        if (t.isEmpty() || !t.get(0).equals("kubectl")) {
            return null;
        }
        String namespace = null;
        List<String> words = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            String w = t.get(i);
            if ((w.equals("-n") || w.equals("--namespace")) && i + 1 < t.size()) {
                namespace = t.get(++i);
            } else if (w.startsWith("--namespace=")) {
                namespace = w.substring(12);
            } else if (w.startsWith("-")) {
                if (!w.contains("=") && i + 1 < t.size() && Set.of("-c", "-p", "--type", "-l", "-o").contains(w)) {
                    i++;
                }
            } else {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            return null;
        }
        String verb = words.get(0);
        int at = 1;
        boolean mutating = MUTATING.contains(verb) || pipedWrite;
        if (verb.equals("rollout") && words.size() > 1) {
            mutating = Set.of("restart", "undo", "pause", "resume").contains(words.get(1));
            at = 2;
        } else if (verb.equals("set") || verb.equals("create") && words.size() > 2 && words.get(1).equals("secret")) {
            at = 2;
        }
        if (!mutating || words.size() <= at) {
            return null;
        }
        String kind;
        String name;
        String first = words.get(at);
        if (first.contains("/")) {
            kind = first.substring(0, first.indexOf('/'));
            name = first.substring(first.indexOf('/') + 1);
        } else if (words.size() > at + 1) {
            kind = verb.equals("create") && words.get(1).equals("secret") ? "secret" : first;
            name = verb.equals("create") && words.get(1).equals("secret") ? words.get(at + 1) : words.get(at + 1);
        } else {
            return null;
        }
        return new Change(normalize(kind), name, namespace, verb.equals("create"));
    }

    private static String normalize(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "deploy", "deployments" -> "deployment";
            case "sts", "statefulsets" -> "statefulset";
            case "ds", "daemonsets" -> "daemonset";
            case "cm", "configmaps" -> "configmap";
            case "svc", "services" -> "service";
            case "secrets" -> "secret";
            default -> k;
        };
    }

    private static String kind(ObjectRef o) {
        return normalize(o.kind());
    }

    private static String ns(String namespace) {
        return namespace == null ? "" : " -n " + namespace;
    }
}
