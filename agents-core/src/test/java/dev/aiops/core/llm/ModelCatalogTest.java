package dev.aiops.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    @TempDir
    Path dir;

    @Test
    void aDatedModelNameFindsItsFamilyByTheLongestPrefix() {
        ModelCatalog c = ModelCatalog.builtIn();
        assertThat(c.lookup("gpt-4o-mini-2024-07-18").id()).isEqualTo("gpt-4o-mini");
        assertThat(c.lookup("gpt-4o-2024-08-06").id()).isEqualTo("gpt-4o");
        assertThat(c.lookup("gpt-4o").contextWindow()).isEqualTo(128_000);
    }

    @Test
    void anUnknownModelGetsASmallWindowAndNoPrice() {
        ModelInfo m = ModelCatalog.builtIn().lookup("my-finetune");
        assertThat(m.known()).isFalse();
        assertThat(m.contextWindow()).isEqualTo(ModelCatalog.UNKNOWN_CONTEXT_WINDOW);
        assertThat(m.cost(1_000_000, 0, 1_000_000)).isZero();
    }

    @Test
    void aUserFileAddsAndOverridesModels() throws Exception {
        Path f = dir.resolve("models.yaml");
        Files.writeString(f, """
                models:
                  - { id: gpt-4o, contextWindow: 64000, maxOutputTokens: 4096, price: { input: 1, output: 2 } }
                  - { id: corp-llm, provider: vllm, contextWindow: 32768, maxOutputTokens: 4096, tokenizer: cl100k_base, tokenizerMargin: 1.25 }
                """);
        ModelCatalog c = ModelCatalog.withUserFile(f);
        assertThat(c.lookup("gpt-4o").contextWindow()).isEqualTo(64_000);
        assertThat(c.lookup("gpt-4o").cost(1_000_000, 0, 1_000_000)).isEqualTo(3.0);
        assertThat(c.lookup("corp-llm").provider()).isEqualTo("vllm");
        assertThat(c.lookup("gpt-4o-mini").contextWindow()).isEqualTo(128_000);
    }

    @Test
    void aBrokenUserFileNamesTheEntry() throws Exception {
        Path f = dir.resolve("models.yaml");
        Files.writeString(f, "models:\n  - { id: x, contextWindow: 100, maxOutputTokens: 200 }\n  - { contextWindow: 1 }\n");
        assertThatThrownBy(() -> ModelCatalog.withUserFile(f))
                .hasMessageContaining("/models/0").hasMessageContaining("maxOutputTokens <= contextWindow")
                .hasMessageContaining("/models/1/id: missing");
    }

    @Test
    void cachedInputIsPricedAtTheCachedRate() {
        ModelInfo m = ModelCatalog.builtIn().lookup("gpt-4o");
        assertThat(m.cost(1_000_000, 1_000_000, 0)).isEqualTo(1.25);
        assertThat(m.cost(1_000_000, 0, 0)).isEqualTo(2.50);
    }

    @Test
    void tokenCountsUseTheFamilyEncodingAndTheMarginForOtherTokenizers() {
        TokenCounter openai = TokenCounter.forModel(ModelCatalog.builtIn().lookup("gpt-4o"));
        TokenCounter llama = TokenCounter.forModel(ModelCatalog.builtIn().lookup("llama3.1"));
        String text = "kubectl rollout undo deployment/payments -n prod ".repeat(50);
        assertThat(openai.encodingName()).isEqualTo("o200k_base");
        assertThat(llama.count(text)).isGreaterThan(openai.count(text));
        int base = openai.count(List.of(UserMessage.from(text)), List.of());
        assertThat(base).isEqualTo(openai.count(text) + TokenCounter.PER_MESSAGE + TokenCounter.REPLY_PRIMING);
        assertThat(openai.count(AiMessage.from("ok"))).isEqualTo(TokenCounter.PER_MESSAGE + 1);
    }
}
