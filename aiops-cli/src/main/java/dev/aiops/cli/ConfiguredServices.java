package dev.aiops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Which external services this deployment has, read from the environment the way users configure them. */
final class ConfiguredServices {

    private ConfiguredServices() {
    }

    static Set<String> detect(Map<String, String> env, Collection<String> explicit) {
        Set<String> out = new LinkedHashSet<>(explicit);
        String home = env.getOrDefault("HOME", "");
        if (env.containsKey("KUBECONFIG") || env.containsKey("KUBERNETES_SERVICE_HOST")
                || (!home.isEmpty() && Files.isRegularFile(Path.of(home, ".kube", "config")))) {
            out.add("kubernetes-api");
        }
        if (env.containsKey("AIOPS_LLM_BASE_URL") || env.containsKey("AIOPS_LLM_API_KEY")
                || env.containsKey("OPENAI_API_KEY")) {
            out.add("llm");
        }
        if (env.containsKey("AIOPS_PROMETHEUS_URL")) out.add("prometheus");
        if (env.containsKey("AIOPS_NOTIFY_URL")) out.add("notifications");
        return out;
    }
}
