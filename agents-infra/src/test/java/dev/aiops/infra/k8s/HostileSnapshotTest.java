package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Snapshots built to break the reader: wrong types, odd files, files too large. Each costs only what it spoils. */
class HostileSnapshotTest {

    private static final String GOOD_POD = """
            {"metadata":{"name":"api-1","namespace":"shop","labels":{"app":"api"}},
             "status":{"containerStatuses":[{"name":"api","restartCount":3,"ready":true}]}}""";

    /** A dump whose shop/pods.json holds a good pod and {@code pod}, and a node so the dump is never empty. */
    private static Path dumpWith(Path dir, String pod) throws IOException {
        Files.createDirectories(dir.resolve("shop"));
        Files.writeString(dir.resolve("nodes.json"), "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":{\"name\":\"n1\"}}]}");
        Files.writeString(dir.resolve("shop/pods.json"), "{\"kind\":\"PodList\",\"items\":[" + GOOD_POD + "," + pod + "]}");
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            label array      | "labels":{"app":["a","b"]}                                    | /metadata/labels/app is an array, expected a string
            label key slash  | "labels":{"app.kubernetes.io/name":{"x":1}}                   | /metadata/labels/app.kubernetes.io~1name is an object, expected a string
            restarts text    | "restartCount":"abc"                                          | /status/containerStatuses/0/restartCount is a string ("abc"), expected a whole number from 0 to 2147483647
            restarts 1e40    | "restartCount":1e40                                           | /status/containerStatuses/0/restartCount is 1.0E40, out of range for a whole number from 0 to 2147483647
            restarts null    | "restartCount":null                                           | /status/containerStatuses/0/restartCount is null, expected a whole number from 0 to 2147483647
            restarts -5      | "restartCount":-5                                             | /status/containerStatuses/0/restartCount is -5, out of range for a whole number from 0 to 2147483647
            ready as text    | "restartCount":0,"ready":"yes"                                | /status/containerStatuses/0/ready is a string ("yes"), expected true or false
            statuses object  | "containerStatuses":{"api":{}}                                | /status/containerStatuses is an object, expected an array
            """)
    void skipsAnObjectWithAWrongFieldNamingFileObjectAndPointer(String name, String field, String expected,
                                                                 @TempDir Path dir) throws IOException {
        String pod = "{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\"%s},\"status\":{%s}}";
        boolean metadata = field.startsWith("\"labels\"");
        String status = field.startsWith("\"containerStatuses\"") ? field
                : "\"containerStatuses\":[{\"name\":\"web\"," + field + "}]";
        ClusterSnapshot s = SnapshotReader.read(dumpWith(dir, String.format(pod, metadata ? "," + field : "",
                metadata ? "" : status)));

        assertThat(s.objects("Pod")).extracting(K8s::name).containsExactly("api-1");
        assertThat(s.warnings()).singleElement().hasToString("shop/pods.json: pod shop/web-1: " + expected
                + "; object skipped");
    }

    @Test
    void namesTheSameFirstWrongValueWhetherTheFileIsStreamedJsonOrAYamlTree(@TempDir Path dir) throws IOException {
        String pod = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\","
                + "\"labels\":{\"tier\":\"web\",\"app\":7}},\"spec\":{\"containers\":[{\"name\":\"web\","
                + "\"ports\":[{\"containerPort\":-1}]}]},\"status\":{\"phase\":[]}}";
        Files.writeString(dir.resolve("pods.json"), "{\"kind\":\"List\",\"items\":[" + pod + "," + GOOD_POD
                .replace("{\"metadata\"", "{\"kind\":\"Pod\",\"metadata\"") + "]}");
        // JSON is valid YAML: the same list read as a tree
        Files.writeString(dir.resolve("pods.yaml"), Files.readString(dir.resolve("pods.json")));

        ClusterSnapshot json = SnapshotReader.read(dir.resolve("pods.json"));
        ClusterSnapshot yaml = SnapshotReader.read(dir.resolve("pods.yaml"));

        String expected = "pod shop/web-1: /metadata/labels/app is a number (7), expected a string; object skipped";
        assertThat(json.warnings()).extracting(SnapshotWarning::reason).containsExactly(expected);
        assertThat(yaml.warnings()).extracting(SnapshotWarning::reason).containsExactly(expected);
        assertThat(json.objects("Pod")).extracting(K8s::name).containsExactly("api-1");
        assertThat(yaml.objects("Pod")).extracting(K8s::name).containsExactly("api-1");
    }

    @Test
    void skipsItemsThatCannotBeNamedOrAreNotObjectsSayingWhereTheyAre(@TempDir Path dir) throws IOException {
        dumpWith(dir, "{\"metadata\":{\"name\":12345}},{\"metadata\":{}},7,\"x\"");
        Files.writeString(dir.resolve("things.json"), "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":\"a\"}}]}");

        ClusterSnapshot s = SnapshotReader.read(dir);

        assertThat(s.objects("Pod")).extracting(K8s::name).containsExactly("api-1");
        assertThat(s.warnings()).extracting(SnapshotWarning::toString).containsExactly(
                "shop/pods.json: items[1]: /metadata/name is a number (12345), expected a string; object skipped",
                "shop/pods.json: items[2] has no metadata.name; object skipped",
                "shop/pods.json: items[3] is a number (7), expected a Kubernetes object; object skipped",
                "shop/pods.json: items[4] is a string (\"x\"), expected a Kubernetes object; object skipped",
                "things.json: items[0] (a) has no kind, and the file name does not say one; object skipped");
    }

    @Test
    void warnsAboutEmptyFilesAndItemsThatAreNotAList(@TempDir Path dir) throws IOException {
        dumpWith(dir, GOOD_POD.replace("api-1", "api-2"));
        Files.writeString(dir.resolve("shop/services.json"), "");
        Files.writeString(dir.resolve("shop/events.json"), " \n ");
        Files.writeString(dir.resolve("shop/deployments.json"), "{\"kind\":\"DeploymentList\",\"items\":\"oops\"}");
        Files.writeString(dir.resolve("shop/jobs.yaml"), "---\n");

        ClusterSnapshot s = SnapshotReader.read(dir);

        assertThat(s.objects("Pod")).hasSize(2);
        assertThat(s.warnings()).extracting(SnapshotWarning::toString).containsExactly(
                "shop/deployments.json: 'items' is a string (\"oops\"), expected an array of Kubernetes objects;"
                        + " file skipped",
                "shop/events.json: empty: no JSON value in it, only white space; file skipped",
                "shop/jobs.yaml: empty: no YAML document in it; file skipped",
                "shop/services.json: empty file (0 bytes); file skipped");
    }

    @Test
    void namesAFileOfRandomBytesInOneSentence(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[4096];
        new Random(16).nextBytes(bytes);
        Path yaml = Files.write(dir.resolve("random.bin"), bytes);
        Path json = Files.write(dir.resolve("random.json"), bytes);

        assertThatThrownBy(() -> SnapshotReader.read(yaml)).isInstanceOf(SnapshotException.class)
                .hasMessageMatching(".*random\\.bin: not a Kubernetes JSON or YAML file: byte \\d+ \\(0x[0-9A-F]{2}\\)"
                        + " is not UTF-8 text \\(is it a binary file\\?\\)");
        assertThatThrownBy(() -> SnapshotReader.read(json)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("random.json: not valid JSON");
    }

    @Test
    void refusesADeviceAndSkipsAFifoInAFolderWithoutBlocking(@TempDir Path dir) throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "needs /dev/zero");
        dumpWith(dir, GOOD_POD.replace("api-1", "api-2"));
        Path fifo = dir.resolve("shop/services.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "needs mkfifo");

        assertThatThrownBy(() -> SnapshotReader.read(zero)).isInstanceOf(SnapshotException.class)
                .hasMessage("/dev/zero: not a regular file (a FIFO, device or socket); give a dump folder or a JSON or"
                        + " YAML file");
        assertThatThrownBy(() -> SnapshotReader.read(fifo)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("services.json: not a regular file");
        ClusterSnapshot s = SnapshotReader.read(dir);
        assertThat(s.objects("Pod")).hasSize(2);
        assertThat(s.warnings()).extracting(SnapshotWarning::toString).containsExactly("shop/services.json: not a"
                + " regular file (a FIFO, device, socket or broken link); file skipped");
    }

    @Test
    void skipsAFileOverTheSizeLimitAndSaysHowToRaiseIt(@TempDir Path dir) throws IOException {
        dumpWith(dir, GOOD_POD.replace("api-1", "api-2"));
        Files.writeString(dir.resolve("shop/services.json"), "{\"kind\":\"ServiceList\",\"items\":[" + " ".repeat(3000)
                + "]}");

        ClusterSnapshot s = SnapshotReader.read(dir, ReadLimits.defaults().withMaxFileBytes(2048));

        assertThat(s.objects("Pod")).hasSize(2);
        assertThat(s.warnings()).extracting(SnapshotWarning::toString).containsExactly("shop/services.json: is 3033"
                + " bytes, over the 2048 bytes limit for one JSON or YAML file (raise it with --max-file-size or"
                + " -Daiops.dump.maxFileSize); file skipped");
        assertThatThrownBy(() -> SnapshotReader.read(dir.resolve("shop/services.json"), new ReadLimits(2048, 2048)))
                .hasMessageContaining("services.json: is 3033 bytes, over the 2048 bytes limit");
    }

    @Test
    void keepsTheNewestPartOfALogOverTheLimitAndSaysHowManyBytesWereDropped(@TempDir Path dir) throws IOException {
        dumpWith(dir, GOOD_POD.replace("api-1", "api-2"));
        StringBuilder log = new StringBuilder("==== START logs for container api of pod shop/api-1 ====\n");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) lines.add(String.format("line %04d", i));
        lines.forEach(l -> log.append(l).append("\r\n"));
        log.append("==== END logs for container api of pod shop/api-1 ====\n");
        Files.createDirectories(dir.resolve("shop/api-1"));
        Files.writeString(dir.resolve("shop/api-1/logs.txt"), log);

        ClusterSnapshot s = SnapshotReader.read(dir, ReadLimits.defaults().withMaxLogBytes(2000));

        List<String> kept = s.logs("shop", "api-1").get("api");
        assertThat(kept).isNotEmpty().endsWith("line 0999");
        assertThat(lines).endsWith(kept.toArray(String[]::new));
        int dropped = log.indexOf(kept.get(0));
        assertThat(log.length() - dropped).isLessThanOrEqualTo(2000).isGreaterThan(2000 - 11);
        assertThat(s.warnings()).extracting(SnapshotWarning::toString).containsExactly("shop/api-1/logs.txt: is "
                + ReadLimits.describe(log.length()) + ", over the 2000 bytes limit for a log file (raise it with --max-log-size or"
                + " -Daiops.dump.maxLogSize): its first " + dropped + " bytes were dropped and its newest lines kept");
    }

    @Test
    void readsALogWithBytesThatAreNotUtf8AsReplacementCharacters(@TempDir Path dir) throws IOException {
        dumpWith(dir, GOOD_POD.replace("api-1", "api-2"));
        Files.createDirectories(dir.resolve("shop/api-1"));
        byte[] head = "==== START logs for container api of pod shop/api-1 ====\nstarted\ncaf".getBytes(StandardCharsets.UTF_8);
        byte[] tail = " ready \u00e9\n==== END logs for container api of pod shop/api-1 ====\n".getBytes(StandardCharsets.UTF_8);
        byte[] log = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, log, 0, head.length);
        log[head.length] = (byte) 0xE9;
        System.arraycopy(tail, 0, log, head.length + 1, tail.length);
        Files.write(dir.resolve("shop/api-1/logs.txt"), log);

        ClusterSnapshot s = SnapshotReader.read(dir);

        assertThat(s.logs("shop", "api-1").get("api")).containsExactly("started", "caf\ufffd ready \u00e9");
        assertThat(s.warnings()).extracting(SnapshotWarning::toString).containsExactly(
                "shop/api-1/logs.txt: 1 byte is not UTF-8 (the first on line 3); shown as U+FFFD");
    }

    @Test
    void readsSizesAsPeopleWriteThem() {
        assertThat(ReadLimits.parseSize("4096")).isEqualTo(4096);
        assertThat(ReadLimits.parseSize("512k")).isEqualTo(512L << 10);
        assertThat(ReadLimits.parseSize("64MiB")).isEqualTo(64L << 20);
        assertThat(ReadLimits.parseSize(" 1g ")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> ReadLimits.parseSize("lots")).hasMessage("'lots' is not a size (write it like 4096,"
                + " 512k, 64m or 1g)");
        assertThatThrownBy(() -> ReadLimits.parseSize("0")).hasMessageContaining("between 1 byte");
        assertThat(ReadLimits.describe(ReadLimits.DEFAULT_MAX_FILE_BYTES)).isEqualTo("256 MiB");
        assertThat(ReadLimits.describe(1)).isEqualTo("1 byte");
    }
}
