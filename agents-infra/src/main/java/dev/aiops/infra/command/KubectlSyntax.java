package dev.aiops.infra.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What kubectl's command line looks like: which flags take a value, the short flags, the resource names. */
final class KubectlSyntax {

    private KubectlSyntax() {
    }

    /**
     * Long flags that take a value, so {@code --flag value} consumes the next word. Boolean flags, and flags with an
     * optional value such as {@code --dry-run} and {@code --cascade}, only ever take one after {@code =}.
     */
    private static final Set<String> VALUE_FLAGS = Set.of(
            // global
            "as", "as-group", "as-uid", "cache-dir", "certificate-authority", "client-certificate", "client-key",
            "cluster", "context", "kubeconfig", "log-backtrace-at", "log-dir", "log-file", "log-file-max-size",
            "log-flush-frequency", "namespace", "password", "profile", "profile-output", "request-timeout", "server",
            "tls-server-name", "token", "user", "username", "v", "vmodule", "stderrthreshold",
            // get, describe, delete, logs, top, events, wait
            "output", "selector", "field-selector", "label-columns", "sort-by", "template", "chunk-size", "raw", "for",
            "types", "since", "since-time", "tail", "limit-bytes", "max-log-requests", "pod-running-timeout",
            "container", "timeout", "grace-period", "resource-version", "subresource",
            // apply, create, replace, patch, diff, edit
            "filename", "kustomize", "patch", "patch-file", "type", "field-manager", "prune-allowlist",
            "prune-whitelist", "concurrency",
            // create subcommands
            "image", "replicas", "port", "from", "from-literal", "from-file", "from-env-file", "schedule", "restart",
            "verb", "resource", "resource-name", "role", "clusterrole", "group", "serviceaccount", "hard", "scopes",
            "min-available", "max-unavailable", "rule", "class", "default-backend", "annotation", "duration",
            "audience", "bound-object-kind", "bound-object-name", "bound-object-uid", "value", "description",
            "preemption-policy", "cert", "key", "docker-server", "docker-username", "docker-password", "docker-email",
            "tcp", "node-port", "external-name", "clusterip", "aggregation-rule", "non-resource-url",
            // scale, autoscale, expose, run, rollout, set, label
            "current-replicas", "min", "max", "cpu-percent", "cpu", "name", "target-port", "protocol", "external-ip",
            "load-balancer-ip", "session-affinity", "labels", "overrides", "generator", "cluster-ip", "env",
            "limits", "requests", "image-pull-policy", "annotations", "hostport", "to-revision", "revision",
            "containers", "prefix", "keys",
            // exec, attach, cp, debug, port-forward, drain
            "pod", "retries", "target", "copy-to", "set-image", "custom", "address", "pod-selector",
            "skip-wait-for-delete-timeout",
            // explain, api-resources, cluster-info dump
            "api-version", "api-group", "verbs", "categories", "output-directory", "namespaces");

    /** Flags that take no value after these verbs although another verb's flag of the same name does. */
    private static final Map<String, Set<String>> BOOLEAN_FOR_VERB = Map.of(
            "logs", Set.of("prefix", "follow", "previous", "timestamps", "all-containers", "ignore-errors"),
            "top", Set.of("containers", "no-headers", "sum", "show-capacity", "use-protocol-buffers"),
            "config", Set.of("raw", "flatten", "minimal", "merge"));

    /** The verbs whose first positional argument is a subcommand, and which subcommands (null: any). */
    private static final Map<String, Set<String>> SUBCOMMANDS = new HashMap<>();

