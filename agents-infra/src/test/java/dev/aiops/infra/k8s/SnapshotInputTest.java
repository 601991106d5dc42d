package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link SnapshotInput} tells formats apart, and the limits it puts on archives. */
class SnapshotInputTest {

    private static final String NODES = "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":{\"name\":\"node-1\"},"
            + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}]}";

    @TempDir
    Path dir;

    private static String pods(String ns) {
        return "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"" + ns + "\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]},"
                + "\"status\":{\"phase\":\"Running\"}}]}";
    }

    private static ClusterSnapshot read(List<TarArchives.Entry> entries, Path archive, DumpArchive.Limits limits)
            throws IOException {
        return SnapshotInput.read(TarArchives.write(entries, archive, true), limits);
    }

    @Test
    void leavesOutAnEntryOverThePerFileLimitAndReadsTheRest() throws IOException {
        Path archive = dir.resolve("dump.tgz");
        // a megabyte of zeros compresses to about a kilobyte: the limit is on what an entry unpacks to
        ClusterSnapshot s = read(List.of(TarArchives.Entry.file("dump/nodes.json", NODES),
                TarArchives.Entry.file("dump/bomb/pods.json", new byte[1 << 20]),
                TarArchives.Entry.file("dump/shop/pods.json", pods("shop"))), archive,
                new DumpArchive.Limits(4 << 10, 4 << 20, 100));

        assertThat(Files.size(archive)).isLessThan(8 << 10);
        assertThat(s.warnings()).extracting(SnapshotWarning::toString).containsExactly(
                archive + ":dump/bomb/pods.json: is 1 MiB, over the limit of 4 KiB for one file: not read");
        assertThat(s.get("Pod", "shop", "web-1")).isNotNull();
        assertThat(s.get("Node", null, "node-1")).isNotNull();
        assertThat(s.source().name()).isEqualTo(archive.toString());
    }

    @Test
    void stopsWhereTheArchiveUnpacksToMoreThanTheTotalLimit() throws IOException {
        List<TarArchives.Entry> entries = new ArrayList<>();
        entries.add(TarArchives.Entry.file("nodes.json", NODES));
        for (int i = 10; i < 40; i++) entries.add(TarArchives.Entry.file("ns" + i + "/pods.json", pods("ns" + i)));
        Path archive = dir.resolve("many.tar.gz");

        ClusterSnapshot s = read(entries, archive, new DumpArchive.Limits(4 << 10, 4 << 10, 100));

        assertThat(s.warnings()).hasSize(1);
        String stop = s.warnings().get(0).toString();
        assertThat(stop).matches(Pattern.quote(archive.toString())
                + ": unpacks to more than 4 KiB: stopped at ns(\\d+)/pods.json; it and the entries after it were not read");
        int first = Integer.parseInt(stop.replaceAll(".*stopped at ns(\\d+).*", "$1"));
        assertThat(s.get("Pod", "ns" + (first - 1), "web-1")).isNotNull();
        assertThat(s.get("Pod", "ns" + first, "web-1")).isNull();
    }

    @Test
    void stopsAtTheEntryCountLimit() throws IOException {
        List<TarArchives.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) entries.add(TarArchives.Entry.file("ns" + i + "/pods.json", pods("ns" + i)));

        ClusterSnapshot s = read(entries, dir.resolve("d.tgz"), new DumpArchive.Limits(4 << 10, 1 << 20, 3));

        assertThat(s.objects("Pod")).hasSize(3);
        assertThat(s.warnings()).extracting(SnapshotWarning::reason)
                .containsExactly("more than 3 entries: stopped at ns3/pods.json; it and the entries after it were not read");
    }

    @Test
    void readsCompactValuesAndLogSectionsOfTheStreamForm() {
        // kubectl writes the end marker right after the log, on the log's last line when it has no newline
        String stream = NODES + "{\"kind\":\"ServiceList\",\"items\":[]}\n"
                + "==== START logs for container web of pod shop/web-1 ====\nlistening on :8080\nshutting down"
                + "==== END logs for container web of pod shop/web-1 ====\n"
                + pods("shop") + "\n{\n    \"kind\": \"EventList\",\n    \"items\": []\n}\n";

        ClusterSnapshot s = SnapshotInput.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), "stdin");

        assertThat(s.kinds()).containsExactly("Node", "Pod");
        assertThat(s.logs("shop", "web-1")).containsEntry("web", List.of("listening on :8080", "shutting down"));
        assertThat(s.coverage()).isEqualTo(ClusterSnapshot.Coverage.STATE);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void tellsManifestsAndEventsAloneFromAClustersState() throws IOException {
        Path manifest = Files.writeString(dir.resolve("web.yaml"), "apiVersion: apps/v1\nkind: Deployment\n"
                + "metadata: {name: web}\nspec: {replicas: 2}\nstatus: {}\n");
        Path events = Files.writeString(dir.resolve("events.json"), "{\"kind\":\"List\",\"items\":[{\"kind\":\"Event\","
                + "\"metadata\":{\"name\":\"e1\",\"namespace\":\"shop\"},\"type\":\"Warning\",\"reason\":\"BackOff\"}]}");
        Path state = Files.writeString(dir.resolve("pods.json"), pods("shop"));

        ClusterSnapshot m = SnapshotInput.read(manifest);

        assertThat(m.coverage()).isEqualTo(ClusterSnapshot.Coverage.MANIFESTS);
        assertThat(m.get("Deployment", "default", "web")).as("no namespace: default, as kubectl apply").isNotNull();
        assertThat(SnapshotInput.read(events).coverage()).isEqualTo(ClusterSnapshot.Coverage.EVENTS);
        assertThat(SnapshotInput.read(events).warnings()).extracting(SnapshotWarning::location).containsExactly(events.toString());
        assertThat(SnapshotInput.read(state).coverage()).isEqualTo(ClusterSnapshot.Coverage.STATE);
    }

    @Test
    void namesWhatIsNotAnArchive() throws IOException {
        Path empty = TarArchives.write(List.of(), dir.resolve("empty.tgz"), true);
        Path garbage = Files.write(dir.resolve("garbage.tgz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});

        assertThatThrownBy(() -> SnapshotInput.read(empty)).isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith(empty + ": no Kubernetes state in the archive");
        assertThatThrownBy(() -> SnapshotInput.read(garbage)).isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith(garbage + ": not a readable gzip archive");
    }
}
