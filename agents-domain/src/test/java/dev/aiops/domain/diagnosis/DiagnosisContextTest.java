package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.context.ContextAssembler;
import dev.aiops.core.context.Conversation;
import dev.aiops.core.llm.ModelCatalog;
import dev.aiops.core.llm.ModelInfo;
import dev.aiops.core.llm.TokenCounter;
import dev.aiops.infra.k8s.SnapshotReader;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A diagnosis report injected into a model request through the standard context mechanism. */
class DiagnosisContextTest {

    @Test
    void theReportIsInjectedAfterTheSystemPromptAndBeforeTheConversation() {
        DiagnosisReport report = Diagnoser.standard().diagnose(
                SnapshotReader.read(TestResources.resource("samples/crashloop-missing-configmap-key/dump")),
                Set.of(), Set.of());
        ModelInfo model = ModelCatalog.builtIn().lookup("gpt-4o-mini");
        TokenCounter counter = TokenCounter.forModel(model);
        ContextAssembler.Assembled a = ContextAssembler.builder(model, counter).system("You are on call.")
                .provider(DiagnosisContext.provider(() -> report, 10, 4_000)).build()
                .assemble(new Conversation(counter).add(UserMessage.from("why is library down?")), List.of(), null);

        assertThat(a.messages().get(0)).isEqualTo(SystemMessage.from("You are on call."));
        String context = ((SystemMessage) a.messages().get(1)).text();
        assertThat(context).contains("### Diagnosis of dump").contains("LATE_FEE_POLICY");
        assertThat(a.messages().get(2)).isEqualTo(UserMessage.from("why is library down?"));
        assertThat(DiagnosisContext.provider(() -> null, 1, 10).provide("q")).isEmpty();
    }
}
