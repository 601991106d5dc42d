package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.composite.scaling.Approvals;
import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import dev.aiops.infra.k8s.demo.DemoCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aiops scale operator --once} and {@code aiops scale approve} against the demo API server. */
class ScaleOperatorCommandTest {

    @AfterEach
    void clear() {
        System.clearProperty("kubeconfig");
    }

    @Test
    void oneReconcileAppliesWithinBoundsAndAPersonApprovesTheRest(@TempDir Path dir) throws IOException {
        try (DemoCluster cluster = DemoCluster.start()) {
            Kubeconfigs.pointAt(dir.resolve("config"), cluster.masterUrl(), "demo");
            ScalingPolicy p = new ScalingPolicy();
            p.getMetadata().setName("shop");
            p.getMetadata().setNamespace("aiops-system");
            ScalingPolicySpec s = new ScalingPolicySpec();
            ScalingPolicySpec.Target t = new ScalingPolicySpec.Target();
            t.namespace = "shop";
            s.targets.add(t);
            s.mode = ScalingPolicySpec.Mode.APPLY;
            s.applyNamespaces = List.of("shop");
            s.bounds.minConfidence = 0.0;
            p.setSpec(s);
            cluster.client().resource(p).create();
            String audit = dir.resolve("audit.jsonl").toString();

            CliRun once = CliRun.run("scale", "operator", "--context", "demo", "--once", "--port", "-1",
                    "--audit-log", audit);

            assertThat(once.exit()).as(once.err()).isZero();
            assertThat(once.out()).contains("applied  Deployment shop/catalog catalog  within the bounds",
                    "pending-approval  Deployment shop/checkout");
            Matcher m = Pattern.compile("aiops scale approve ([0-9a-f]+)").matcher(once.out());
            assertThat(m.find()).isTrue();

            CliRun approve = CliRun.run("scale", "approve", m.group(1), "--context", "demo", "--as", "jane");
            CliRun unknown = CliRun.run("scale", "approve", "feedface00", "--context", "demo");

            assertThat(approve.exit()).as(approve.err()).isZero();
            assertThat(approve.out()).contains("approved " + m.group(1) + " by jane");
            assertThat(new Approvals(cluster.client(), "aiops-system").all().get(m.group(1)).path("status").asString())
                    .isEqualTo("approved");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("no change is waiting for approval under id 'feedface00'");
        }
    }
}