    static {
        SUBCOMMANDS.put("set", null);
        SUBCOMMANDS.put("rollout", null);
        SUBCOMMANDS.put("auth", null);
        SUBCOMMANDS.put("config", null);
        SUBCOMMANDS.put("cluster-info", Set.of("dump"));
        SUBCOMMANDS.put("apply", Set.of("edit-last-applied", "set-last-applied", "view-last-applied"));
        SUBCOMMANDS.put("create", Set.of("deployment", "deploy", "secret", "configmap", "cm", "service", "svc",
                "serviceaccount", "sa", "namespace", "ns", "job", "cronjob", "cj", "role", "rolebinding",
                "clusterrole", "clusterrolebinding", "quota", "resourcequota", "priorityclass", "pc",
                "poddisruptionbudget", "pdb", "ingress", "ing", "token"));
    }

    /** Canonical lower-case plurals by every name kubectl accepts for the common types. */
    private static final Map<String, String> RESOURCES = new HashMap<>();

    private static void resource(String plural, String... names) {
        RESOURCES.put(plural, plural);
        for (String n : names) {
            RESOURCES.put(n, plural);
        }
    }

    static {
        resource("pods", "po", "pod");
        resource("services", "svc", "service");
        resource("deployments", "deploy", "deployment");
        resource("statefulsets", "sts", "statefulset");
        resource("daemonsets", "ds", "daemonset");
        resource("replicasets", "rs", "replicaset");
        resource("replicationcontrollers", "rc", "replicationcontroller");
        resource("configmaps", "cm", "configmap");
        resource("secrets", "secret");
        resource("namespaces", "ns", "namespace");
        resource("nodes", "no", "node");
        resource("persistentvolumeclaims", "pvc", "persistentvolumeclaim");
        resource("persistentvolumes", "pv", "persistentvolume");
        resource("ingresses", "ing", "ingress");
        resource("ingressclasses", "ingressclass");
        resource("horizontalpodautoscalers", "hpa", "horizontalpodautoscaler");
        resource("cronjobs", "cj", "cronjob");
        resource("jobs", "job");
        resource("serviceaccounts", "sa", "serviceaccount");
        resource("networkpolicies", "netpol", "networkpolicy");
        resource("poddisruptionbudgets", "pdb", "poddisruptionbudget");
        resource("endpoints", "ep", "endpoint");
        resource("endpointslices", "endpointslice");
        resource("events", "ev", "event");
        resource("storageclasses", "sc", "storageclass");
        resource("customresourcedefinitions", "crd", "crds", "customresourcedefinition");
        resource("roles", "role");
        resource("rolebindings", "rolebinding");
        resource("clusterroles", "clusterrole");
        resource("clusterrolebindings", "clusterrolebinding");
        resource("resourcequotas", "quota", "resourcequota");
        resource("limitranges", "limits", "limitrange");
        resource("priorityclasses", "pc", "priorityclass");
        resource("leases", "lease");
        resource("componentstatuses", "cs", "componentstatus");
        resource("certificatesigningrequests", "csr", "certificatesigningrequest");
        resource("controllerrevisions", "controllerrevision");
        resource("podtemplates", "podtemplate");
        resource("runtimeclasses", "runtimeclass");
        resource("volumeattachments", "volumeattachment");
        resource("csidrivers", "csidriver");
        resource("csinodes", "csinode");
        resource("apiservices", "apiservice");
        resource("mutatingwebhookconfigurations", "mutatingwebhookconfiguration");
        resource("validatingwebhookconfigurations", "validatingwebhookconfiguration");
    }

    /** Verbs whose argument is a pod unless written TYPE/NAME. */
    private static final Set<String> POD_VERBS = Set.of("logs", "exec", "attach", "port-forward", "debug");
    /** Verbs whose argument is a node unless written TYPE/NAME. */
    private static final Set<String> NODE_VERBS = Set.of("drain", "cordon", "uncordon");
    /** Verbs taking TYPE NAME or TYPE/NAME. */
    private static final Set<String> TYPED_VERBS = Set.of("get", "describe", "delete", "edit", "label", "annotate",
            "patch", "scale", "autoscale", "expose", "rollout", "set", "taint", "replace", "wait", "top", "explain",
            "apply");

