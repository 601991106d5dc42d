package dev.aiops.cli;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import dev.aiops.infra.k8s.SnapshotReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where {@code aiops diagnose} gets cluster state: a snapshot on disk, a live cluster, or the embedded demo. */
class SnapshotSources {

    private final Map<String, String> env;

    SnapshotSources(Map<String, String> env) {
        this.env = env;
    }

    ClusterSnapshot dump(Path path) {
        return SnapshotReader.read(path);
    }

    ClusterSnapshot demo() {
        throw new SnapshotException("the embedded demo cluster is not available in this build");
    }

    ClusterSnapshot live(String context, List<String> namespaces) {
        throw new SnapshotException("reading a live cluster is not available in this build");
    }
}
