package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsAndShowsThePackagedPrompts() {
        CliRun list = CliRun.run("prompts", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("oncall.system", "1.0.0", "diagnosis.explain", "conversation.summarize");

        CliRun show = CliRun.run("prompts", "show", "diagnosis.explain");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("diagnosis.explain 1.0.0  sha256:", "{{report_json}} string, required",
                "Use only what the report says");

        CliRun missing = CliRun.run("prompts", "show", "nope");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no prompt 'nope'");
    }

    @Test
    void checkPassesForThePackagedPromptsAndFailsOnAnUnbumpedEdit() throws Exception {
        assertThat(CliRun.run("prompts", "check").exit()).isZero();

        Path p = dir.resolve("x.md");
        Files.writeString(p, "---\nid: t.x\nversion: 1.0.0\ndescription: d\n---\nbody\n");
        CliRun lock = CliRun.run("prompts", "lock", "--dir", dir.toString());
        assertThat(lock.exit()).isZero();
        assertThat(Files.readString(dir.resolve("prompts.lock"))).contains("t.x 1.0.0 ");
        assertThat(CliRun.run("prompts", "check", "--dir", dir.toString()).exit()).isZero();

        Files.writeString(p, "---\nid: t.x\nversion: 1.0.0\ndescription: d\n---\nedited body\n");
        CliRun check = CliRun.run("prompts", "check", "--dir", dir.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("the text changed but the version did not");
        CliRun relock = CliRun.run("prompts", "lock", "--dir", dir.toString());
        assertThat(relock.exit()).as("lock refuses to paper over an unbumped edit").isEqualTo(1);

        Files.writeString(p, "---\nid: t.x\nversion: 1.0.1\ndescription: d\n---\nedited body\n");
        assertThat(CliRun.run("prompts", "check", "--dir", dir.toString()).exit()).isEqualTo(1);
        assertThat(CliRun.run("prompts", "lock", "--dir", dir.toString()).exit()).isZero();
        assertThat(CliRun.run("prompts", "check", "--dir", dir.toString()).exit()).isZero();
    }

    @Test
    void aBrokenPromptIsAnInputError() throws Exception {
        Files.writeString(dir.resolve("bad.md"), "no front matter");
        CliRun r = CliRun.run("prompts", "list", "--dir", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.md: must start with YAML front matter");
    }
}
