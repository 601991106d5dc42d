package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Why admission rejected the pods a controller tried to create, read from its FailedCreate message: a missing
 * service account, PriorityClass or RuntimeClass, a LimitRange, PodSecurity, an admission webhook that denies or
 * cannot be called, or a pod template the API server finds invalid. Quotas are {@link QuotaRejection}'s.
 */
final class AdmissionRejection {

    private static final Pattern SERVICE_ACCOUNT = Pattern.compile("serviceaccount \"([^\"]+)\" not found");
    private static final Pattern POD_SECURITY = Pattern.compile("violates PodSecurity \"([^\"]+)\": (.+)$");
    private static final Pattern WEBHOOK_DENIED = Pattern.compile("admission webhook \"([^\"]+)\" denied the request:? ?(.*)$");
    private static final Pattern WEBHOOK_FAILED = Pattern.compile("failed calling webhook \"([^\"]+)\": (.+)$");
    private static final Pattern LIMIT_RANGE = Pattern.compile(
            "((?:maximum|minimum) (?:cpu|memory|storage|ephemeral-storage) usage per (?:Container|Pod|"
                    + "PersistentVolumeClaim) is [^,\\]]+, but (?:limit|request) is [^,\\]]+|(?:cpu|memory) max limit to"
                    + " request ratio per (?:Container|Pod) is [^,\\]]+, but provided ratio is [^,\\]]+)");
    private static final Pattern PRIORITY_CLASS = Pattern.compile("no PriorityClass with name (\\S+) was found");
    private static final Pattern RUNTIME_CLASS = Pattern.compile("RuntimeClass \"([^\"]+)\" not found");
    private static final Pattern INVALID = Pattern.compile("is invalid: (.+)$");

    private AdmissionRejection() {
    }

    /** The cause {@code message} gives for rejecting pods of a controller in {@code namespace}, in one sentence. */
    static String cause(ClusterIndex index, String namespace, String message) {
        Matcher m = SERVICE_ACCOUNT.matcher(message);
        if (m.find()) return "ServiceAccount " + m.group(1) + " does not exist in namespace " + namespace;
        m = POD_SECURITY.matcher(message);
        if (m.find()) {
            return "PodSecurity admission enforces \"" + m.group(1) + "\" in namespace " + namespace
                    + " and rejects the pods: " + m.group(2);
        }
        m = WEBHOOK_DENIED.matcher(message);
        if (m.find()) {
            return "admission webhook " + m.group(1) + " denies the pods" + (m.group(2).isBlank() ? "" : ": " + m.group(2));
        }
        m = WEBHOOK_FAILED.matcher(message);
        if (m.find()) {
            return "admission webhook " + m.group(1) + " cannot be called (" + m.group(2)
                    + "), and its failurePolicy Fail rejects every pod";
        }
        m = LIMIT_RANGE.matcher(message);
        List<String> limits = new ArrayList<>();
        while (m.find()) limits.add(m.group(1));
        if (!limits.isEmpty()) {
            List<String> names = index.snapshot().objects("LimitRange", namespace).stream().map(K8s::name).toList();
            return (names.isEmpty() ? "a LimitRange" : "LimitRange " + String.join(", ", names)) + " in namespace "
                    + namespace + " rejects the pods: " + String.join("; ", limits);
        }
        m = PRIORITY_CLASS.matcher(message);
        if (m.find()) return "PriorityClass " + m.group(1) + " does not exist";
        m = RUNTIME_CLASS.matcher(message);
        if (m.find()) return "RuntimeClass " + m.group(1) + " does not exist";
        m = INVALID.matcher(message);
        if (m.find()) return "the API server finds the pod template invalid: " + m.group(1);
        return message;
    }
}
