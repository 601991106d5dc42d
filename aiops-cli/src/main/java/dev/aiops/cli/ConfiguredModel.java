package dev.aiops.cli;

import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.core.llm.ModelCatalog;
import dev.aiops.core.llm.UsageLog;
import java.util.Map;

/**
 * The configured model's gateway, with the user's model catalog and the usage log in the state directory: how every
 * command that calls a model opens one. Closing it closes both.
 */
final class ConfiguredModel implements AutoCloseable {

    final LlmSettings settings;
    final LlmGateway gateway;
    private final UsageLog usage;

    private ConfiguredModel(LlmSettings settings, LlmGateway gateway, UsageLog usage) {
        this.settings = settings;
        this.gateway = gateway;
        this.usage = usage;
    }

    static ConfiguredModel open(Map<String, String> env, LlmSettings settings) {
        UsageLog usage = UsageLog.appendingTo(UsageLog.defaultFile(env));
        try {
            LlmGateway gateway = LlmGateway.openAi(settings).catalog(ModelCatalog.withUserFile(
                    LlmSettings.defaultConfigFile(env).resolveSibling("models.yaml"))).usageLog(usage).build();
            return new ConfiguredModel(settings, gateway, usage);
        } catch (RuntimeException e) {
            usage.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            usage.close();
        }
    }
}
