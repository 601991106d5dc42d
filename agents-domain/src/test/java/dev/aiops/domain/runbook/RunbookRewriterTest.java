package dev.aiops.domain.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A model's rewrite is used only when every command and heading comes back exactly as it was. */
class RunbookRewriterTest {

    private static final String ORIGINAL = """
            # Runbook: web in production

            ## Deploy

            1. Record the revision
               ```bash
               kubectl rollout history deployment/web -n shop
               ```
            2. Apply
               ```bash
               kubectl apply -f rendered/production -n shop
               ```

            ### Rollback: Deploy

            1. Undo
               ```bash
               kubectl rollout undo deployment/web -n shop
               ```
            """;

    @Test
    void proseMayChangeWhenCommandsAndHeadingsStay() {
        String rewritten = ORIGINAL.replace("Record the revision", "First note which revision runs now, so you can"
                + " go back to it").replace("Undo", "If it goes wrong, undo the rollout");

        assertThat(RunbookRewriter.check(ORIGINAL, rewritten)).isNull();
    }

    @Test
    void anAddedCommandIsRefused() {
        String rewritten = ORIGINAL.replace("""
                   kubectl apply -f rendered/production -n shop
                """, """
                   kubectl delete pods --all -n shop
                   kubectl apply -f rendered/production -n shop
                """);

        assertThat(RunbookRewriter.check(ORIGINAL, rewritten)).contains("added or edited [kubectl delete pods --all -n shop]");
    }

    @Test
    void anEditedCommandIsRefused() {
        String rewritten = ORIGINAL.replace("rollout undo deployment/web -n shop", "rollout undo deployment/web -n shop"
                + " --to-revision=1");

        assertThat(RunbookRewriter.check(ORIGINAL, rewritten)).contains("added or edited").contains("--to-revision=1");
    }

    @Test
    void aDroppedOrReorderedCommandIsRefused() {
        String dropped = ORIGINAL.replace("""
                   ```bash
                   kubectl rollout history deployment/web -n shop
                   ```
                """, "");
        int a = ORIGINAL.indexOf("kubectl rollout history");
        String swapped = ORIGINAL.replace("kubectl rollout history deployment/web -n shop", "@@")
                .replace("kubectl apply -f rendered/production -n shop", "kubectl rollout history deployment/web -n shop")
                .replace("@@", "kubectl apply -f rendered/production -n shop");

        assertThat(a).isPositive();
        assertThat(RunbookRewriter.check(ORIGINAL, dropped)).contains("dropped [kubectl rollout history");
        assertThat(RunbookRewriter.check(ORIGINAL, swapped)).contains("reordered them");
    }

    @Test
    void aDroppedHeadingIsRefused() {
        assertThat(RunbookRewriter.check(ORIGINAL, ORIGINAL.replace("### Rollback: Deploy", "Rollback")))
                .contains("dropped the headings [### Rollback: Deploy]");
    }
}
