package dev.aiops.cli;

import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.core.llm.StreamEvent;
import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.ReportJson;
import dev.langchain4j.data.message.UserMessage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code aiops diagnose --explain}: a short narrative of a finished report from the configured model, streamed as
 * it is written, through the gateway with the versioned {@code diagnosis.explain} prompt. The report is what the
 * model sees (already redacted, and anonymised with {@code --anonymize}); the diagnosis never depends on it.
 */
final class Explainer {

    static final String PROMPT = "diagnosis.explain";

    private final LlmSettings settings;
    private final Map<String, String> env;

    private Explainer(LlmSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = env;
    }

    /** @throws dev.aiops.core.llm.LlmNotConfiguredException with the one sentence on how to configure a model */
    static Explainer configured(Map<String, String> env) {
        return new Explainer(LlmSettings.require(env, LlmSettings.defaultConfigFile(env)), env);
    }

    /** Streams the explanation to {@code out}; returns false (after saying why on {@code err}) when it failed. */
    boolean explain(DiagnosisReport report, PrintWriter out, PrintWriter err) {
        Prompt prompt = PromptRegistry.fromClasspath().get(PROMPT);
        Prompt.Rendered text = prompt.render(Map.of("report_json", ReportJson.toPrettyString(report),
                "audience", "on-call SRE"));
        Object maxOut = prompt.modelHints().get("maxOutputTokens");
        LlmCall call = new LlmCall("diagnostics", UUID.randomUUID().toString(), text.ref(),
                List.of(UserMessage.from(text.text())), List.of(),
                maxOut instanceof Number n ? n.intValue() : null, prompt.temperature());
        try (ConfiguredModel model = ConfiguredModel.open(env, settings)) {
            LlmGateway gateway = model.gateway;
            out.println();
            out.println("Explanation (" + settings.model() + ", prompt " + PROMPT + " " + prompt.version() + "):");
            out.flush();
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            gateway.stream(call).subscribe(new Flow.Subscriber<>() {
                Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(StreamEvent event) {
                    if (event instanceof StreamEvent.TextDelta t) {
                        out.print(t.text());
                        out.flush();
                    }
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable t) {
                    failure.set(t);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            done.await();
            out.println();
            out.flush();
            if (failure.get() != null) {
                err.println("aiops diagnose: the explanation failed: " + failure.get().getMessage());
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
