package dev.aiops.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptLockTest {

    static final Path PROMPTS = Path.of("..", "prompts");

    @TempDir
    Path dir;

    /** The build's guard: a prompt in prompts/ whose text changed without a version bump fails here. */
    @Test
    void everyPromptOfTheProjectMatchesItsLock() {
        List<String> problems = PromptLock.check(PromptRegistry.fromDirectory(PROMPTS),
                PromptLock.read(PROMPTS.resolve(PromptRegistry.LOCK_FILE)));
        assertThat(problems).as("prompts/ against prompts/prompts.lock").isEmpty();
    }

    String prompt(String version, String body) {
        return "---\nid: t.p\nversion: " + version + "\ndescription: d\n---\n" + body + "\n";
    }

    List<String> checkAfter(String version, String body) throws Exception {
        Files.writeString(dir.resolve("p.md"), prompt("1.0.0", "original"));
        PromptLock.write(PromptRegistry.fromDirectory(dir), dir.resolve("prompts.lock"));
        Files.writeString(dir.resolve("p.md"), prompt(version, body));
        return PromptLock.check(PromptRegistry.fromDirectory(dir), PromptLock.read(dir.resolve("prompts.lock")));
    }

    @Test
    void aChangedTextWithoutAVersionBumpFails() throws Exception {
        assertThat(checkAfter("1.0.0", "edited")).singleElement().asString()
                .contains("t.p 1.0.0: the text changed but the version did not; bump its version");
    }

    @Test
    void aBumpedVersionNeedsARelock() throws Exception {
        assertThat(checkAfter("1.1.0", "edited")).singleElement().asString()
                .contains("version 1.1.0 is not the locked 1.0.0; run `aiops prompts lock`");
    }

    @Test
    void anUnchangedPromptPasses() throws Exception {
        assertThat(checkAfter("1.0.0", "original")).isEmpty();
    }

    @Test
    void missingAndOrphanEntriesAreReported() throws Exception {
        Files.writeString(dir.resolve("p.md"), prompt("1.0.0", "x"));
        Files.writeString(dir.resolve("prompts.lock"), "gone.prompt 1.0.0 abc gone.md\n");
        assertThat(PromptLock.check(PromptRegistry.fromDirectory(dir), PromptLock.read(dir.resolve("prompts.lock"))))
                .containsExactly("t.p: not in prompts.lock; run `aiops prompts lock`",
                        "gone.prompt: in prompts.lock but there is no such prompt");
    }
}
