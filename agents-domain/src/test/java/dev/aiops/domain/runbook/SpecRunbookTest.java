package dev.aiops.domain.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.spec.SpecRead;
import dev.aiops.domain.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runbooks from the example specs, compared with golden files. After an intended change, regenerate them with
 * {@code ./mvnw -pl agents-domain test -Dtest=SpecRunbookTest -Daiops.golden.update=true} and review the diff.
 */
class SpecRunbookTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "runbooks", "golden");

    private static SpecRunbook runbook(String spec, String env) {
        String file = "examples/specs/" + spec + ".yaml";
        SpecRead read = SpecReader.read(Path.of("..").resolve(file));
        assertThat(read.problems()).as(file).isEmpty();
        return SpecRunbook.generate(read.spec(), env, file);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"web-service, production", "web-service, dev", "postgres, production"})
    void matchesItsGoldenFile(String spec, String env) throws IOException {
        String markdown = SpecRunbookText.markdown(runbook(spec, env));
        Path golden = GOLDEN.resolve(spec + "-" + env + ".md");
        if (Boolean.getBoolean("aiops.golden.update")) Files.writeString(golden, markdown);

        assertThat(markdown).isEqualTo(Files.readString(golden));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"web-service, production", "postgres, staging"})
    void everyCommandIsUnderstoodAndEveryChangeHasARollbackPlan(String spec, String env) {
        SpecRunbook rb = runbook(spec, env);

        for (SpecRunbook.Procedure p : rb.procedures()) {
            for (Runbook.Step s : p.steps()) {
                if (s.command() == null) continue;
                String cls = RunbookMarkdown.classOf(s.command());
                assertThat(cls).as(s.command()).doesNotStartWith("unknown");
                if (!cls.startsWith("read-only")) {
                    assertThat(p.rollback()).as("%s changes something: %s", p.name(), s.command()).isNotEmpty();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"web-service"})
    void theIrreversibleMigrationIsAPointOfNoReturnInTheDeployAndItsRollback(String spec) {
        SpecRunbook rb = runbook(spec, "production");
        SpecRunbook.Procedure deploy = rb.procedures().get(0);

        assertThat(deploy.steps()).anySatisfy(s -> assertThat(s.description())
                .contains("0043-drop-orders-legacy-total", "IRREVERSIBLE", "Take a backup first"));
        assertThat(deploy.rollback()).anySatisfy(s -> assertThat(s.description())
                .contains("0043-drop-orders-legacy-total cannot be reverted", "restored from the backup"));
        assertThat(deploy.rollback()).extracting(Runbook.Step::command)
                .contains("kubectl rollout undo deployment/orders-api -n orders");
    }
}
