package dev.aiops.composite.oncall;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import java.nio.file.Path;
import java.time.Clock;

/** The real descriptors and prompts of the repository, and a session store in a temporary folder. */
final class OnCallFixture {

    static final DescriptorSet DESCRIPTORS = DescriptorLoader.loadDirectory(Path.of("..", "skills"));

    final Path dir;
    final AuditLog audit;
    final SessionStore sessions;

    OnCallFixture(Path dir) {
        this.dir = dir;
        this.audit = AuditLog.appendingTo(dir.resolve("audit.jsonl"));
        this.sessions = new SessionStore(dir.resolve("sessions"), Clock.systemUTC());
    }

    OnCallAgent.Builder agent(ClusterAccess cluster, Approver approver) {
        return OnCallAgent.builder(cluster, DESCRIPTORS).audit(audit).sessions(sessions).approver(approver)
                .drafts(dir.resolve("drafts"));
    }
}