    /** The long name of a short flag as {@code verb} reads it, or null when it has none we know. */
    static String longName(String verb, char c) {
        return switch (c) {
            case 'n' -> "namespace";
            case 'A' -> "all-namespaces";
            case 'o' -> "output";
            case 'l' -> "selector";
            case 's' -> "server";
            case 'v' -> "v";
            case 'f' -> "logs".equals(verb) ? "follow" : "filename";
            case 'p' -> "logs".equals(verb) ? "previous" : "exec".equals(verb) ? "pod" : "patch";
            case 'c' -> "set".equals(verb) ? "containers" : "container";
            case 'i' -> "stdin";
            case 't' -> "tty";
            case 'R' -> "recursive";
            case 'w' -> "watch";
            case 'L' -> "label-columns";
            case 'k' -> "kustomize";
            case 'e' -> "env";
            case 'r' -> "replicas";
            case 'q' -> "quiet";
            case 'h' -> "help";
            default -> null;
        };
    }

    /** Whether {@code --name} takes a value after {@code verb}. */
    static boolean takesValue(String verb, String name) {
        if (name == null) {
            return false;
        }
        Set<String> booleans = verb == null ? null : BOOLEAN_FOR_VERB.get(verb);
        return (booleans == null || !booleans.contains(name)) && VALUE_FLAGS.contains(name);
    }

    /** The key of a flag in {@link KubectlCommand#flags()}: {@code -n}, {@code --namespace} and {@code namespace}. */
    static String flagKey(String verb, String flag) {
        if (flag == null) {
            return "";
        }
        String f = flag.strip();
        if (f.startsWith("--")) {
            return f;
        }
        String bare = f.startsWith("-") ? f.substring(1) : f;
        if (bare.length() == 1) {
            String name = longName(verb, bare.charAt(0));
            return name == null ? "-" + bare : "--" + name;
        }
        return "--" + bare;
    }

    /** The canonical lower-case plural of a resource type as written, e.g. {@code deployments.apps} or {@code po}. */
    static String canonical(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        int dot = t.indexOf('.');
        if (dot > 0) {
            t = t.substring(0, dot);
        }
        return RESOURCES.getOrDefault(t, t);
    }

