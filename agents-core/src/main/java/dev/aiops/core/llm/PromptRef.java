package dev.aiops.core.llm;

import java.util.Objects;

/**
 * Which version-controlled prompt a call was built from; logged and traced with every model call.
 *
 * @param id      the prompt's id ({@code oncall.system})
 * @param version its semantic version
 * @param hash    the SHA-256 of its file, as in {@code prompts/prompts.lock}
 */
public record PromptRef(String id, String version, String hash) {

    /** For calls not built from a prompt file (tests, ad-hoc questions). */
    public static final PromptRef NONE = new PromptRef("none", "0.0.0", "");

    public PromptRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(hash, "hash");
    }
}