    /** The canonical plurals of a comma-separated list of types. */
    private static String canonicalList(String types) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : types.split(",")) {
            if (!t.isBlank()) {
                out.add(canonical(t.strip()));
            }
        }
        return out.isEmpty() ? null : String.join(",", out);
    }

    /** The parts of a kubectl command line. */
    static final class Parsed {
        String verb;
        String subverb;
        String resource;
        String name;
        String namespace;
        final Map<String, List<String>> flags = new LinkedHashMap<>();
        final List<String> positional = new ArrayList<>();
        /** Where the arguments after {@code --} start in {@link #positional}, or -1. */
        int dashDash = -1;

        /** The last value of {@code --name}, or null. */
        String last(String name) {
            List<String> v = flags.get("--" + name);
            return v == null ? null : v.get(v.size() - 1);
        }

        List<String> values(String name) {
            return flags.getOrDefault("--" + name, List.of());
        }

        private void put(String key, String value) {
            flags.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    /** Parses {@code argv}, whose first word is {@code kubectl}, the way kubectl's flag parser (pflag) does. */
    static Parsed parse(List<String> argv) {
        Parsed p = new Parsed();
        boolean afterDashDash = false;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (afterDashDash) {
                p.positional.add(a);
            } else if (a.equals("--")) {
                afterDashDash = true;
                p.dashDash = p.positional.size();
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (value == null && takesValue(p.verb, name)) {
                    value = i + 1 < argv.size() ? argv.get(++i) : "";
                }
                p.put("--" + name, value == null ? "" : value);
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    String name = longName(p.verb, a.charAt(j));
                    String key = name == null ? "-" + a.charAt(j) : "--" + name;
                    String rest = a.substring(j + 1);
                    if (rest.startsWith("=")) { // -n=shop, -i=false
                        p.put(key, rest.substring(1));
                        break;
                    }
                    if (takesValue(p.verb, name)) {
                        p.put(key, !rest.isEmpty() ? rest : i + 1 < argv.size() ? argv.get(++i) : "");
                        break;
                    }
                    p.put(key, "");
                }
            } else if (p.verb == null) {
                p.verb = a;
            } else if (p.subverb == null && p.positional.isEmpty() && SUBCOMMANDS.containsKey(p.verb)
                    && (SUBCOMMANDS.get(p.verb) == null || SUBCOMMANDS.get(p.verb).contains(a))) {
                p.subverb = a;
            } else {
                p.positional.add(a);
            }
        }
        p.namespace = p.last("namespace");
        target(p);
        return p;
    }

    /** Fills in the resource, name and, for {@code kubectl cp}, the namespace. */
    private static void target(Parsed p) {
        String verb = p.verb;
        if (verb == null) {
            return;
        }
        List<String> args = p.dashDash < 0 ? p.positional : p.positional.subList(0, p.dashDash);
        if (TYPED_VERBS.contains(verb)) {
            if (verb.equals("explain")) {
                p.resource = args.isEmpty() ? null : canonicalList(args.get(0));
            } else if (!SUBCOMMANDS.containsKey(verb) || p.subverb != null) {
                typed(p, args);
            }
        } else if (POD_VERBS.contains(verb) || NODE_VERBS.contains(verb) || verb.equals("run")) {
            String type = NODE_VERBS.contains(verb) ? "nodes" : "pods";
            if (!args.isEmpty() && args.get(0).contains("/") && !verb.equals("run")) {
                typed(p, args);
            } else {
                p.resource = type;
                p.name = !args.isEmpty() ? args.get(0) : verb.equals("exec") ? p.last("pod") : null;
            }
        } else if (verb.equals("cp")) {
            p.resource = "pods";
            for (String a : args) {
                int colon = a.indexOf(':');
                if (colon > 0) {
                    String pod = a.substring(0, colon);
                    int slash = pod.indexOf('/');
                    if (slash >= 0) {
                        p.namespace = pod.substring(0, slash);
                        pod = pod.substring(slash + 1);
                    }
                    p.name = pod.isEmpty() ? null : pod;
                    break;
                }
            }
        } else if (verb.equals("create") && p.subverb != null) {
            p.resource = p.subverb.equals("token") ? "serviceaccounts" : canonical(p.subverb);
            List<String> rest = args;
            if (!rest.isEmpty() && (p.subverb.equals("secret") || p.resource.equals("services"))) {
                rest = rest.subList(1, rest.size()); // the secret's or Service's type: generic, tls, clusterip...
            }
            p.name = rest.isEmpty() ? null : rest.get(0);
        } else if (verb.equals("events")) {
            p.resource = "events";
        }
    }

    /** TYPE NAME..., TYPE1,TYPE2 NAME or TYPE/NAME... */
    private static void typed(Parsed p, List<String> args) {
        if (args.isEmpty()) {
            return;
        }
        String first = args.get(0);
        if (first.contains("/") && !first.contains("=")) {
            Set<String> types = new LinkedHashSet<>();
            for (String a : args) {
                int slash = a.indexOf('/');
                if (slash <= 0 || a.contains("=")) {
                    break;
                }
                types.add(canonical(a.substring(0, slash)));
                if (p.name == null && slash + 1 < a.length()) {
                    p.name = a.substring(slash + 1);
                }
            }
            p.resource = types.isEmpty() ? null : String.join(",", types);
        } else if (!first.contains("=")) {
            p.resource = canonicalList(first);
            if (args.size() > 1 && !args.get(1).contains("=") && !args.get(1).contains("/")) {
                p.name = args.get(1);
            }
        }
    }
}
